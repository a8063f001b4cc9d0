using System.Net;
using System.Text.Json.Nodes;

using HaloClaude.Tests.Support;

namespace HaloClaude.Tests.Translation;

/// <summary>Mapping §3.1–§3.2 and edge cases A–C: roles, hoisting and the conversation invariants Anthropic enforces.</summary>
public sealed class ConversationTests : ProxyTest
{
    private static List<string> Roles(JsonObject sent) => sent["messages"]!.AsArray().Select(m => m!["role"]!.GetValue<string>()).ToList();

    private static JsonArray Blocks(JsonObject sent, int message) => sent["messages"]![message]!["content"]!.AsArray();

    private static List<string> Texts(JsonArray blocks) =>
        blocks.Where(b => b!["type"]!.GetValue<string>() == "text").Select(b => b!["text"]!.GetValue<string>()).ToList();

    private static List<string> SystemTexts(JsonObject sent) =>
        sent["system"]?.AsArray().Select(b => b!["text"]!.GetValue<string>()).ToList() ?? [];

    [Fact]
    public async Task System_messages_anywhere_are_hoisted_in_order()
    {
        var sent = await UpstreamBodyAsync(Body(messages: """
            [{"role":"system","content":"A"},{"role":"user","content":"q1"},{"role":"assistant","content":"a1"},
             {"role":"system","content":"B"},{"role":"user","content":"q2"}]
            """));

        SystemTexts(sent).ShouldBe(["A", "B"]);
        Roles(sent).ShouldBe(["user", "assistant", "user"]);
        Texts(Blocks(sent, 2)).ShouldBe(["q2"]);
    }

    [Fact]
    public async Task Developer_messages_are_hoisted_like_system_messages()
    {
        var sent = await UpstreamBodyAsync(Body(messages: """
            [{"role":"developer","content":"Answer in British English"},{"role":"user","content":"Colour?"}]
            """));

        SystemTexts(sent).ShouldBe(["Answer in British English"]);
        Roles(sent).ShouldBe(["user"]);
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("\" \\n\\t \"")]
    [InlineData("null")]
    [InlineData("[]")]
    [InlineData("[{\"type\":\"text\",\"text\":\"\"}]")]
    public async Task Empty_system_messages_are_skipped(string content)
    {
        var sent = await UpstreamBodyAsync(Body(messages: $$$"""
            [{"role":"system","content":{{{content}}}},{"role":"user","content":"Hi"}]
            """));

        sent.ContainsKey("system").ShouldBeFalse();
    }

    [Fact]
    public async Task System_content_parts_keep_each_non_empty_text_part()
    {
        var sent = await UpstreamBodyAsync(Body(messages: """
            [{"role":"system","content":[{"type":"text","text":""},{"type":"text","text":"Rule 1"},{"type":"text","text":"Rule 2"}]},
             {"role":"user","content":"Hi"}]
            """));

        SystemTexts(sent).ShouldBe(["Rule 1", "Rule 2"]);
    }

    [Fact]
    public async Task A_conversation_of_only_system_text_is_sent_as_the_user_turn()
    {
        var sent = await UpstreamBodyAsync(Body(messages: """[{"role":"system","content":"Classify: printer broken"}]"""));

        sent.ContainsKey("system").ShouldBeFalse();
        Roles(sent).ShouldBe(["user"]);
        Texts(Blocks(sent, 0)).ShouldBe(["Classify: printer broken"]);
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("\"\\n  \"")]
    [InlineData("null")]
    [InlineData("[{\"type\":\"text\",\"text\":\"   \"}]")]
    public async Task An_empty_user_turn_is_dropped_and_its_neighbours_merged(string content)
    {
        var sent = await UpstreamBodyAsync(Body(messages: $$$"""
            [{"role":"system","content":"You are a helpdesk assistant."},{"role":"user","content":"Ticket 123 is about a printer."},
             {"role":"user","content":{{{content}}}},{"role":"user","content":"Summarise ticket 123"}]
            """));

        Roles(sent).ShouldBe(["user"]);
        Texts(Blocks(sent, 0)).ShouldBe(["Ticket 123 is about a printer.", "Summarise ticket 123"]);
    }

