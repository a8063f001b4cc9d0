using System.Text.Json.Nodes;

using HaloClaude.Tests.TestKit;

namespace HaloClaude.Tests.Agent;

/// <summary>The documented switches of the agent: per-deployment tools, client data without a ticket, ticket patterns, the context cache.</summary>
public sealed class AgentSettingsTests : AgentTestBase
{
    private static List<string> ToolsOffered(JsonNode body) =>
        body["tools"]?.AsArray().Select(t => t!["name"]!.GetValue<string>()).ToList() ?? [];

    private int TicketReads(long id) =>
        Halo.ApiRequests.Count(r => r.StartsWith($"GET /api/Tickets/{id}", StringComparison.OrdinalIgnoreCase));

    [Fact]
    public async Task A_deployment_with_Halo_tools_off_gets_no_tools_no_context_and_no_Halo_calls()
    {
        await RestartProxyAsync(new() { ["Deployments:claude-sonnet-5-5:HaloTools"] = "false" });

        await PostAsync("""{"messages":[{"role":"system","content":"Ticket #10231"},{"role":"user","content":"Summarise it."}]}""");

        var body = Upstream.Received[0].Body;
        body["model"]!.GetValue<string>().ShouldBe("claude-sonnet-5-5"); // the default model is kept when only the switch is set
        ToolsOffered(body).ShouldBeEmpty();
        body["system"]!.ToJsonString().ShouldNotContain("Halo ticket context");
        Halo.ApiRequests.ShouldBeEmpty();
    }

    [Fact]
    public async Task Without_a_ticket_client_data_can_be_allowed_by_configuration()
    {
        await RestartProxyAsync(new() { ["Agent:ClientDataWithoutTicket"] = "true" });
        Upstream.Enqueue(
            FakeReply.Answer("tool_use", Call("t1", "get_client_tickets", new JsonObject { ["client_id"] = 15 })),
            FakeReply.Text("Quillbrook has open tickets."));

        await PostAsync("""{"messages":[{"role":"user","content":"Which clients have open tickets?"}]}""");

        ToolsOffered(Upstream.Received[0].Body).ShouldContain("get_client_tickets");
        ToolResults(1).Single()["is_error"].ShouldBeNull();
        Halo.ApiRequests.ShouldContain(r => r.Contains("client_id=15", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_configured_ticket_pattern_finds_the_ticket_a_request_is_about()
    {
        const string Question = """{"messages":[{"role":"user","content":"Please look at case HD-10231 for me."}]}""";
        await PostAsync(Question);
        TicketReads(10231).ShouldBe(0); // "case HD-…" is no built-in pattern

        await RestartProxyAsync(new() { ["Agent:TicketPatterns:0"] = @"\bcase\s+HD-(?<id>\d+)" });
        await PostAsync(Question);

        TicketReads(10231).ShouldBeGreaterThan(0);
        Upstream.Received[^1].Body["system"]!.ToJsonString().ShouldContain("VetLedger");
    }

    [Fact]
    public async Task The_ticket_context_is_cached_per_ticket_and_read_again_when_the_cache_is_off()
    {
        await PostAsync("""{"messages":[{"role":"system","content":"Ticket #10231"},{"role":"user","content":"First question."}]}""");
        await PostAsync("""{"messages":[{"role":"system","content":"Ticket #10231"},{"role":"user","content":"Second question."}]}""");
        var cached = TicketReads(10231);

        await RestartProxyAsync(new() { ["Cache:HaloLookupTtl"] = "00:00:00" });
        var before = TicketReads(10231);
        await PostAsync("""{"messages":[{"role":"system","content":"Ticket #10231"},{"role":"user","content":"Third question."}]}""");
        await PostAsync("""{"messages":[{"role":"system","content":"Ticket #10231"},{"role":"user","content":"Fourth question."}]}""");

        cached.ShouldBe(1);
        (TicketReads(10231) - before).ShouldBe(2);
        Upstream.Received.ShouldAllBe(r => r.Body["system"]!.ToJsonString().Contains("VetLedger", StringComparison.Ordinal));
    }
}
