using System.Net;
using System.Text.Json.Nodes;

using HaloClaude.Tests.Support;
using HaloClaude.Tests.TestKit;

namespace HaloClaude.Tests.Translation;

/// <summary>Mapping §5 and §7.2: the aggregated <c>chat.completion</c> and the headers that go with it.</summary>
public sealed class ResponseMappingTests : ProxyTest
{
    private const string ToolsMember = """
        "tools":[{"type":"function","function":{"name":"get_ticket"}},{"type":"function","function":{"name":"get_user"}}]
        """;

    [Fact]
    public async Task The_completion_has_the_Azure_shape_with_one_choice()
    {
        Upstream.Enqueue(FakeReply.Text("Restart the spooler."));

        var reply = await PostAsync(Body());

        reply.Status.ShouldBe(HttpStatusCode.OK);
        var body = reply.Body!.AsObject();
        body["id"]!.GetValue<string>().ShouldMatch("^chatcmpl-fake[0-9]{6}$");
        body["object"]!.GetValue<string>().ShouldBe("chat.completion");
        body["created"]!.GetValue<long>().ShouldBeGreaterThan(1_700_000_000);
        body["model"]!.GetValue<string>().ShouldBe("claude-sonnet-5-5");
        body.ContainsKey("system_fingerprint").ShouldBeTrue();
        body["system_fingerprint"].ShouldBeNull();
        var choices = body["choices"]!.AsArray();
        choices.Count.ShouldBe(1);
        choices[0]!["index"]!.GetValue<int>().ShouldBe(0);
        choices[0]!.AsObject().ContainsKey("logprobs").ShouldBeTrue();
        choices[0]!["logprobs"].ShouldBeNull();
        var message = choices[0]!["message"]!.AsObject();
        message["role"]!.GetValue<string>().ShouldBe("assistant");
        message["content"]!.GetValue<string>().ShouldBe("Restart the spooler.");
        message.ContainsKey("refusal").ShouldBeTrue();
        message["refusal"].ShouldBeNull();
        message.ContainsKey("tool_calls").ShouldBeFalse();
    }

    [Fact]
    public async Task Text_blocks_are_concatenated_in_order_and_thinking_is_never_shown()
    {
        Upstream.Enqueue(FakeReply.Answer(
            "end_turn",
            FakeBlock.Thinking("The user seems annoyed; internal plan."),
            FakeBlock.Text("The VPN "),
            FakeBlock.Thinking("more private reasoning"),
            FakeBlock.Text("certificate expired.")));

        var reply = await PostAsync(Body());

        reply.Content.ShouldBe("The VPN certificate expired.");
        reply.Text.ShouldNotContain("internal plan");
        reply.Text.ShouldNotContain("private reasoning");
        reply.Text.ShouldNotContain("EqQBCgIYAhIM");
    }

    [Fact]
    public async Task Tool_use_blocks_become_tool_calls_with_JSON_string_arguments()
    {
        Upstream.Enqueue(FakeReply.Answer(
            "tool_use",
            FakeBlock.Text("Let me look."),
            FakeBlock.ToolUse("toolu_01A", "get_ticket", new JsonObject { ["id"] = 123, ["fields"] = new JsonArray("subject", "status") }),
            FakeBlock.ToolUse("toolu_01B", "get_user", new JsonObject())) with
        { DeltaSize = 3 });

        var reply = await PostAsync(Body(ToolsMember));

        reply.FinishReason.ShouldBe("tool_calls");
        reply.Content.ShouldBe("Let me look.");
        var calls = reply.Message["tool_calls"]!.AsArray();
        calls.Count.ShouldBe(2);
        calls[0]!["id"]!.GetValue<string>().ShouldBe("toolu_01A");
        calls[0]!["type"]!.GetValue<string>().ShouldBe("function");
        calls[0]!["function"]!["name"]!.GetValue<string>().ShouldBe("get_ticket");
        var arguments = calls[0]!["function"]!["arguments"]!.GetValue<string>();
        JsonNode.DeepEquals(JsonNode.Parse(arguments), JsonNode.Parse("""{"id":123,"fields":["subject","status"]}""")).ShouldBeTrue(arguments);
        calls[1]!["function"]!["name"]!.GetValue<string>().ShouldBe("get_user");
        calls[1]!["function"]!["arguments"]!.GetValue<string>().ShouldBe("{}");
    }

    [Fact]
    public async Task An_answer_of_only_tool_calls_has_null_content()
    {
        Upstream.Enqueue(FakeReply.Answer("tool_use", FakeBlock.ToolUse("toolu_01", "get_ticket", new JsonObject { ["id"] = 1 })));

        var reply = await PostAsync(Body(ToolsMember));

        var message = reply.Message.AsObject();
        message.ContainsKey("content").ShouldBeTrue();
        message["content"].ShouldBeNull();
    }

