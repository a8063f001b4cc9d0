using System.Text.Json.Nodes;

using HaloClaude.Agent;
using HaloClaude.Tests.TestKit;

using Microsoft.Extensions.DependencyInjection;

namespace HaloClaude.Tests.Agent;

public sealed class ToolLoopTests : AgentTestBase
{
    private const string AboutTicket = """{"messages":[{"role":"system","content":"You help the service desk. Ticket #10231"},{"role":"user","content":"Summarise this ticket for the technician."}]}""";

    protected override Dictionary<string, string?> Settings => new() { ["Agent:MaxTurns"] = "4" };

    [Fact]
    public async Task A_two_round_loop_ends_in_one_answer_with_the_usage_of_every_turn()
    {
        Upstream.Enqueue(
            FakeReply.Answer("tool_use", Call("toolu_a", "get_ticket_actions", new JsonObject { ["ticket_id"] = 10231 })) with { InputTokens = 1000, OutputTokens = 20 },
            FakeReply.Answer("tool_use", Call("toolu_b", "get_user", new JsonObject { ["user_id"] = 201 })) with { InputTokens = 1500, OutputTokens = 30 },
            FakeReply.Text("VetLedger fails on RECEP-PC01; Marisol is waiting for the 2nd line fix.") with { InputTokens = 2000, OutputTokens = 40 });

        var completion = await PostAsync(AboutTicket);

        Content(completion).ShouldBe("VetLedger fails on RECEP-PC01; Marisol is waiting for the 2nd line fix.");
        completion["choices"]![0]!["finish_reason"]!.GetValue<string>().ShouldBe("stop");
        completion["choices"]![0]!["message"]!["tool_calls"].ShouldBeNull();
        completion["usage"]!["prompt_tokens"]!.GetValue<int>().ShouldBe(4500);
        completion["usage"]!["completion_tokens"]!.GetValue<int>().ShouldBe(90);
        Upstream.Received.Count.ShouldBe(3);
        ToolResults(1).Single()["tool_use_id"]!.GetValue<string>().ShouldBe("toolu_a");
        ResultText(ToolResults(1)[0]).ShouldContain("History of ticket #10231");
        ResultText(ToolResults(2)[0]).ShouldContain("Marisol Eversleigh");
    }

    [Fact]
    public async Task Three_tool_calls_of_one_round_run_at_the_same_time()
    {
        // No ticket (so no context pre-fetch runs beside the round) and client data allowed: only the round reaches Halo.
        await RestartProxyAsync(new() { ["Agent:ClientDataWithoutTicket"] = "true" });
        Halo.ApiDelay = TimeSpan.FromMilliseconds(300);
        Upstream.Enqueue(
            FakeReply.Answer(
                "tool_use",
                Call("toolu_1", "get_client", new JsonObject { ["client_id"] = 12 }),
                Call("toolu_2", "get_user", new JsonObject { ["user_id"] = 201 }),
                Call("toolu_3", "get_asset", new JsonObject { ["asset_id"] = 3001 })),
            FakeReply.Text("Done."));

        await PostAsync("""{"messages":[{"role":"user","content":"Who is Marisol and what is RECEP-PC01?"}]}""");

        ToolResults(1).Select(r => r["tool_use_id"]!.GetValue<string>()).ShouldBe(["toolu_1", "toolu_2", "toolu_3"]);
        ToolResults(1).ShouldAllBe(r => r["is_error"] == null);
        Halo.ApiRequests.Count.ShouldBe(3);
        Halo.MaxConcurrentApiRequests.ShouldBe(3);
    }

