using System.Net;
using System.Text.Json.Nodes;

using HaloClaude.Tests.Support;
using HaloClaude.Tests.TestKit;

namespace HaloClaude.Tests.Translation;

/// <summary>Mapping §4 and edge cases F: tool definitions, tool_choice, parallel calls and legacy functions.</summary>
public sealed class ToolsTests : ProxyTest
{
    private const string TicketTool = """
        {"type":"function","function":{"name":"get_ticket","description":"Reads a Halo ticket","parameters":{"type":"object","properties":{"id":{"type":"integer"}},"required":["id"]}}}
        """;

    private const string UserTool = """{"type":"function","function":{"name":"get_user","parameters":{"type":"object","properties":{}}}}""";

    private static string WithTools(string members = "") =>
        Body($"\"tools\":[{TicketTool},{UserTool}]" + (members.Length == 0 ? string.Empty : "," + members));

    [Fact]
    public async Task A_function_becomes_a_custom_tool_with_its_schema()
    {
        var sent = await UpstreamBodyAsync(WithTools());

        var tool = sent["tools"]![0]!.AsObject();
        tool["name"]!.GetValue<string>().ShouldBe("get_ticket");
        tool["description"]!.GetValue<string>().ShouldBe("Reads a Halo ticket");
        tool["input_schema"]!.ToJsonString().ShouldBe("""{"type":"object","properties":{"id":{"type":"integer"}},"required":["id"]}""");
        sent.ContainsKey("tool_choice").ShouldBeFalse();
    }

    [Theory]
    [InlineData("""{"name":"get_time"}""", """{"type":"object","properties":{}}""")]
    [InlineData("""{"name":"get_time","parameters":null}""", """{"type":"object","properties":{}}""")]
    [InlineData("""{"name":"get_time","parameters":{"type":"string"}}""", """{"type":"object"}""")]
    [InlineData("""{"name":"get_time","parameters":{"properties":{"tz":{"type":"string"}}}}""", """{"properties":{"tz":{"type":"string"}},"type":"object"}""")]
    [InlineData("""{"name":"get_time","parameters":{"type":"object","properties":{},"additionalProperties":false,"description":"d"}}""", """{"type":"object","properties":{},"additionalProperties":false,"description":"d"}""")]
    public async Task Parameters_always_become_an_object_schema(string function, string expectedSchema)
    {
        var sent = await UpstreamBodyAsync(Body($$$$"""
            "tools":[{"type":"function","function":{{{{function}}}}}]
            """));

        sent["tools"]![0]!["input_schema"]!.ToJsonString().ShouldBe(expectedSchema);
    }

    [Theory]
    [InlineData("""{"name":"x","parameters":{"oneOf":[{"type":"object"},{"type":"object"}]}}""", "tools[0].function.parameters")]
    [InlineData("""{"name":"x","parameters":{"type":"object","anyOf":[]}}""", "tools[0].function.parameters")]
    [InlineData("""{"name":"x","parameters":"object"}""", "tools[0].function.parameters")]
    [InlineData("""{"description":"no name"}""", "tools[0].function.name")]
    public async Task Tool_definitions_Claude_cannot_take_are_a_400(string function, string param)
    {
        var reply = await PostAsync(Body($$$$"""
            "tools":[{"type":"function","function":{{{{function}}}}}]
            """));

        ShouldBeAzureError(reply, HttpStatusCode.BadRequest, param: param);
        Upstream.Received.ShouldBeEmpty();
    }

    [Fact]
    public async Task Tools_of_a_type_other_than_function_are_a_400()
    {
        var reply = await PostAsync(Body("""
            "tools":[{"type":"web_search_preview"}]
            """));

        ShouldBeAzureError(reply, HttpStatusCode.BadRequest, param: "tools[0].type");
    }

    [Fact]
    public async Task A_function_declared_twice_is_a_400()
    {
        var reply = await PostAsync(Body($"\"tools\":[{TicketTool},{TicketTool}]"));

        ShouldBeAzureError(reply, HttpStatusCode.BadRequest, param: "tools[1].function.name");
    }

    [Theory]
    [InlineData("claude-sonnet-5-5", true)]
    [InlineData("claude-haiku-4-5", true)]
    public async Task Strict_is_forwarded_on_models_with_structured_outputs(string deployment, bool expected)
    {
        var sent = await UpstreamBodyAsync(Body("""
            "tools":[{"type":"function","function":{"name":"x","strict":true,"parameters":{"type":"object","properties":{},"additionalProperties":false}}}]
            """), deployment);

        (sent["tools"]![0]!["strict"]?.GetValue<bool>() ?? false).ShouldBe(expected);
    }

