using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

using HaloClaude.Agent;
using HaloClaude.Anthropic;
using HaloClaude.Configuration;
using HaloClaude.OpenAi;
using HaloClaude.Translation;

namespace HaloClaude.Benchmarks.Payloads;

/// <summary>The typical Halo click the benchmarks measure: a ~3 KB chat request (system prompt and a few turns of a
/// ticket) and a ~1.4 KB answer, as the bytes each side of the proxy sends.</summary>
public static class HaloPayloads
{
    /// <summary>The model the benchmark's deployment names (bench/run.sh sets <c>DEPLOYMENT__halo-bench</c> to it), fixed
    /// so that no retirement date changes what is measured.</summary>
    public const string Model = "claude-sonnet-4-6";

    /// <summary>Characters per <c>text_delta</c>, cut at word ends; Claude's deltas are usually a few tokens long.</summary>
    public const int DeltaChars = 24;

    public const long InputTokens = 846;
    public const long OutputTokens = 318;

    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };

    /// <summary>The Halo request as Halo sends it (no <c>stream</c>), compacted.</summary>
    public static byte[] ChatRequest(bool stream)
    {
        var node = JsonNode.Parse(Resource("halo-chat.json"))!.AsObject();
        if (stream)
        {
            node["stream"] = true;
            node["stream_options"] = new JsonObject { ["include_usage"] = true };
        }

        return Encoding.UTF8.GetBytes(node.ToJsonString(Compact));
    }

    /// <summary>The answer text Claude gives.</summary>
    public static string AnswerText() => Resource("halo-answer.md");

    /// <summary>What the proxy sends Anthropic for <see cref="ChatRequest"/>: the real translator's output (prompt caching
    /// marked, as by default), with <c>stream</c> as asked. The direct rows of the load run send this to the fake.</summary>
    public static byte[] MessagesRequest(bool stream)
    {
        var request = JsonSerializer.Deserialize(ChatRequest(stream: false), OpenAiJsonContext.Default.ChatCompletionRequest)!;
        var upstream = RequestTranslator.Translate(request, Model, new RequestLimitOptions()).Upstream;
        PromptCaching.Mark(upstream);
        upstream.Stream = stream ? true : null;
        return JsonSerializer.SerializeToUtf8Bytes(upstream, AnthropicJsonContext.Default.MessagesRequest);
    }

    /// <summary>The answer as Anthropic's SSE events (name and JSON data), in the order the API sends them.</summary>
    public static IReadOnlyList<(string Name, string Data)> AnswerEvents()
    {
        var usage = new JsonObject
        {
            ["input_tokens"] = InputTokens,
            ["cache_creation_input_tokens"] = 0,
            ["cache_read_input_tokens"] = 0,
            ["cache_creation"] = new JsonObject { ["ephemeral_5m_input_tokens"] = 0, ["ephemeral_1h_input_tokens"] = 0 },
            ["output_tokens"] = 1,
            ["service_tier"] = "standard",
        };
        var events = new List<(string, string)>
        {
            ("message_start", Json(new JsonObject
            {
                ["type"] = "message_start",
                ["message"] = new JsonObject
                {
                    ["model"] = Model,
                    ["id"] = MessageId,
                    ["type"] = "message",
                    ["role"] = "assistant",
                    ["content"] = new JsonArray(),
                    ["stop_reason"] = null,
                    ["stop_sequence"] = null,
                    ["usage"] = usage,
                },
            })),
            ("content_block_start", Json(new JsonObject
            {
                ["type"] = "content_block_start",
                ["index"] = 0,
                ["content_block"] = new JsonObject { ["type"] = "text", ["text"] = string.Empty },
            })),
            ("ping", Json(new JsonObject { ["type"] = "ping" })),
        };
        foreach (var piece in Pieces(AnswerText(), DeltaChars))
        {
            events.Add(("content_block_delta", Json(new JsonObject
            {
                ["type"] = "content_block_delta",
                ["index"] = 0,
                ["delta"] = new JsonObject { ["type"] = "text_delta", ["text"] = piece },
            })));
        }

        events.Add(("content_block_stop", Json(new JsonObject { ["type"] = "content_block_stop", ["index"] = 0 })));
        events.Add(("message_delta", Json(new JsonObject
        {
            ["type"] = "message_delta",
            ["delta"] = new JsonObject { ["stop_reason"] = "end_turn", ["stop_sequence"] = null },
            ["usage"] = new JsonObject
            {
                ["input_tokens"] = InputTokens,
                ["cache_creation_input_tokens"] = 0,
                ["cache_read_input_tokens"] = 0,
                ["output_tokens"] = OutputTokens,
            },
        })));
        events.Add(("message_stop", Json(new JsonObject { ["type"] = "message_stop" })));
        return events;
    }

    /// <summary>The answer as the SSE body of a streamed Messages call.</summary>
    public static byte[] AnswerSse()
    {
        var text = new StringBuilder();
        foreach (var (name, data) in AnswerEvents())
        {
            text.Append("event: ").Append(name).Append('\n').Append("data: ").Append(data).Append("\n\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>The answer as the JSON body of a non-streamed Messages call.</summary>
    public static byte[] AnswerJson() => Encoding.UTF8.GetBytes(Json(new JsonObject
    {
        ["model"] = Model,
        ["id"] = MessageId,
        ["type"] = "message",
        ["role"] = "assistant",
        ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = AnswerText() }),
        ["stop_reason"] = "end_turn",
        ["stop_sequence"] = null,
        ["usage"] = new JsonObject
        {
            ["input_tokens"] = InputTokens,
            ["cache_creation_input_tokens"] = 0,
            ["cache_read_input_tokens"] = 0,
            ["output_tokens"] = OutputTokens,
            ["service_tier"] = "standard",
        },
    }));

    /// <summary>The answer's events as the proxy parses them.</summary>
    public static List<StreamEvent> ParsedAnswerEvents() =>
        AnswerEvents()
            .Where(e => e.Name != "ping")
            .Select(e => JsonSerializer.Deserialize(e.Data, AnthropicJsonContext.Default.StreamEvent)!)
            .ToList();

    private const string MessageId = "msg_01XFDUDYJgAACzvnptvVoYEL";

    private static string Json(JsonObject node) => node.ToJsonString(Compact);

    private static IEnumerable<string> Pieces(string text, int size)
    {
        var start = 0;
        while (start < text.Length)
        {
            var end = Math.Min(start + size, text.Length);
            while (end < text.Length && !char.IsWhiteSpace(text[end - 1]))
            {
                end++;
            }

            yield return text[start..end];
            start = end;
        }
    }

    private static string Resource(string name)
    {
        using var stream = typeof(HaloPayloads).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The embedded payload '{name}' is missing.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
