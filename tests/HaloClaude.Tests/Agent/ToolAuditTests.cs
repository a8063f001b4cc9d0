using HaloClaude.Agent;

using Microsoft.Extensions.Logging.Abstractions;

namespace HaloClaude.Tests.Agent;

/// <summary>The in-memory audit trail keeps the newest calls only, and a request's calls stay findable exactly as long as they are kept.</summary>
public sealed class ToolAuditTests
{
    private const int Capacity = 1000;

    [Fact]
    public void A_request_keeps_its_calls_until_the_last_of_them_is_pushed_out()
    {
        var audit = new ToolAudit(NullLogger<ToolAudit>.Instance);
        audit.Record(Call("req-a", "get_ticket"));
        audit.Record(Call("req-a", "get_user"));
        for (var i = 0; i < Capacity - 2; i++)
        {
            audit.Record(Call($"filler-{i}", "search_kb"));
        }

        audit.ForRequest("req-a").Select(r => r.Tool).ShouldBe(["get_ticket", "get_user"]);

        audit.Record(Call("req-b", "get_client"));
        audit.ForRequest("req-a").Select(r => r.Tool).ShouldBe(["get_user"]);

        audit.Record(Call("req-b", "get_asset"));
        audit.ForRequest("req-a").ShouldBeEmpty();
        audit.ForRequest("req-b").Select(r => r.Tool).ShouldBe(["get_client", "get_asset"]);
        audit.Recent(1).Single().Tool.ShouldBe("get_asset");
    }

    [Fact]
    public void A_request_without_lookups_has_no_calls_and_no_context()
    {
        var audit = new ToolAudit(NullLogger<ToolAudit>.Instance);
        audit.Record(Call("req-a", "get_ticket"));

        audit.ForRequest("req-other").ShouldBeEmpty();
        audit.ContextFor("req-other").ShouldBeNull();
    }

    [Fact]
    public void A_ticket_context_is_found_for_its_request_while_the_request_also_has_calls()
    {
        var audit = new ToolAudit(NullLogger<ToolAudit>.Instance);
        var scope = new ToolScope("req-a", "key-1", ticketId: 42, clientDataWithoutTicket: false);
        audit.Record(Call("req-a", "get_ticket"));
        audit.RecordContext(scope, "Ticket #42 …", DateTimeOffset.UtcNow, TimeSpan.FromMilliseconds(3));

        audit.ContextFor("req-a")!.Outcome.ShouldBe("ok");
        audit.ForRequest("req-a").Select(r => r.Tool).ShouldBe(["get_ticket"]);
    }

    private static ToolCallRecord Call(string requestId, string tool) =>
        new(DateTimeOffset.UtcNow, requestId, "key-1", tool, "{}", "client 7", "ok", 10, TimeSpan.FromMilliseconds(1));
}
