using System.Text.Json;

using HaloClaude.Anthropic;
using HaloClaude.Translation;

namespace HaloClaude.Tests.Translation;

/// <summary>Mapping §5 on the aggregator itself, for event shapes the fake upstream never produces.</summary>
public sealed class ResponseAggregatorTests
{
    private static StreamEvent Event(string json) => JsonSerializer.Deserialize(json, AnthropicJsonContext.Default.StreamEvent)!;

    private static HaloClaude.OpenAi.ChatCompletion Aggregate(params string[] events)
    {
        var aggregator = new ResponseAggregator(new ResponseShape(false, false, false, false, new ToolNameMap()), 1_796_000_000);
        foreach (var json in events)
        {
            aggregator.Add(Event(json));
        }

        return aggregator.Build();
    }

    private const string Start = """{"type":"message_start","message":{"id":"msg_01X","model":"claude-haiku-4-5-20251001","usage":{"input_tokens":10,"output_tokens":1}}}""";

    [Fact]
    public void Usage_from_several_message_deltas_is_the_last_not_the_sum()
    {
        var completion = Aggregate(Start,
            """{"type":"message_delta","delta":{"stop_reason":null},"usage":{"output_tokens":5}}""",
            """{"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":9}}""",
            """{"type":"message_stop"}""");

        completion.Usage!.CompletionTokens.ShouldBe(9);
        completion.Usage.PromptTokens.ShouldBe(10);
        completion.Choices[0].FinishReason.ShouldBe("stop");
    }

    [Fact]
    public void Only_text_blocks_become_content_whatever_else_the_answer_holds()
    {
        var completion = Aggregate(Start,
            """{"type":"content_block_start","index":0,"content_block":{"type":"redacted_thinking","data":"opaque"}}""",
            """{"type":"content_block_start","index":1,"content_block":{"type":"server_tool_use","id":"srvtoolu_1","name":"web_search","input":{}}}""",
            """{"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\"q\":1}"}}""",
            """{"type":"content_block_start","index":2,"content_block":{"type":"text","text":"Part A"}}""",
            """{"type":"content_block_delta","index":2,"delta":{"type":"text_delta","text":", part B"}}""",
            """{"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":4}}""");

        completion.Choices[0].Message.Content.ShouldBe("Part A, part B");
        completion.Choices[0].Message.ToolCalls.ShouldBeNull();
    }

    [Fact]
    public void A_tool_call_cut_off_by_max_tokens_finishes_as_length()
    {
        var completion = Aggregate(Start,
            """{"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"toolu_A","name":"get_ticket","input":{}}}""",
            """{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"{\"id\":4"}}""",
            """{"type":"message_delta","delta":{"stop_reason":"max_tokens"},"usage":{"output_tokens":4096}}""");

        completion.Choices[0].FinishReason.ShouldBe("length");
    }
}
