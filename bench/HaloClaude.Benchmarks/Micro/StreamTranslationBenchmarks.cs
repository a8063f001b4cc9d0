using System.Text.Json;

using BenchmarkDotNet.Attributes;

using HaloClaude.OpenAi;
using HaloClaude.Translation;

namespace HaloClaude.Benchmarks.Micro;

/// <summary>The same answer for a streaming caller: each event turned into a <c>chat.completion.chunk</c> and written as
/// <c>data: …</c> the way the proxy's SSE writer does, with and without reading the upstream SSE first.</summary>
[MemoryDiagnoser]
public class StreamTranslationBenchmarks
{
    private readonly Fixture _fixture = new(stream: true);
    private readonly Utf8JsonWriter _writer = new(Stream.Null, new JsonWriterOptions { SkipValidation = true, Encoder = OpenAiJsonContext.AnswerEncoder });

    [Benchmark(Description = "Stream: translate + write")]
    public int TranslateWrite() => Write(_fixture.Events);

    [Benchmark(Description = "Stream: parse SSE + translate + write")]
    public int ParseTranslateWrite() => Write(_fixture.ParseAnswer());

    private int Write(IEnumerable<Anthropic.StreamEvent> events)
    {
        var translator = new StreamTranslator(_fixture.Shape, 1_767_225_600);
        var output = _fixture.Output;
        output.ResetWrittenCount();
        _writer.Reset(output);
        foreach (var item in events)
        {
            if (translator.Translate(item) is { } chunk)
            {
                WriteEvent(output, chunk);
            }

            if (item.Type == "message_stop" && _fixture.Shape.IncludeUsage)
            {
                WriteEvent(output, translator.UsageChunk());
            }
        }

        "data: [DONE]\n\n"u8.CopyTo(output.GetSpan(16));
        output.Advance(14);
        return output.WrittenCount;
    }

    private void WriteEvent(System.Buffers.IBufferWriter<byte> output, ChatCompletionChunk chunk)
    {
        "data: "u8.CopyTo(output.GetSpan(6));
        output.Advance(6);
        JsonSerializer.Serialize(_writer, chunk, OpenAiJsonContext.Default.ChatCompletionChunk);
        _writer.Flush();
        _writer.Reset(output);
        "\n\n"u8.CopyTo(output.GetSpan(2));
        output.Advance(2);
    }
}
