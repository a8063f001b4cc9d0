using System.Buffers;
using System.Net.ServerSentEvents;
using System.Text.Json;

using HaloClaude.Anthropic;
using HaloClaude.Benchmarks.Payloads;
using HaloClaude.Configuration;
using HaloClaude.OpenAi;
using HaloClaude.Translation;

namespace HaloClaude.Benchmarks.Micro;

/// <summary>The typical Halo request and answer, prepared once, and the proxy's own ways of reading and writing them.</summary>
internal sealed class Fixture
{
    public static readonly RequestLimitOptions Limits = new();

    public Fixture(bool stream)
    {
        RequestBytes = HaloPayloads.ChatRequest(stream);
        Request = ParseRequest(RequestBytes);
        Shape = RequestTranslator.Translate(Request, HaloPayloads.Model, Limits).Shape;
        AnswerSse = HaloPayloads.AnswerSse();
        Events = HaloPayloads.ParsedAnswerEvents();
    }

    public byte[] RequestBytes { get; }
    public ChatCompletionRequest Request { get; }
    public ResponseShape Shape { get; }
    public byte[] AnswerSse { get; }
    public List<StreamEvent> Events { get; }

    /// <summary>Where output goes: reused like the pooled memory of Kestrel's response pipe and of HttpClient's content.</summary>
    public ArrayBufferWriter<byte> Output { get; } = new(64 * 1024);

    public static ChatCompletionRequest ParseRequest(byte[] body) =>
        JsonSerializer.Deserialize(body, OpenAiJsonContext.Default.ChatCompletionRequest)!;

    /// <summary>The upstream SSE body read with <see cref="AnthropicEventStream"/>'s own parser (pings and unknown events skipped).</summary>
    public IEnumerable<StreamEvent> ParseAnswer()
    {
        var parser = SseParser.Create(new MemoryStream(AnswerSse, writable: false), static (eventType, data) => AnthropicEventStream.Parse(eventType, data));
        foreach (var item in parser.Enumerate())
        {
            if (item.Data is { } parsed)
            {
                yield return parsed;
            }
        }
    }
}
