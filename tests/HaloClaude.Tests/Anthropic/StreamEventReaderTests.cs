using System.Text;
using System.Text.Json;

using HaloClaude.Anthropic;

namespace HaloClaude.Tests.Anthropic;

/// <summary>The hand-written stream event reader reads exactly what the source-generated serializer reads.</summary>
public sealed class StreamEventReaderTests
{
    public static TheoryData<string> Events => new()
    {
        """{"type":"message_start","message":{"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-6","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":846,"cache_creation_input_tokens":0,"cache_read_input_tokens":12,"cache_creation":{"ephemeral_5m_input_tokens":0},"output_tokens":1,"service_tier":"standard"}}}""",
        """{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}""",
        """{"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_01","name":"get_ticket","input":{}}}""",
        """{"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":"","signature":""}}""",
        """{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Here is a reply you can "}}""",
        """{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\"ticket_id\": 10"}}""",
        """{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Let me check."}}""",
        """{"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"EqQBCgIYAhIM"}}""",
        """{"type":"content_block_delta","index":0,"delta":{"type":"citations_delta","citation":{"type":"char_location","cited_text":"x"}}}""",
        """{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"caf\u00e9 \ud83d\ude00 \"quoted\"\n"}}""",
        """{"type":"content_block_delta","index":0,"delta":{"type":"new_delta_kind","text":"x"}}""",
        """{"type":"content_block_stop","index":0}""",
        """{"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"input_tokens":846,"output_tokens":318,"server_tool_use":{"web_search_requests":0}}}""",
        """{"type":"message_delta","delta":{"stop_reason":"stop_sequence","stop_sequence":"###"},"usage":{"output_tokens":7}}""",
        """{"type":"message_delta","delta":{"stop_reason":"a_new_reason"},"usage":{"output_tokens":7}}""",
        """{"type":"message_stop"}""",
        """{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}""",
        """{"index":2,"type":"content_block_delta","delta":{"text":"order does not matter","type":"text_delta"}}""",
        """{"type":"content_block_delta","index":0,"index":3,"delta":{"type":"text_delta","text":"last one wins"}}""",
        """{"type":null,"index":null,"delta":null,"content_block":null,"usage":null,"message":null,"error":null}""",
        """{"type":"ping","unknown":{"nested":[1,{"deep":true}]},"other":[],"flag":false,"n":1.5}""",
        """{"t\u0079pe":"message_stop"}""",
        """  {"type":"message_stop"}  """,
        """{}""",
        """null""",
    };

    public static TheoryData<string> Malformed => new()
    {
        "",
        "   ",
        "{",
        """{"type":"message_stop"} {}""",
        """{"type":"message_stop"},""",
        """[{"type":"message_stop"}]""",
        "\"message_stop\"",
        "42",
        """{"type":5}""",
        """{"index":"0"}""",
        """{"index":1.5}""",
        """{"index":4294967296}""",
        """{"delta":"text"}""",
        """{"delta":{"text":7}}""",
        """{"delta":[]}""",
        """{"usage":{"output_tokens":"7"}}""",
        """{"content_block":{"type":"text","text":""},}""",
        """{'type':'message_stop'}""",
    };

    [Theory]
    [MemberData(nameof(Events))]
    public void An_event_reads_as_the_serializer_reads_it(string json)
    {
        var expected = JsonSerializer.Deserialize(json, AnthropicJsonContext.Default.StreamEvent);

        var actual = StreamEventReader.Read(Encoding.UTF8.GetBytes(json));

        Render(actual).ShouldBe(Render(expected));
    }

    [Theory]
    [MemberData(nameof(Malformed))]
    public void A_malformed_event_is_a_json_error_as_with_the_serializer(string json)
    {
        Should.Throw<JsonException>(() => JsonSerializer.Deserialize(json, AnthropicJsonContext.Default.StreamEvent));

        Should.Throw<JsonException>(() => StreamEventReader.Read(Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public void Invalid_utf8_in_a_string_is_a_json_error()
    {
        byte[] json = [.. """{"type":"content_block_delta","delta":{"type":"text_delta","text":"""u8, (byte)'"', 0xC3, 0x28, (byte)'"', (byte)'}', (byte)'}'];

        Should.Throw<JsonException>(() => StreamEventReader.Read(json));
    }

    [Fact]
    public void Known_type_names_are_shared_strings_rather_than_a_new_one_per_event()
    {
        var first = StreamEventReader.Read("""{"type":"content_block_delta","delta":{"type":"text_delta","text":"a"}}"""u8)!;
        var second = StreamEventReader.Read("""{"type":"content_block_delta","delta":{"type":"text_delta","text":"b"}}"""u8)!;

        ReferenceEquals(first.Type, second.Type).ShouldBeTrue();
        ReferenceEquals(first.Delta!.Type, second.Delta!.Type).ShouldBeTrue();
    }

    private static string Render(StreamEvent? item) =>
        item is null ? "null" : JsonSerializer.Serialize(item, AnthropicJsonContext.Default.StreamEvent);
}