    [Fact]
    public async Task Strict_false_is_not_sent()
    {
        var sent = await UpstreamBodyAsync(Body("""
            "tools":[{"type":"function","function":{"name":"x","strict":false}}]
            """));

        sent["tools"]![0]!.AsObject().ContainsKey("strict").ShouldBeFalse();
    }

    [Fact]
    public async Task Tool_names_Anthropic_rejects_are_renamed_and_mapped_back_in_the_answer()
    {
        Upstream.Enqueue(FakeReply.Answer("tool_use", FakeBlock.ToolUse("toolu_01", "halo_tickets_search", new JsonObject { ["q"] = "vpn" })));

        var reply = await PostAsync(Body("""
            "tools":[{"type":"function","function":{"name":"halo.tickets/search"}},{"type":"function","function":{"name":"halo_tickets_search"}}]
            """));

        reply.Status.ShouldBe(HttpStatusCode.OK, reply.Text);
        var names = Sent["tools"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).ToList();
        names.ShouldBe(["halo_tickets_search_2", "halo_tickets_search"]);
        reply.Message["tool_calls"]![0]!["function"]!["name"]!.GetValue<string>().ShouldBe("halo_tickets_search");

        Upstream.Enqueue(FakeReply.Answer("tool_use", FakeBlock.ToolUse("toolu_02", "halo_tickets_search_2", new JsonObject())));
        var second = await PostAsync(Body("""
            "tools":[{"type":"function","function":{"name":"halo.tickets/search"}},{"type":"function","function":{"name":"halo_tickets_search"}}]
            """));
        second.Message["tool_calls"]![0]!["function"]!["name"]!.GetValue<string>().ShouldBe("halo.tickets/search");
    }

