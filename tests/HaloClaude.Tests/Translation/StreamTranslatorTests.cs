using System.Text.Json;
using System.Text.Json.Nodes;

using HaloClaude.Anthropic;
using HaloClaude.OpenAi;
using HaloClaude.Translation;

namespace HaloClaude.Tests.Translation;

/// <summary>Mapping §6.2 on the translator itself: Anthropic events in, <c>chat.completion.chunk</c>s out, including the
/// event shapes the fake upstream never produces.</summary>
public sealed class StreamTranslatorTests
{
    private const long Created = 1_796_000_000;

    private static StreamEvent Event(string json) => JsonSerializer.Deserialize(json, AnthropicJsonContext.Default.StreamEvent)!;

    private static ResponseShape Shape(bool legacy = false, bool json = false) => new(true, true, legacy, json, new ToolNameMap());

    private static List<JsonNode> Run(ResponseShape shape, params string[] events)
    {
        var translator = new StreamTranslator(shape, Created);
        var chunks = new List<JsonNode>();
        foreach (var json in events)
        {
            if (translator.Translate(Event(json)) is { } chunk)
            {
                chunks.Add(JsonNode.Parse(JsonSerializer.Serialize(chunk, OpenAiJsonContext.Default.ChatCompletionChunk))!);
            }
        }

        chunks.Add(JsonNode.Parse(JsonSerializer.Serialize(translator.UsageChunk(), OpenAiJsonContext.Default.ChatCompletionChunk))!);
        return chunks;
    }

    private const string Start = """{"type":"message_start","message":{"id":"msg_01AbC","model":"claude-sonnet-5-5","usage":{"input_tokens":40,"cache_read_input_tokens":960,"output_tokens":1}}}""";
    private const string Stop = """{"type":"message_stop"}""";

    private static string Delta(string stopReason, int output) =>
        $$$"""{"type":"message_delta","delta":{"stop_reason":"{{{stopReason}}}"},"usage":{"output_tokens":{{{output}}}}}""";

    private static IEnumerable<JsonNode> Deltas(List<JsonNode> chunks) =>
        chunks.Where(c => c["choices"]!.AsArray().Count > 0).Select(c => c["choices"]![0]!["delta"]!);

    private static List<JsonNode> ToolCalls(List<JsonNode> chunks) =>
        Deltas(chunks).SelectMany(d => d["tool_calls"]?.AsArray() ?? []).Select(c => c!).ToList();

    [Fact]
    public void Every_chunk_shares_one_id_one_created_and_the_model_and_the_first_carries_the_role()
    {
        var chunks = Run(Shape(), Start, """{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}""",
            """{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}""", Delta("end_turn", 3), Stop);

        chunks.Select(c => c["id"]!.GetValue<string>()).Distinct().ShouldHaveSingleItem().ShouldBe("chatcmpl-01AbC");
        chunks.ShouldAllBe(c => c["created"]!.GetValue<long>() == Created);
        chunks.ShouldAllBe(c => c["model"]!.GetValue<string>() == "claude-sonnet-5-5");
        var first = chunks[0]["choices"]![0]!["delta"]!;
        first["role"]!.GetValue<string>().ShouldBe("assistant");
        first["content"]!.GetValue<string>().ShouldBe(string.Empty);
    }

    [Fact]
    public void Tool_calls_are_numbered_among_tool_calls_only_and_the_start_blocks_input_is_never_sent()
    {
        var chunks = Run(
            Shape(),
            Start,
            """{"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":""}}""",
            """{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"private"}}""",
            """{"type":"content_block_stop","index":0}""",
            """{"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}}""",
            """{"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"Checking."}}""",
            """{"type":"content_block_stop","index":1}""",
            """{"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"toolu_A","name":"get_ticket","input":{}}}""",
            """{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":""}}""",
            """{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"{\"id\":"}}""",
            """{"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"42}"}}""",
            """{"type":"content_block_stop","index":2}""",
            """{"type":"content_block_start","index":3,"content_block":{"type":"tool_use","id":"toolu_B","name":"list_statuses","input":{}}}""",
            """{"type":"content_block_stop","index":3}""",
            Delta("tool_use", 30),
            Stop);

        var calls = ToolCalls(chunks);
        calls.Select(c => c["index"]!.GetValue<int>()).Distinct().ShouldBe([0, 1]);
        calls[0]["id"]!.GetValue<string>().ShouldBe("toolu_A");
        calls[0]["function"]!["arguments"]!.GetValue<string>().ShouldBe(string.Empty);
        string.Concat(calls.Where(c => c["index"]!.GetValue<int>() == 0).Select(c => c["function"]!["arguments"]?.GetValue<string>())).ShouldBe("{\"id\":42}");
        calls.Where(c => c["index"]!.GetValue<int>() == 0).Skip(1).ShouldAllBe(c => c["id"] == null && c["type"] == null && c["function"]!["name"] == null);
        string.Concat(calls.Where(c => c["index"]!.GetValue<int>() == 1).Select(c => c["function"]!["arguments"]?.GetValue<string>())).ShouldBe("{}");
        string.Concat(Deltas(chunks).Select(d => d["content"]?.GetValue<string>())).ShouldBe("Checking.");
        chunks[^2]["choices"]![0]!["finish_reason"]!.GetValue<string>().ShouldBe("tool_calls");
    }