    [Fact]
    public async Task An_answer_with_no_text_and_no_tool_calls_has_empty_content()
    {
        Upstream.Enqueue(FakeReply.Answer("end_turn"));

        var reply = await PostAsync(Body());

        reply.Content.ShouldBe(string.Empty);
        reply.FinishReason.ShouldBe("stop");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_empty_answer_is_logged_for_the_operator(bool stream)
    {
        Upstream.Enqueue(FakeReply.Answer("end_turn"), FakeReply.Text("Not empty"));

        await PostAsync(Body(stream ? "\"stream\":true" : string.Empty));
        Proxy.Logs.AllText.ShouldContain("was empty (stop reason end_turn)");
        var before = Occurrences(Proxy.Logs.AllText, "was empty");
        await PostAsync(Body(stream ? "\"stream\":true" : string.Empty));

        Occurrences(Proxy.Logs.AllText, "was empty").ShouldBe(before);
    }

    [Fact]
    public async Task A_stop_reason_from_the_future_is_logged_and_answered_as_stop()
    {
        Upstream.Enqueue(FakeReply.Text("ok", "a_stop_reason_from_the_future"));

        var reply = await PostAsync(Body());

        reply.FinishReason.ShouldBe("stop");
        Proxy.Logs.AllText.ShouldContain("does not know (a_stop_reason_from_the_future)");
    }

    [Theory]
    [InlineData("end_turn", "stop")]
    [InlineData("stop_sequence", "stop")]
    [InlineData("max_tokens", "length")]
    [InlineData("model_context_window_exceeded", "length")]
    [InlineData("refusal", "content_filter")]
    [InlineData("pause_turn", "stop")]
    [InlineData("a_stop_reason_from_the_future", "stop")]
    [InlineData("tool_use", "stop")]
    public async Task Stop_reasons_map_to_finish_reasons(string stopReason, string finishReason)
    {
        Upstream.Enqueue(FakeReply.Text("Partial answer", stopReason));

        var reply = await PostAsync(Body());

        reply.Status.ShouldBe(HttpStatusCode.OK);
        reply.FinishReason.ShouldBe(finishReason);
        reply.Content.ShouldBe("Partial answer");
    }

    [Fact]
    public async Task A_refusal_is_a_200_with_content_filter_not_an_HTTP_error()
    {
        Upstream.Enqueue(FakeReply.Text("I can't help with that.", "refusal"));

        var reply = await PostAsync(Body());

        reply.Status.ShouldBe(HttpStatusCode.OK);
        reply.FinishReason.ShouldBe("content_filter");
    }

    [Fact]
    public async Task Usage_counts_the_whole_prompt_and_reports_cache_reads_as_cached_tokens()
    {
        Upstream.Enqueue(FakeReply.Text("ok") with { InputTokens = 100, CacheCreationTokens = 20, CacheReadTokens = 3000, OutputTokens = 42 });

        var reply = await PostAsync(Body());

        var usage = reply.Body!["usage"]!;
        usage["prompt_tokens"]!.GetValue<long>().ShouldBe(3120);
        usage["completion_tokens"]!.GetValue<long>().ShouldBe(42);
        usage["total_tokens"]!.GetValue<long>().ShouldBe(3162);
        usage["prompt_tokens_details"]!["cached_tokens"]!.GetValue<long>().ShouldBe(3000);
    }

    [Fact]
    public async Task Usage_without_caching_reports_zero_cached_tokens()
    {
        Upstream.Enqueue(FakeReply.Text("ok") with { InputTokens = 7, OutputTokens = 3 });

        var reply = await PostAsync(Body());

        var usage = reply.Body!["usage"]!;
        usage["prompt_tokens"]!.GetValue<long>().ShouldBe(7);
        usage["total_tokens"]!.GetValue<long>().ShouldBe(10);
        usage["prompt_tokens_details"]!["cached_tokens"]!.GetValue<long>().ShouldBe(0);
    }

    [Fact]
    public async Task The_Anthropic_request_id_is_returned_as_apim_request_id_and_x_request_id()
    {
        var reply = await PostAsync(Body());

        var requestId = reply.Header("apim-request-id");
        requestId.ShouldStartWith("req_fake_");
        reply.Header("x-request-id").ShouldBe(requestId);
    }

    [Fact]
    public async Task Anthropic_rate_limit_headers_become_x_ratelimit_headers()
    {
        var reset = DateTimeOffset.UtcNow.AddMinutes(5).ToString("O");
        Upstream.Enqueue(FakeReply.Text("ok") with
        {
            Headers =
            [
                ("anthropic-ratelimit-requests-remaining", "49"),
                ("anthropic-ratelimit-requests-limit", "50"),
                ("anthropic-ratelimit-tokens-remaining", "79000"),
                ("anthropic-ratelimit-tokens-limit", "80000"),
                ("anthropic-ratelimit-requests-reset", reset),
                ("anthropic-ratelimit-tokens-reset", reset),
            ],
        });

        var reply = await PostAsync(Body());

        reply.Header("x-ratelimit-remaining-requests").ShouldBe("49");
        reply.Header("x-ratelimit-limit-requests").ShouldBe("50");
        reply.Header("x-ratelimit-remaining-tokens").ShouldBe("79000");
        reply.Header("x-ratelimit-limit-tokens").ShouldBe("80000");
        reply.Header("x-ratelimit-reset-requests").ShouldMatch("^[0-9]+s$");
        reply.Header("x-ratelimit-reset-tokens").ShouldMatch("^[0-9]+s$");
    }

    [Fact]
    public async Task Input_token_rate_limit_headers_stand_in_for_the_token_headers()
    {
        Upstream.Enqueue(FakeReply.Text("ok") with
        {
            Headers = [("anthropic-ratelimit-input-tokens-remaining", "1234"), ("anthropic-ratelimit-input-tokens-limit", "5000")],
        });

        var reply = await PostAsync(Body());

        reply.Header("x-ratelimit-remaining-tokens").ShouldBe("1234");
        reply.Header("x-ratelimit-limit-tokens").ShouldBe("5000");
    }

    [Fact]
    public async Task Without_rate_limit_headers_upstream_none_are_invented()
    {
        var reply = await PostAsync(Body());

        reply.HasHeader("x-ratelimit-remaining-requests").ShouldBeFalse();
        reply.HasHeader("x-ratelimit-remaining-tokens").ShouldBeFalse();
    }

    private static int Occurrences(string text, string value) => (text.Length - text.Replace(value, string.Empty, StringComparison.Ordinal).Length) / value.Length;
}
