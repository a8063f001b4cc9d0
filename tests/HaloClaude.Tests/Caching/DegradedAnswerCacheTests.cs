using System.Text.Json.Nodes;

using HaloClaude.Tests.Agent;
using HaloClaude.Tests.TestKit;

namespace HaloClaude.Tests.Caching;

/// <summary>An answer Claude gave without the Halo data it needed (Halo down, a tool failing) must not outlive the outage.</summary>
public sealed class DegradedAnswerCacheTests : AgentTestBase
{
    private const string AboutTicket = """{"messages":[{"role":"system","content":"You help the service desk. Ticket #10231"},{"role":"user","content":"What should the technician do next?"}]}""";

    protected override Dictionary<string, string?> Settings => new()
    {
        ["Cache:ResponseTtl"] = "00:05:00",
        ["Cache:HaloLookupTtl"] = "00:00:00",
    };

    [Fact]
    public async Task An_answer_about_a_ticket_with_its_context_is_cached()
    {
        Upstream.Enqueue(FakeReply.Text("Reinstall VetLedger."), FakeReply.Text("A different answer"));

        await PostAsync(AboutTicket);
        var second = await Proxy.PostChatAsync(AboutTicket, cancellationToken: Token);

        second.Headers.GetValues("x-cache").ShouldBe(["HIT"]);
        Upstream.Received.Count.ShouldBe(1);
    }

    [Fact]
    public async Task An_answer_made_while_the_ticket_could_not_be_read_from_halo_is_not_cached()
    {
        Halo.Fail("Tickets/10231", 500);
        Upstream.Enqueue(FakeReply.Text("I could not see the ticket."), FakeReply.Text("Still without the ticket."));

        await PostAsync(AboutTicket);
        var second = await Proxy.PostChatAsync(AboutTicket, cancellationToken: Token);

        second.Headers.GetValues("x-cache").ShouldBe(["BYPASS"]); // still unreadable: not looked up, not stored
        Upstream.Received.Count.ShouldBe(2);
    }

    [Fact]
    public async Task An_answer_after_a_successful_halo_tool_call_is_cached()
    {
        Upstream.Enqueue(
            FakeReply.Answer("tool_use", Call("toolu_x", "get_asset", new JsonObject { ["asset_id"] = 3001 })),
            FakeReply.Text("RECEP-PC01 needs the VetLedger update."));

        await PostAsync(AboutTicket);
        var second = await Proxy.PostChatAsync(AboutTicket, cancellationToken: Token);

        second.Headers.GetValues("x-cache").ShouldBe(["HIT"]);
        Upstream.Received.Count.ShouldBe(2);
    }

    [Fact]
    public async Task An_answer_after_a_failed_halo_tool_call_is_not_cached()
    {
        Halo.Fail("Asset/3001", 500);
        Upstream.Enqueue(
            FakeReply.Answer("tool_use", Call("toolu_x", "get_asset", new JsonObject { ["asset_id"] = 3001 })),
            FakeReply.Text("The asset could not be read."),
            FakeReply.Answer("tool_use", Call("toolu_y", "get_asset", new JsonObject { ["asset_id"] = 3001 })),
            FakeReply.Text("The asset could not be read again."));

        Content(await PostAsync(AboutTicket)).ShouldBe("The asset could not be read.");
        var second = await PostAsync(AboutTicket);

        Content(second).ShouldBe("The asset could not be read again.");
        Upstream.Received.Count.ShouldBe(4);
    }
}