    [Fact]
    public async Task An_empty_assistant_turn_is_dropped_and_the_user_turns_merged()
    {
        var sent = await UpstreamBodyAsync(Body(messages: """
            [{"role":"user","content":"Hi"},{"role":"assistant","content":""},{"role":"user","content":"Are you there?"}]
            """));

        Roles(sent).ShouldBe(["user"]);
        Texts(Blocks(sent, 0)).ShouldBe(["Hi", "Are you there?"]);
    }

    [Fact]
    public async Task Consecutive_same_role_turns_are_merged_into_one()
    {
        var sent = await UpstreamBodyAsync(Body(messages: """
            [{"role":"user","content":"a"},{"role":"user","content":"b"},{"role":"assistant","content":"c"},
             {"role":"assistant","content":"d"},{"role":"user","content":"e"}]
            """));

        Roles(sent).ShouldBe(["user", "assistant", "user"]);
        Texts(Blocks(sent, 0)).ShouldBe(["a", "b"]);
        Texts(Blocks(sent, 1)).ShouldBe(["c", "d"]);
    }

    [Fact]
    public async Task A_conversation_with_no_content_at_all_is_a_400()
    {
        var reply = await PostAsync(Body(messages: """[{"role":"user","content":""},{"role":"assistant","content":" "}]"""));

        ShouldBeAzureError(reply, HttpStatusCode.BadRequest, param: "messages");
        Upstream.Received.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("claude-sonnet-5-5")]
    [InlineData("claude-opus-5-5")]
    [InlineData("sonnet-4-6")]
    [InlineData("claude-haiku-4-5")]
    [InlineData("claude-opus-4-5")]
    public async Task Trailing_assistant_turn_is_never_sent_as_prefill(string deployment)
    {
        var sent = await UpstreamBodyAsync(Body(messages: """
            [{"role":"user","content":"Draft a reply"},{"role":"assistant","content":"Dear customer,"}]
            """), deployment);

        Roles(sent).ShouldBe(["user"]);
        var texts = Texts(Blocks(sent, 0));
        texts[0].ShouldBe("Draft a reply");
        texts[1].ShouldContain("Dear customer,");
        texts[1].ShouldContain("not a reply to continue");
    }

    [Fact]
    public async Task A_quoted_trailing_assistant_turn_loses_its_trailing_whitespace()
    {
        var sent = await UpstreamBodyAsync(Body(messages: """
            [{"role":"user","content":"Summarise"},{"role":"assistant","content":"Here is the summary:\n"}]
            """), "claude-haiku-4-5");

        Roles(sent)[^1].ShouldBe("user");
        Texts(Blocks(sent, 0))[1].ShouldContain("Here is the summary:\n</assistant_message>");
    }

    [Fact]
    public async Task An_empty_last_user_turn_still_leaves_the_conversation_ending_with_a_user()
    {
        var sent = await UpstreamBodyAsync(Body(messages: """
            [{"role":"user","content":"Hi"},{"role":"assistant","content":"Hello, how can I help?"},{"role":"user","content":""}]
            """));

        Roles(sent).ShouldBe(["user"]);
        var texts = Texts(Blocks(sent, 0));
        texts[0].ShouldBe("Hi");
        texts[1].ShouldContain("Hello, how can I help?");
    }

    [Fact]
    public async Task An_opening_assistant_greeting_is_quoted_inside_the_first_user_turn()
    {
        var sent = await UpstreamBodyAsync(Body(messages: """
            [{"role":"assistant","content":"Hi, I am the Halo assistant."},{"role":"user","content":"My laptop is slow"}]
            """));

        Roles(sent).ShouldBe(["user"]);
        var texts = Texts(Blocks(sent, 0));
        texts[0].ShouldContain("Hi, I am the Halo assistant.");
        texts[1].ShouldBe("My laptop is slow");
    }

