using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace HaloClaude.Anthropic;

/// <summary>Reads the JSON of one stream event: what <c>JsonSerializer</c> with <see cref="AnthropicJsonContext"/> reads,
/// without its cost per event.</summary>
/// <remarks>A streamed answer is one event every few tokens. The serializer allocates an array of read frames (about
/// 1 KB) for each event with a nested object, and a new string for every <c>type</c>; here the envelope and the delta are
/// read by hand, the known type names are shared strings, and the other nested objects go to the source-generated
/// serializer one level down, where they have no nesting of their own. Names, nulls, unknown members, duplicates (last
/// wins) and errors (<see cref="JsonException"/>) behave as with the serializer.</remarks>
internal static class StreamEventReader
{
    private static readonly (byte[] Utf8, string Text)[] EventTypes = Known(
        "content_block_delta", "content_block_start", "content_block_stop", "message_delta", "message_start", "message_stop", "ping", "error");

    private static readonly (byte[] Utf8, string Text)[] DeltaTypes = Known(
        "text_delta", "input_json_delta", "thinking_delta", "signature_delta", "citations_delta");

    private static readonly (byte[] Utf8, string Text)[] StopReasons = Known(
        "end_turn", "max_tokens", "stop_sequence", "tool_use", "pause_turn", "refusal", "model_context_window_exceeded");

    public static StreamEvent? Read(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        try
        {
            if (!reader.Read())
            {
                throw new JsonException("The event has no JSON value.");
            }

            var item = reader.TokenType == JsonTokenType.Null ? null : Event(ref reader);
            if (reader.Read())
            {
                throw new JsonException("The event has more than one JSON value.");
            }

            return item;
        }
        catch (InvalidOperationException ex)
        {
            // The reader's own complaints (invalid UTF-8 in a string, a value of the wrong kind), as the serializer reports them.
            throw new JsonException("The event is not valid JSON for its type.", ex);
        }
    }

    private static StreamEvent Event(ref Utf8JsonReader reader)
    {
        ExpectObject(ref reader);
        var item = new StreamEvent();
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("type"u8))
            {
                item.Type = String(ref reader, EventTypes);
            }
            else if (reader.ValueTextEquals("index"u8))
            {
                item.Index = Int(ref reader);
            }
            else if (reader.ValueTextEquals("delta"u8))
            {
                item.Delta = Delta(ref reader);
            }
            else if (reader.ValueTextEquals("content_block"u8))
            {
                item.ContentBlock = Nested(ref reader, AnthropicJsonContext.Default.ContentBlock);
            }
            else if (reader.ValueTextEquals("usage"u8))
            {
                item.Usage = Nested(ref reader, AnthropicJsonContext.Default.Usage);
            }
            else if (reader.ValueTextEquals("message"u8))
            {
                item.Message = Nested(ref reader, AnthropicJsonContext.Default.MessagesResponse);
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                item.Error = Nested(ref reader, AnthropicJsonContext.Default.ErrorDetail);
            }
            else
            {
                SkipValue(ref reader);
            }
        }

        return item;
    }

    private static StreamDelta? Delta(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        ExpectObject(ref reader);
        var delta = new StreamDelta();
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("type"u8))
            {
                delta.Type = String(ref reader, DeltaTypes);
            }
            else if (reader.ValueTextEquals("text"u8))
            {
                delta.Text = String(ref reader);
            }
            else if (reader.ValueTextEquals("partial_json"u8))
            {
                delta.PartialJson = String(ref reader);
            }
            else if (reader.ValueTextEquals("thinking"u8))
            {
                delta.Thinking = String(ref reader);
            }
            else if (reader.ValueTextEquals("signature"u8))
            {
                delta.Signature = String(ref reader);
            }
            else if (reader.ValueTextEquals("stop_reason"u8))
            {
                delta.StopReason = String(ref reader, StopReasons);
            }
            else if (reader.ValueTextEquals("stop_sequence"u8))
            {
                delta.StopSequence = String(ref reader);
            }
            else
            {
                SkipValue(ref reader);
            }
        }

        return delta;
    }

    /// <summary>Reads the property's value with the source-generated serializer.</summary>
    private static T? Nested<T>(ref Utf8JsonReader reader, JsonTypeInfo<T> type)
    {
        reader.Read();
        return JsonSerializer.Deserialize(ref reader, type);
    }

    private static void SkipValue(ref Utf8JsonReader reader)
    {
        reader.Read();
        reader.Skip();
    }

    private static void ExpectObject(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"Expected a JSON object, found {reader.TokenType}.");
        }
    }

    /// <summary>Moves to the next property name; false at the end of the object.</summary>
    private static bool NextProperty(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.PropertyName => true,
            JsonTokenType.EndObject => false,
            _ => throw new JsonException($"Expected a property name, found {reader.TokenType}."),
        };
    }

    private static string? String(ref Utf8JsonReader reader, (byte[] Utf8, string Text)[]? known = null)
    {
        reader.Read();
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String:
                foreach (var (utf8, text) in known ?? [])
                {
                    if (reader.ValueTextEquals(utf8))
                    {
                        return text;
                    }
                }

                return reader.GetString();
            default:
                throw new JsonException($"Expected a string, found {reader.TokenType}.");
        }
    }

    private static int? Int(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.Null => null,
            JsonTokenType.Number when reader.TryGetInt32(out var value) => value,
            _ => throw new JsonException($"Expected a 32-bit integer, found {reader.TokenType}."),
        };
    }

    private static (byte[] Utf8, string Text)[] Known(params string[] names) =>
        [.. names.Select(name => (System.Text.Encoding.UTF8.GetBytes(name), name))];
}