    [Theory]
    // Models that accept forced tool use while not thinking.
    [InlineData("claude-haiku-4-5", "\"auto\"", "auto", null, false)]
    [InlineData("claude-haiku-4-5", "\"none\"", "none", null, false)]
    [InlineData("claude-haiku-4-5", "\"required\"", "any", null, false)]
    [InlineData("claude-haiku-4-5", """{"type":"function","function":{"name":"get_user"}}""", "tool", "get_user", false)]
    [InlineData("sonnet-4-6", "\"required\"", "any", null, false)]
    [InlineData("opus-4-8", """{"type":"function","function":{"name":"get_ticket"}}""", "tool", "get_ticket", false)]
    // Models that reject it, or always think: downgraded to auto with a system hint.
    [InlineData("claude-sonnet-5-5", "\"auto\"", "auto", null, false)]
    [InlineData("claude-sonnet-5-5", "\"none\"", "none", null, false)]
    [InlineData("claude-sonnet-5-5", "\"required\"", "auto", null, true)]
    [InlineData("claude-opus-5-5", """{"type":"function","function":{"name":"get_user"}}""", "auto", null, true)]
    [InlineData("fable-5-1", "\"required\"", "auto", null, true)]
    [InlineData("sonnet-5", "\"required\"", "auto", null, true)]
    public async Task Tool_choice_maps_to_Anthropic_and_forced_choices_downgrade_where_rejected(
        string deployment, string choice, string expectedType, string? expectedName, bool hint)
    {
        var sent = await UpstreamBodyAsync(WithTools($"\"tool_choice\":{choice}"), deployment);

        sent["tool_choice"]!["type"]!.GetValue<string>().ShouldBe(expectedType);
        sent["tool_choice"]!["name"]?.GetValue<string>().ShouldBe(expectedName);
        sent["tools"]!.AsArray().Count.ShouldBe(2);
        var system = sent["system"]?.AsArray().Select(b => b!["text"]!.GetValue<string>()).ToList() ?? [];
        system.Any(t => t.StartsWith("You must call", StringComparison.Ordinal)).ShouldBe(hint);
        if (hint && choice.Contains("get_user", StringComparison.Ordinal))
        {
            system.ShouldContain(t => t.Contains("'get_user'", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("claude-haiku-4-5", "\"reasoning_effort\":\"low\"")]
    [InlineData("sonnet-4-6", "\"reasoning_effort\":\"medium\"")]
    public async Task Forced_tool_choice_is_downgraded_while_thinking_is_on(string deployment, string reasoning)
    {
        var sent = await UpstreamBodyAsync(WithTools($"\"tool_choice\":\"required\",{reasoning}"), deployment);

        sent["thinking"].ShouldNotBeNull();
        sent["tool_choice"]!["type"]!.GetValue<string>().ShouldBe("auto");
        sent["system"]!.AsArray().ShouldContain(b => b!["text"]!.GetValue<string>().StartsWith("You must call", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("\"sometimes\"", "tool_choice")]
    [InlineData("""{"type":"function","function":{"name":"delete_everything"}}""", "tool_choice")]
    [InlineData("""{"type":"function","function":{}}""", "tool_choice")]
    [InlineData("42", "tool_choice")]
    public async Task An_invalid_tool_choice_is_a_400(string choice, string param)
    {
        var reply = await PostAsync(WithTools($"\"tool_choice\":{choice}"));

        ShouldBeAzureError(reply, HttpStatusCode.BadRequest, param: param);
        Upstream.Received.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("claude-haiku-4-5", "", "auto", true)]
    [InlineData("claude-haiku-4-5", ",\"tool_choice\":\"required\"", "any", true)]
    [InlineData("claude-haiku-4-5", ",\"tool_choice\":\"none\"", "none", false)]
    [InlineData("claude-sonnet-5-5", ",\"tool_choice\":\"auto\"", "auto", true)]
    public async Task Parallel_tool_calls_false_disables_parallel_tool_use(string deployment, string choice, string expectedType, bool disabled)
    {
        var sent = await UpstreamBodyAsync(WithTools("\"parallel_tool_calls\":false" + choice), deployment);

        sent["tool_choice"]!["type"]!.GetValue<string>().ShouldBe(expectedType);
        (sent["tool_choice"]!["disable_parallel_tool_use"]?.GetValue<bool>() ?? false).ShouldBe(disabled);
    }

    [Fact]
    public async Task Parallel_tool_calls_true_changes_nothing()
    {
        var sent = await UpstreamBodyAsync(WithTools("\"parallel_tool_calls\":true"));

        sent.ContainsKey("tool_choice").ShouldBeFalse();
    }

    [Fact]
    public async Task Parallel_tool_calls_without_tools_sends_no_tool_choice()
    {
        var sent = await UpstreamBodyAsync(Body("\"parallel_tool_calls\":false"));

        sent.ContainsKey("tool_choice").ShouldBeFalse();
        sent.ContainsKey("tools").ShouldBeFalse();
    }

    [Theory]
    [InlineData("""{"name":"lookup"}""", "tool", "lookup", true)]
    [InlineData("\"auto\"", "auto", null, true)]
    [InlineData("\"none\"", "none", null, false)]
    public async Task Legacy_functions_and_function_call_map_to_tools_and_tool_choice_one_call_at_a_time(string functionCall, string expectedType, string? expectedName, bool oneCall)
    {
        var sent = await UpstreamBodyAsync(Body("""
            "functions":[{"name":"lookup","description":"Searches the KB","parameters":{"type":"object","properties":{"q":{"type":"string"}}}}],
            "function_call":
            """ + functionCall), "claude-haiku-4-5");

        sent["tools"]![0]!["name"]!.GetValue<string>().ShouldBe("lookup");
        sent["tools"]![0]!["description"]!.GetValue<string>().ShouldBe("Searches the KB");
        sent["tool_choice"]!["type"]!.GetValue<string>().ShouldBe(expectedType);
        sent["tool_choice"]!["name"]?.GetValue<string>().ShouldBe(expectedName);
        (sent["tool_choice"]!["disable_parallel_tool_use"]?.GetValue<bool>() ?? false).ShouldBe(oneCall);
    }

    [Fact]
    public async Task Legacy_functions_without_function_call_still_ask_for_one_call_at_a_time()
    {
        var sent = await UpstreamBodyAsync(Body("""
            "functions":[{"name":"lookup"}]
            """));

        sent["tool_choice"]!["type"]!.GetValue<string>().ShouldBe("auto");
        sent["tool_choice"]!["disable_parallel_tool_use"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public async Task Legacy_functions_are_answered_with_function_call()
    {
        Upstream.Enqueue(FakeReply.Answer("tool_use", FakeBlock.ToolUse("toolu_01", "lookup", new JsonObject { ["q"] = "vpn" })));

        var reply = await PostAsync(Body("""
            "functions":[{"name":"lookup","parameters":{"type":"object","properties":{"q":{"type":"string"}}}}]
            """));

        reply.FinishReason.ShouldBe("function_call");
        reply.Message["function_call"]!["name"]!.GetValue<string>().ShouldBe("lookup");
        JsonNode.Parse(reply.Message["function_call"]!["arguments"]!.GetValue<string>())!["q"]!.GetValue<string>().ShouldBe("vpn");
        reply.Message.AsObject().ContainsKey("tool_calls").ShouldBeFalse();
    }

    [Fact]
    public async Task A_forced_legacy_function_call_is_downgraded_on_models_that_reject_forcing()
    {
        var sent = await UpstreamBodyAsync(Body("""
            "functions":[{"name":"lookup"}],"function_call":{"name":"lookup"}
            """));

        sent["tool_choice"]!["type"]!.GetValue<string>().ShouldBe("auto");
        sent["system"]!.AsArray().ShouldContain(b => b!["text"]!.GetValue<string>().Contains("'lookup'", StringComparison.Ordinal));
    }
}