    [Fact]
    public async Task A_conversation_of_only_an_assistant_turn_becomes_a_user_turn()
    {
        var sent = await UpstreamBodyAsync(Body(messages: """[{"role":"assistant","content":"Ticket closed."}]"""));

        Roles(sent).ShouldBe(["user"]);
        Texts(Blocks(sent, 0)).Single().ShouldContain("Ticket closed.");
    }

    [Fact]
    public async Task A_user_name_is_ignored()
    {
        var sent = await UpstreamBodyAsync(Body(messages: """[{"role":"user","name":"agent_jsmith","content":"Hello"}]"""));

        sent.ToJsonString().ShouldNotContain("agent_jsmith");
        Texts(Blocks(sent, 0)).ShouldBe(["Hello"]);
    }

    [Fact]
    public async Task An_assistant_refusal_part_is_dropped_and_an_empty_turn_with_it()
    {
        var sent = await UpstreamBodyAsync(Body(messages: """
            [{"role":"user","content":"Do it"},{"role":"assistant","content":[{"type":"refusal","refusal":"I can't help"}]},
             {"role":"user","content":"Please"}]
            """));

        sent.ToJsonString().ShouldNotContain("I can't help");
        Roles(sent).ShouldBe(["user"]);
        Texts(Blocks(sent, 0)).ShouldBe(["Do it", "Please"]);
    }

    [Fact]
    public async Task Tool_results_open_the_next_user_turn_in_call_order_before_any_text()
    {
        var sent = await UpstreamBodyAsync(Body(Tools, """
            [{"role":"user","content":"Look up tickets 1 and 2"},
             {"role":"assistant","content":"Checking.","tool_calls":[
               {"id":"call_a","type":"function","function":{"name":"get_ticket","arguments":"{\"id\":1}"}},
               {"id":"call_b","type":"function","function":{"name":"get_ticket","arguments":"{\"id\":2}"}}]},
             {"role":"tool","tool_call_id":"call_b","content":"Ticket 2: VPN"},
             {"role":"user","content":"And summarise"},
             {"role":"tool","tool_call_id":"call_a","content":"Ticket 1: printer"}]
            """));

        Roles(sent).ShouldBe(["user", "assistant", "user"]);
        var assistant = Blocks(sent, 1);
        assistant.Select(b => b!["type"]!.GetValue<string>()).ShouldBe(["text", "tool_use", "tool_use"]);
        assistant[1]!["id"]!.GetValue<string>().ShouldBe("call_a");
        assistant[1]!["name"]!.GetValue<string>().ShouldBe("get_ticket");
        assistant[1]!["input"]!["id"]!.GetValue<int>().ShouldBe(1);
        var user = Blocks(sent, 2);
        user.Select(b => b!["type"]!.GetValue<string>()).ShouldBe(["tool_result", "tool_result", "text"]);
        user[0]!["tool_use_id"]!.GetValue<string>().ShouldBe("call_a");
        user[0]!["content"]![0]!["text"]!.GetValue<string>().ShouldBe("Ticket 1: printer");
        user[1]!["tool_use_id"]!.GetValue<string>().ShouldBe("call_b");
        user[2]!["text"]!.GetValue<string>().ShouldBe("And summarise");
    }

    [Fact]
    public async Task A_tool_call_nobody_answered_gets_an_error_result()
    {
        var sent = await UpstreamBodyAsync(Body(Tools, """
            [{"role":"user","content":"Look up ticket 1"},
             {"role":"assistant","tool_calls":[{"id":"call_a","type":"function","function":{"name":"get_ticket","arguments":"{}"}}]},
             {"role":"user","content":"Never mind"}]
            """));

        var user = Blocks(sent, 2);
        user[0]!["type"]!.GetValue<string>().ShouldBe("tool_result");
        user[0]!["tool_use_id"]!.GetValue<string>().ShouldBe("call_a");
        user[0]!["is_error"]!.GetValue<bool>().ShouldBeTrue();
        user[1]!["text"]!.GetValue<string>().ShouldBe("Never mind");
    }