    [Fact]
    public async Task A_failing_tool_becomes_an_error_result_and_the_answer_still_comes()
    {
        Halo.Fail("Asset/3001", 500);
        Upstream.Enqueue(
            FakeReply.Answer("tool_use", Call("toolu_x", "get_asset", new JsonObject { ["asset_id"] = 3001 })),
            FakeReply.Text("I could not read the asset, but the ticket says VetLedger fails."));

        var completion = await PostAsync(AboutTicket);

        Content(completion).ShouldStartWith("I could not read the asset");
        ToolResults(1)[0]["is_error"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public async Task When_the_turn_bound_is_reached_Claude_is_asked_for_a_final_answer_without_tools()
    {
        Upstream.Enqueue(
            FakeReply.Answer("tool_use", Call("t1", "search_kb", new JsonObject { ["query"] = "vetledger" })),
            FakeReply.Answer("tool_use", Call("t2", "search_kb", new JsonObject { ["query"] = "reception" })),
            FakeReply.Answer("tool_use", Call("t3", "search_kb", new JsonObject { ["query"] = "printer" })),
            FakeReply.Text("Here is what I found."));

        var completion = await PostAsync(AboutTicket);

        Content(completion).ShouldBe("Here is what I found.");
        Upstream.Received.Count.ShouldBe(4);
        Upstream.Received[3].Body["tool_choice"]!["type"]!.GetValue<string>().ShouldBe("none");
        Upstream.Received[2].Body["tool_choice"]?["type"]?.GetValue<string>().ShouldNotBe("none");
    }

    [Fact]
    public async Task Calls_to_the_callers_own_tools_are_returned_to_the_caller_and_not_run()
    {
        Upstream.Enqueue(FakeReply.Answer(
            "tool_use",
            FakeBlock.Text("I will add a note."),
            Call("toolu_note", "add_note", new JsonObject { ["text"] = "Called the user" })));
        var haloCallsBefore = Halo.ApiRequests.Count;

        var completion = await PostAsync("""{"tools":[{"type":"function","function":{"name":"add_note","parameters":{"type":"object","properties":{"text":{"type":"string"}}}}}],"messages":[{"role":"user","content":"Add a note to ticket 10231 that I called the user."}]}""");

        var choice = completion["choices"]![0]!;
        choice["finish_reason"]!.GetValue<string>().ShouldBe("tool_calls");
        choice["message"]!["tool_calls"]![0]!["function"]!["name"]!.GetValue<string>().ShouldBe("add_note");
        Upstream.Received.Count.ShouldBe(1);
        var offered = Upstream.Received[0].Body["tools"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).ToList();
        offered.ShouldContain("add_note");
        offered.ShouldContain("get_ticket");
        Halo.ApiRequests.Skip(haloCallsBefore).ShouldNotContain(r => r.Contains("add_note", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_turn_calling_both_kinds_returns_only_the_callers_calls_and_runs_none_of_ours()
    {
        Upstream.Enqueue(FakeReply.Answer(
            "tool_use",
            Call("toolu_ours", "get_user", new JsonObject { ["user_id"] = 201 }),
            Call("toolu_theirs", "add_note", new JsonObject { ["text"] = "x" })));

        var completion = await PostAsync("""{"tools":[{"type":"function","function":{"name":"add_note","parameters":{"type":"object","properties":{"text":{"type":"string"}}}}}],"messages":[{"role":"system","content":"Ticket #10231"},{"role":"user","content":"Note it."}]}""");

        var calls = completion["choices"]![0]!["message"]!["tool_calls"]!.AsArray();
        calls.Count.ShouldBe(1);
        calls[0]!["id"]!.GetValue<string>().ShouldBe("toolu_theirs");
        Proxy.Services.GetRequiredService<ToolAudit>().Recent().ShouldBeEmpty(); // our call was not run
        Upstream.Received.Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_streamed_request_with_tool_rounds_streams_only_the_final_answer()
    {
        Upstream.Enqueue(
            FakeReply.Answer("tool_use", FakeBlock.Text("Let me look that up."), Call("toolu_s", "get_ticket_actions", new JsonObject { ["ticket_id"] = 10231 })),
            FakeReply.Text("The escalation to 2nd line is noted in a private note.") with { DeltaSize = 3 });

        var items = await StreamAsync(AboutTicket.Replace("{\"messages\"", "{\"stream\":true,\"messages\"", StringComparison.Ordinal));

        items[^1].IsDone.ShouldBeTrue();
        var deltas = items.Where(i => i.Data is not null && !i.IsDone).Select(i => i.Json["choices"]!.AsArray()).Where(c => c.Count > 0).Select(c => c[0]!).ToList();
        string.Concat(deltas.Select(d => d["delta"]!["content"]?.GetValue<string>())).ShouldBe("The escalation to 2nd line is noted in a private note.");
        deltas.ShouldNotContain(d => d["delta"]!["tool_calls"] != null);
        deltas.Last(d => d["finish_reason"] != null)["finish_reason"]!.GetValue<string>().ShouldBe("stop");
    }

    [Fact]
    public async Task Every_tool_call_is_in_the_audit_trail()
    {
        Upstream.Enqueue(
            FakeReply.Answer("tool_use", Call("toolu_a", "get_user", new JsonObject { ["user_id"] = 201 }), Call("toolu_b", "get_ticket", new JsonObject { ["ticket_id"] = 10241 })),
            FakeReply.Text("Done."));

        await PostAsync(AboutTicket);

        var audit = Proxy.Services.GetRequiredService<ToolAudit>().Recent();
        audit.Count.ShouldBe(2);
        audit.ShouldContain(r => r.Tool == "get_user" && r.Outcome == "ok" && r.Bytes > 0 && r.Scope.Contains("client 12", StringComparison.Ordinal));
        audit.ShouldContain(r => r.Tool == "get_ticket" && r.Outcome == "refused" && r.Arguments.Contains("10241", StringComparison.Ordinal));
        audit.ShouldAllBe(r => r.KeyFingerprint.StartsWith("key-", StringComparison.Ordinal));
        Proxy.Logs.AllText.ShouldNotContain(ProxyHost.Key);
    }
}
