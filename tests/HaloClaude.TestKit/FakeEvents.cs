using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HaloClaude.Tests.TestKit;

/// <summary>Turns a <see cref="FakeMessage"/> into the Messages API's JSON answer or its SSE event sequence.</summary>
public static class FakeEvents
{
    // Claude's tool input arrives as Claude wrote it: <, >, & and ' are not escaped the way .NET's default encoder does.
    private static readonly JsonSerializerOptions ToolInputJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static JsonObject MessageJson(FakeMessage message, string id, string model) => new()
    {
        ["id"] = id,
        ["type"] = "message",
        ["role"] = "assistant",
        ["model"] = model,
        ["content"] = new JsonArray(message.Blocks.Select(BlockJson).ToArray<JsonNode?>()),
        ["stop_reason"] = message.StopReason,
        ["stop_sequence"] = null,
        ["usage"] = Usage(message, message.OutputTokens),
    };

    public static List<JsonObject> Build(FakeMessage message, string id, string model)
    {
        var events = new List<JsonObject>
        {
            new()
            {
                ["type"] = "message_start",
                ["message"] = new JsonObject
                {
                    ["id"] = id,
                    ["type"] = "message",
                    ["role"] = "assistant",
                    ["model"] = model,
                    ["content"] = new JsonArray(),
                    ["stop_reason"] = null,
                    ["stop_sequence"] = null,
                    ["usage"] = Usage(message, 1),
                },
            },
        };

        for (var index = 0; index < message.Blocks.Count; index++)
        {
            var block = message.Blocks[index];
            switch (block.Type)
            {
                case "text":
                    events.Add(Start(index, new JsonObject { ["type"] = "text", ["text"] = string.Empty }));
                    foreach (var piece in Pieces(block.Content!, message.DeltaSize))
                    {
                        events.Add(Delta(index, new JsonObject { ["type"] = "text_delta", ["text"] = piece }));
                    }

                    break;
                case "thinking":
                    events.Add(Start(index, new JsonObject { ["type"] = "thinking", ["thinking"] = string.Empty, ["signature"] = string.Empty }));
                    events.Add(Delta(index, new JsonObject { ["type"] = "thinking_delta", ["thinking"] = block.Content }));
                    events.Add(Delta(index, new JsonObject { ["type"] = "signature_delta", ["signature"] = "EqQBCgIYAhIM" }));
                    break;
                case "tool_use":
                    events.Add(Start(index, new JsonObject { ["type"] = "tool_use", ["id"] = block.Id, ["name"] = block.Name, ["input"] = new JsonObject() }));
                    events.Add(Delta(index, new JsonObject { ["type"] = "input_json_delta", ["partial_json"] = string.Empty }));
                    var json = block.Input!.Count == 0 ? string.Empty : block.Input.ToJsonString(ToolInputJson);
                    foreach (var piece in Pieces(json, message.DeltaSize))
                    {
                        events.Add(Delta(index, new JsonObject { ["type"] = "input_json_delta", ["partial_json"] = piece }));
                    }

                    break;
            }

            events.Add(new JsonObject { ["type"] = "content_block_stop", ["index"] = index });
        }

        events.Add(new JsonObject
        {
            ["type"] = "message_delta",
            ["delta"] = new JsonObject { ["stop_reason"] = message.StopReason, ["stop_sequence"] = null },
            ["usage"] = new JsonObject { ["output_tokens"] = message.OutputTokens },
        });
        events.Add(new JsonObject { ["type"] = "message_stop" });
        return events;
    }

    private static JsonObject Usage(FakeMessage message, long output) => new()
    {
        ["input_tokens"] = message.InputTokens,
        ["cache_creation_input_tokens"] = message.CacheCreationTokens,
        ["cache_read_input_tokens"] = message.CacheReadTokens,
        ["output_tokens"] = output,
    };

    private static JsonObject BlockJson(FakeBlock block) => block.Type switch
    {
        "tool_use" => new JsonObject { ["type"] = "tool_use", ["id"] = block.Id, ["name"] = block.Name, ["input"] = block.Input!.DeepClone() },
        "thinking" => new JsonObject { ["type"] = "thinking", ["thinking"] = block.Content, ["signature"] = "EqQBCgIYAhIM" },
        _ => new JsonObject { ["type"] = "text", ["text"] = block.Content },
    };

    private static JsonObject Start(int index, JsonObject block) => new() { ["type"] = "content_block_start", ["index"] = index, ["content_block"] = block };

    private static JsonObject Delta(int index, JsonObject delta) => new() { ["type"] = "content_block_delta", ["index"] = index, ["delta"] = delta };

    private static IEnumerable<string> Pieces(string text, int size)
    {
        // Split on text elements so a multi-byte character is never cut inside a JSON string (the byte-level
        // split across network reads is WriteSize's job).
        var enumerator = System.Globalization.StringInfo.GetTextElementEnumerator(text);
        var piece = new System.Text.StringBuilder();
        var count = 0;
        while (enumerator.MoveNext())
        {
            piece.Append(enumerator.GetTextElement());
            if (++count == size)
            {
                yield return piece.ToString();
                piece.Clear();
                count = 0;
            }
        }

        if (piece.Length > 0)
        {
            yield return piece.ToString();
        }
    }
}