    [Fact]
    public async Task A_tool_result_that_answers_no_call_becomes_text()
    {
        var sent = await UpstreamBodyAsync(Body(Tools, """
            [{"role":"user","content":"Status?"},{"role":"tool","tool_call_id":"call_zz","content":"Ticket 9 closed"}]
            """));

        Roles(sent).ShouldBe(["user"]);
        var blocks = Blocks(sent, 0);
        blocks.ShouldAllBe(b => b!["type"]!.GetValue<string>() == "text");
        Texts(blocks)[1].ShouldContain("call_zz");
        Texts(blocks)[1].ShouldContain("Ticket 9 closed");
    }

    [Fact]
    public async Task A_repeated_tool_call_id_is_sent_only_once()
    {
        var reply = await PostAsync(Body(Tools, """
            [{"role":"user","content":"one"},
             {"role":"assistant","tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_ticket","arguments":"{}"}}]},
             {"role":"tool","tool_call_id":"call_1","content":"first"},
             {"role":"assistant","tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_ticket","arguments":"{}"}}]},
             {"role":"tool","tool_call_id":"call_1","content":"second"},
             {"role":"user","content":"two"}]
            """));

        reply.Status.ShouldBe(HttpStatusCode.OK, reply.Text);
        var ids = Sent["messages"]!.AsArray().SelectMany(m => m!["content"]!.AsArray())
            .Where(b => b!["type"]!.GetValue<string>() == "tool_use").Select(b => b!["id"]!.GetValue<string>()).ToList();
        ids.ShouldBe(["call_1"]);
        Sent.ToJsonString().ShouldContain("second");
        // The repeated call's turn is gone, and the user turns around it are one turn again.
        Roles(Sent).ShouldBe(["user", "assistant", "user"]);
    }