    [Fact]
    public void Usage_in_message_delta_is_cumulative_and_replaces_rather_than_adds()
    {
        var chunks = Run(Shape(), Start, Delta("end_turn", 5),
            """{"type":"message_delta","delta":{},"usage":{"output_tokens":12,"input_tokens":40,"cache_read_input_tokens":960}}""", Stop);

        var usage = chunks[^1]["usage"]!;
        usage["completion_tokens"]!.GetValue<long>().ShouldBe(12);
        usage["prompt_tokens"]!.GetValue<long>().ShouldBe(1000);
        usage["total_tokens"]!.GetValue<long>().ShouldBe(1012);
        chunks[^2]["choices"]![0]!["finish_reason"]!.GetValue<string>().ShouldBe("stop");
    }

    [Fact]
    public void Block_and_delta_types_this_proxy_does_not_know_show_nothing()
    {
        var chunks = Run(
            Shape(),
            Start,
            """{"type":"content_block_start","index":0,"content_block":{"type":"server_tool_use","id":"srvtoolu_1","name":"web_search","input":{}}}""",
            """{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{\"q\":1}"}}""",
            """{"type":"content_block_stop","index":0}""",
            """{"type":"content_block_start","index":1,"content_block":{"type":"compaction"}}""",
            """{"type":"content_block_delta","index":1,"delta":{"type":"compaction_delta","text":"summary"}}""",
            """{"type":"content_block_stop","index":1}""",
            """{"type":"content_block_start","index":2,"content_block":{"type":"redacted_thinking","data":"xyz"}}""",
            """{"type":"content_block_stop","index":2}""",
            """{"type":"content_block_start","index":3,"content_block":{"type":"text","text":""}}""",
            """{"type":"content_block_delta","index":3,"delta":{"type":"citations_delta","citation":{}}}""",
            """{"type":"content_block_delta","index":3,"delta":{"type":"text_delta","text":"Done."}}""",
            Delta("end_turn", 4),
            Stop);

        ToolCalls(chunks).ShouldBeEmpty();
        string.Concat(Deltas(chunks).Select(d => d["content"]?.GetValue<string>())).ShouldBe("Done.");
        string.Concat(chunks.Select(c => c.ToJsonString())).ShouldNotContain("summary");
    }

    [Fact]
    public void Text_carried_by_a_blocks_start_is_shown()
    {
        var chunks = Run(Shape(), Start, """{"type":"content_block_start","index":0,"content_block":{"type":"text","text":"Hello"}}""",
            """{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":" there"}}""", Delta("end_turn", 2), Stop);

        string.Concat(Deltas(chunks).Select(d => d["content"]?.GetValue<string>())).ShouldBe("Hello there");
    }

    [Theory]
    [InlineData("max_tokens", "length")]
    [InlineData("model_context_window_exceeded", "length")]
    [InlineData("refusal", "content_filter")]
    public void A_tool_call_cut_short_does_not_finish_as_tool_calls(string stopReason, string finishReason)
    {
        var chunks = Run(Shape(), Start,
            """{"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"toolu_A","name":"get_ticket","input":{}}}""",
            """{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{\"id\":4"}}""",
            Delta(stopReason, 4096), Stop);

        chunks[^2]["choices"]![0]!["finish_reason"]!.GetValue<string>().ShouldBe(finishReason);
    }

    [Fact]
    public void A_legacy_functions_caller_gets_the_first_call_as_function_call_and_nothing_of_the_others()
    {
        var chunks = Run(
            Shape(legacy: true),
            Start,
            """{"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"toolu_A","name":"lookup","input":{}}}""",
            """{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{\"q\":\"vpn\"}"}}""",
            """{"type":"content_block_stop","index":0}""",
            """{"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"toolu_B","name":"lookup","input":{}}}""",
            """{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\"q\":\"dns\"}"}}""",
            """{"type":"content_block_stop","index":1}""",
            Delta("tool_use", 9),
            Stop);

        var calls = Deltas(chunks).Select(d => d["function_call"]).Where(f => f is not null).ToList();
        calls[0]!["name"]!.GetValue<string>().ShouldBe("lookup");
        string.Concat(calls.Select(f => f!["arguments"]?.GetValue<string>())).ShouldBe("{\"q\":\"vpn\"}");
        Deltas(chunks).ShouldAllBe(d => d["tool_calls"] == null);
        chunks[^2]["choices"]![0]!["finish_reason"]!.GetValue<string>().ShouldBe("function_call");
    }

    [Fact]
    public void Json_mode_streams_the_answer_without_its_code_fence()
    {
        var pieces = new[] { "``", "`json\n{\"prio", "rity\":2}\n", "```" };
        var events = new List<string> { Start, """{"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}""" };
        events.AddRange(pieces.Select(p => $$$"""{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":{{{JsonSerializer.Serialize(p)}}}}}"""));
        events.AddRange(["""{"type":"content_block_stop","index":0}""", Delta("end_turn", 8), Stop]);

        var chunks = Run(Shape(json: true), [.. events]);

        string.Concat(Deltas(chunks).Select(d => d["content"]?.GetValue<string>())).ShouldBe("{\"priority\":2}");
        Deltas(chunks).Skip(1).ShouldAllBe(d => d["content"] == null || d["content"]!.GetValue<string>().Length > 0);
    }
}
