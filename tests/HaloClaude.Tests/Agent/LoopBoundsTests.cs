using System.Text.Json.Nodes;

using HaloClaude.Agent;
using HaloClaude.Tests.TestKit;

using Microsoft.Extensions.DependencyInjection;

namespace HaloClaude.Tests.Agent;

/// <summary>The loop's bounds end it gracefully (a final answer without tools), and a long tool round keeps the stream alive.</summary>
public sealed class LoopBoundsTests : AgentTestBase
{
    private const string AboutTicket = """{"messages":[{"role":"system","content":"You help the service desk. Ticket #10231"},{"role":"user","content":"Summarise this ticket."}]}""";

    private static string? ToolChoiceSent(JsonNode body) => body["tool_choice"]?["type"]?.GetValue<string>();

    [Fact]
    public async Task The_tool_call_bound_runs_no_more_calls_and_asks_for_a_final_answer_without_tools()
    {
        await RestartProxyAsync(new() { ["Agent:MaxToolCalls"] = "2" });
        Upstream.Enqueue(
            FakeReply.Answer(
                "tool_use",
                Call("t1", "get_user", new JsonObject { ["user_id"] = 201 }),
                Call("t2", "get_asset", new JsonObject { ["asset_id"] = 3001 }),
                Call("t3", "get_ticket_actions", new JsonObject { ["ticket_id"] = 10231 })),
            FakeReply.Text("Answer with two lookups."));

        var completion = await PostAsync(AboutTicket);

        Content(completion).ShouldBe("Answer with two lookups.");
        var results = ToolResults(1);
        results.Select(r => r["tool_use_id"]!.GetValue<string>()).ShouldBe(["t1", "t2", "t3"]);
        results[0]["is_error"].ShouldBeNull();
        results[1]["is_error"].ShouldBeNull();
        results[2]["is_error"]!.GetValue<bool>().ShouldBeTrue();
        ResultText(results[2]).ShouldContain("budget");
        Proxy.Services.GetRequiredService<ToolAudit>().Recent().Select(r => r.Tool).ShouldBe(["get_user", "get_asset"], ignoreOrder: true);
        ToolChoiceSent(Upstream.Received[1].Body).ShouldBe("none");
        Upstream.Received[1].Body["tools"].ShouldNotBeNull(); // Anthropic needs the definitions while the history holds tool calls
    }

    [Fact]
    public async Task Results_are_cut_to_the_per_result_bound_and_the_total_bound_ends_the_loop()
    {
        await RestartProxyAsync(new() { ["Agent:MaxResultBytes"] = "600", ["Agent:MaxTotalResultBytes"] = "600" });
        Upstream.Enqueue(
            FakeReply.Answer("tool_use", Call("t1", "get_ticket_actions", new JsonObject { ["ticket_id"] = 10231 })),
            FakeReply.Text("Done with what fits."));

        var completion = await PostAsync(AboutTicket);

        Content(completion).ShouldBe("Done with what fits.");
        var text = ResultText(ToolResults(1).Single());
        System.Text.Encoding.UTF8.GetByteCount(text).ShouldBeLessThanOrEqualTo(600);
        text.ShouldContain("cut");
        ToolChoiceSent(Upstream.Received[1].Body).ShouldBe("none");
    }

    [Fact]
    public async Task The_wall_time_bound_stops_new_tool_rounds()
    {
        await RestartProxyAsync(new() { ["Agent:MaxWallTime"] = "00:00:00.010", ["Cache:HaloLookupTtl"] = "00:00:00" }); // the round must reach Halo
        Halo.ApiDelay = TimeSpan.FromMilliseconds(50); // one round alone outlasts the bound
        Upstream.Enqueue(
            FakeReply.Answer("tool_use", Call("t1", "get_user", new JsonObject { ["user_id"] = 201 })),
            FakeReply.Text("Out of time, here is what I have."));

        var completion = await PostAsync(AboutTicket);

        Content(completion).ShouldBe("Out of time, here is what I have.");
        Upstream.Received.Count.ShouldBe(2);
        ToolChoiceSent(Upstream.Received[1].Body).ShouldBe("none");
    }

    [Fact]
    public async Task Keep_alive_comments_flow_while_a_tool_round_runs()
    {
        await RestartProxyAsync(new() { ["Limits:KeepAliveInterval"] = "00:00:00.050", ["Cache:HaloLookupTtl"] = "00:00:00" }); // the round must reach Halo
        Upstream.Enqueue(
            FakeReply.Answer("tool_use", Call("t1", "get_ticket_actions", new JsonObject { ["ticket_id"] = 10231 })),
            FakeReply.Text("The history says VetLedger was escalated."));
        Halo.ApiDelay = TimeSpan.FromMilliseconds(400); // set after the proxy started, so the context pre-fetch is slow too

        var items = await StreamAsync(AboutTicket.Replace("{\"messages\"", "{\"stream\":true,\"messages\"", StringComparison.Ordinal));

        var firstText = items.FindIndex(i => i.Data is not null && !i.IsDone && i.Json["choices"]!.AsArray() is [{ } choice, ..] && choice["delta"]?["content"]?.GetValue<string>() is { Length: > 0 });
        var lastComment = items.FindLastIndex(i => i.Comment is not null);
        firstText.ShouldBeGreaterThan(0);
        lastComment.ShouldBeGreaterThan(0); // a comment was written while the round ran …
        lastComment.ShouldBeLessThan(firstText); // … before the final answer's text, not after it
        items[^1].IsDone.ShouldBeTrue();
    }

    [Fact]
    public async Task Cached_prompt_tokens_of_every_turn_are_reported_in_the_usage()
    {
        Upstream.Enqueue(
            FakeReply.Answer("tool_use", Call("t1", "get_user", new JsonObject { ["user_id"] = 201 })) with { InputTokens = 100, CacheReadTokens = 3000, CacheCreationTokens = 500, OutputTokens = 10 },
            FakeReply.Text("Marisol is the user.") with { InputTokens = 300, CacheReadTokens = 3500, OutputTokens = 20 });

        var completion = await PostAsync(AboutTicket);

        var usage = completion["usage"]!;
        usage["prompt_tokens_details"]!["cached_tokens"]!.GetValue<int>().ShouldBe(6500);
        usage["prompt_tokens"]!.GetValue<int>().ShouldBe(100 + 3000 + 500 + 300 + 3500);
        usage["completion_tokens"]!.GetValue<int>().ShouldBe(30);
    }
}