    [Fact]
    public async Task Tool_ids_Anthropic_rejects_are_rewritten_the_same_way_on_call_and_result()
    {
        var sent = await UpstreamBodyAsync(Body(Tools, """
            [{"role":"user","content":"one"},
             {"role":"assistant","tool_calls":[{"id":"call:1/x","type":"function","function":{"name":"get_ticket","arguments":"{}"}}]},
             {"role":"tool","tool_call_id":"call:1/x","content":"done"}]
            """));

        Blocks(sent, 1)[0]!["id"]!.GetValue<string>().ShouldBe("call_1_x");
        Blocks(sent, 2)[0]!["tool_use_id"]!.GetValue<string>().ShouldBe("call_1_x");
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\\\"id\\\":")]
    [InlineData("[1,2]")]
    [InlineData("null")]
    public async Task Tool_call_arguments_that_are_not_a_JSON_object_become_an_empty_input(string arguments)
    {
        var sent = await UpstreamBodyAsync(Body(Tools, $$$"""
            [{"role":"user","content":"one"},
             {"role":"assistant","tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_ticket","arguments":"{{{arguments}}}"}}]},
             {"role":"tool","tool_call_id":"call_1","content":"done"}]
            """));

        Blocks(sent, 1)[0]!["input"].ShouldBeOfType<JsonObject>().Count.ShouldBe(0);
    }

    [Fact]
    public async Task An_empty_tool_result_is_sent_without_content()
    {
        var sent = await UpstreamBodyAsync(Body(Tools, """
            [{"role":"user","content":"one"},
             {"role":"assistant","tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_ticket","arguments":"{}"}}]},
             {"role":"tool","tool_call_id":"call_1","content":""}]
            """));

        var result = Blocks(sent, 2)[0]!.AsObject();
        result["type"]!.GetValue<string>().ShouldBe("tool_result");
        result.ContainsKey("content").ShouldBeFalse();
    }

    [Fact]
    public async Task Legacy_function_call_and_function_result_pair_up_by_a_synthetic_id()
    {
        var sent = await UpstreamBodyAsync(Body("""
            "functions":[{"name":"lookup","parameters":{"type":"object","properties":{"q":{"type":"string"}}}}]
            """, """
            [{"role":"user","content":"Find the VPN article"},
             {"role":"assistant","content":null,"function_call":{"name":"lookup","arguments":"{\"q\":\"vpn\"}"}},
             {"role":"function","name":"lookup","content":"KB 42: VPN"}]
            """));

        var use = Blocks(sent, 1)[0]!;
        use["type"]!.GetValue<string>().ShouldBe("tool_use");
        use["name"]!.GetValue<string>().ShouldBe("lookup");
        use["input"]!["q"]!.GetValue<string>().ShouldBe("vpn");
        var result = Blocks(sent, 2)[0]!;
        result["tool_use_id"]!.GetValue<string>().ShouldBe(use["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Tools_only_the_history_knows_are_declared_and_cannot_be_called()
    {
        var sent = await UpstreamBodyAsync(Body(messages: """
            [{"role":"user","content":"one"},
             {"role":"assistant","tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_ticket","arguments":"{}"}}]},
             {"role":"tool","tool_call_id":"call_1","content":"done"}]
            """));

        sent["tools"]!.AsArray().Single()!["name"]!.GetValue<string>().ShouldBe("get_ticket");
        sent["tool_choice"]!["type"]!.GetValue<string>().ShouldBe("none");
    }

    [Fact]
    public async Task A_conversation_ending_in_unanswered_tool_calls_ends_with_a_user_turn()
    {
        var sent = await UpstreamBodyAsync(Body(Tools, """
            [{"role":"user","content":"Look up ticket 1"},
             {"role":"assistant","content":"Let me check.","tool_calls":[{"id":"call_a","type":"function","function":{"name":"get_ticket","arguments":"{}"}}]}]
            """));

        Roles(sent)[^1].ShouldBe("user");
        sent.ToJsonString().ShouldNotContain("tool_use");
    }

    [Theory]
    [InlineData("""[{"role":"robot","content":"hi"}]""", "messages[0].role")]
    [InlineData("""[{"content":"hi"}]""", "messages[0].role")]
    [InlineData("""[{"role":"user","content":"hi"},{"role":"tool","content":"x"}]""", "messages[1].tool_call_id")]
    [InlineData("""[{"role":"user","content":"hi"},{"role":"function","content":"x"}]""", "messages[1].name")]
    [InlineData("""[{"role":"user","content":"hi"},{"role":"assistant","tool_calls":[{"id":"c","type":"function","function":{"arguments":"{}"}}]}]""", "messages[1].tool_calls[0].function.name")]
    [InlineData("""[{"role":"user","content":"hi"},{"role":"assistant","tool_calls":[{"id":"c","type":"code","function":{"name":"x"}}]}]""", "messages[1].tool_calls[0].type")]
    [InlineData("""[{"role":"user","content":42}]""", "messages[0].content")]
    [InlineData("""[]""", "messages")]
    [InlineData("""[null]""", "messages[0]")]
    public async Task Malformed_messages_are_a_400_naming_the_message(string messages, string param)
    {
        var reply = await PostAsync(Body(messages: messages));

        ShouldBeAzureError(reply, HttpStatusCode.BadRequest, param: param);
        Upstream.Received.ShouldBeEmpty();
    }

    private const string Tools = """
        "tools":[{"type":"function","function":{"name":"get_ticket","parameters":{"type":"object","properties":{"id":{"type":"integer"}}}}}]
        """;
}
