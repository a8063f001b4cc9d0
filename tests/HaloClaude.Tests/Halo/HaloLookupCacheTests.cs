using System.Text.Json;

using HaloClaude.Agent;
using HaloClaude.Halo.Tools;
using HaloClaude.Tests.TestKit;

using Microsoft.Extensions.DependencyInjection;

namespace HaloClaude.Tests.Halo;

/// <summary>Halo lookups are kept briefly (<c>Cache:HaloLookupTtl</c>): repeated tool calls and the ticket context share
/// one Halo request, errors are never kept, and the client scope is applied to kept records exactly as to fresh ones.</summary>
public sealed class HaloLookupCacheTests : IAsyncLifetime
{
    private const string TicketPath = "GET /api/Tickets/10231?includedetails=true";

    private FakeHalo _halo = null!;

    public async ValueTask InitializeAsync() => _halo = await FakeHalo.StartAsync();

    public async ValueTask DisposeAsync() => await _halo.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static JsonElement Input(string json) => JsonDocument.Parse(json).RootElement;

    private HaloTestServices Services(string ttl) =>
        HaloTestServices.Create(_halo, new Dictionary<string, string?> { ["Cache:HaloLookupTtl"] = ttl });

    private int Requests(string request) => _halo.ApiRequests.Count(r => r == request);

    [Fact]
    public async Task Two_identical_tool_calls_within_the_ttl_make_one_Halo_request()
    {
        await using var services = Services("00:01:00");

        var first = await services.Tools.ExecuteAsync(HaloToolCatalog.GetTicket, Input("""{"ticket_id": 10231}"""), Ct);
        var second = await services.Tools.ExecuteAsync(HaloToolCatalog.GetTicket, Input("""{"ticket_id": 10231}"""), Ct);

        first.IsError.ShouldBeFalse(first.Text);
        second.Text.ShouldBe(first.Text);
        Requests(TicketPath).ShouldBe(1);
    }

    [Fact]
    public async Task With_the_ttl_at_zero_every_tool_call_asks_Halo()
    {
        await using var services = Services("00:00:00");

        await services.Tools.ExecuteAsync(HaloToolCatalog.GetTicket, Input("""{"ticket_id": 10231}"""), Ct);
        await services.Tools.ExecuteAsync(HaloToolCatalog.GetTicket, Input("""{"ticket_id": 10231}"""), Ct);

        Requests(TicketPath).ShouldBe(2);
    }

    [Fact]
    public async Task Different_arguments_are_different_lookups()
    {
        await using var services = Services("00:01:00");

        await services.Tools.ExecuteAsync(HaloToolCatalog.GetClientTickets, Input("""{"client_id": 12}"""), Ct);
        await services.Tools.ExecuteAsync(HaloToolCatalog.GetClientTickets, Input("""{"client_id": 12, "open_only": true}"""), Ct);
        await services.Tools.ExecuteAsync(HaloToolCatalog.GetClientTickets, Input("""{"client_id": 12}"""), Ct);

        Requests("GET /api/Tickets?client_id=12&count=10").ShouldBe(1);
        Requests("GET /api/Tickets?client_id=12&open_only=true&count=10").ShouldBe(1);
    }

    [Fact]
    public async Task A_failed_lookup_is_never_kept()
    {
        await using var services = Services("00:01:00");
        _halo.Enqueue(new FakeHaloFault(500), new FakeHaloFault(500));

        var failed = await services.Tools.ExecuteAsync(HaloToolCatalog.GetTicket, Input("""{"ticket_id": 10231}"""), Ct);
        var retried = await services.Tools.ExecuteAsync(HaloToolCatalog.GetTicket, Input("""{"ticket_id": 10231}"""), Ct);
        var missing = await services.Tools.ExecuteAsync(HaloToolCatalog.GetTicket, Input("""{"ticket_id": 999}"""), Ct);
        _halo.Serve("Tickets/999", """{"id": 999, "summary": "Created a moment ago", "status_name": "New"}""");
        var created = await services.Tools.ExecuteAsync(HaloToolCatalog.GetTicket, Input("""{"ticket_id": 999}"""), Ct);

        failed.IsError.ShouldBeTrue();
        failed.Text.ShouldContain("Halo failed with HTTP 500");
        retried.IsError.ShouldBeFalse(retried.Text);
        Requests(TicketPath).ShouldBe(3);
        missing.Text.ShouldBe("Ticket 999 does not exist.");
        created.Text.ShouldStartWith("Ticket #999: Created a moment ago");
    }

    [Fact]
    public async Task An_answer_that_cannot_be_read_is_not_kept()
    {
        await using var services = Services("00:01:00");
        _halo.Serve("KBArticle/900", "<html><body>Sign in to Halo</body></html>");

        var unreadable = await services.Tools.ExecuteAsync(HaloToolCatalog.GetKbArticle, Input("""{"article_id": 900}"""), Ct);
        _halo.Serve("KBArticle/900", """{"id": 900, "name": "Readable now", "resolution": "<p>Step one</p>"}""");
        var readable = await services.Tools.ExecuteAsync(HaloToolCatalog.GetKbArticle, Input("""{"article_id": 900}"""), Ct);

        unreadable.IsError.ShouldBeTrue();
        unreadable.Text.ShouldContain("was not JSON the proxy could read");
        readable.IsError.ShouldBeFalse(readable.Text);
        readable.Text.ShouldContain("Step one");
    }

    [Fact]
    public async Task A_kept_record_of_another_client_is_still_refused_for_a_request_scoped_to_a_different_client()
    {
        await using var services = Services("00:01:00");
        var before = await services.Tools.ExecuteAsync(HaloToolCatalog.GetTicket, Input("""{"ticket_id": 10233}"""), Ct); // client 15, unscoped
        var scope = new ToolScope("req-1", "fp", ticketId: 10231, clientDataWithoutTicket: false); // client 12
        (await services.Tools.ExecuteAsync(HaloToolCatalog.GetTicket, Input("""{"ticket_id": 10231}"""), scope, Ct)).IsError.ShouldBeFalse();

        var refused = await services.Tools.ExecuteAsync(HaloToolCatalog.GetTicket, Input("""{"ticket_id": 10233}"""), scope, Ct);

        before.Text.ShouldContain("Quillbrook");
        refused.Refused.ShouldBeTrue();
        refused.Text.ShouldStartWith("Refused: ticket 10233 is outside this request's scope");
        refused.Text.ShouldNotContain("Quillbrook");
        Requests("GET /api/Tickets/10233?includedetails=true").ShouldBe(1);
    }

    [Fact]
    public async Task A_kept_record_of_another_client_is_withheld_even_when_the_id_passes_the_first_check()
    {
        await using var services = Services("00:01:00");
        var unscoped = await services.Tools.ExecuteAsync(HaloToolCatalog.GetUser, Input("""{"user_id": 201}"""), Ct); // Fernhollow (12)
        var scope = new OneClientScope(15); // lets every id through to Halo, then vets the record's client

        var withheld = await services.Tools.ExecuteAsync(HaloToolCatalog.GetUser, Input("""{"user_id": 201}"""), scope, Ct);
        var ownClient = await services.Tools.ExecuteAsync(HaloToolCatalog.GetUser, Input("""{"user_id": 204}"""), scope, Ct);

        unscoped.Text.ShouldContain("Marisol Eversleigh");
        Requests("GET /api/Users/201?includedetails=true").ShouldBe(1); // the scoped call was answered from the cache
        withheld.IsError.ShouldBeTrue();
        withheld.Text.ShouldBe("User 201 was not found.");
        ownClient.Text.ShouldContain("Callum Ashdowne");
        scope.Vetted.ShouldBe([(HaloRecordKind.User, 201L, 12L), (HaloRecordKind.User, 204L, 15L)]);
    }

    [Fact]
    public async Task The_ticket_context_is_kept_for_the_ttl_and_its_lookups_serve_the_tools()
    {
        await using var services = Services("00:01:00");
        var context = services.Services.GetRequiredService<HaloTicketContext>();

        var first = await context.BuildAsync(new ToolScope("req-1", "fp", 10231, false), Ct);
        var secondScope = new ToolScope("req-2", "fp", 10231, false);
        var second = await context.BuildAsync(secondScope, Ct);
        var tool = await services.Tools.ExecuteAsync(HaloToolCatalog.GetUser, Input("""{"user_id": 201}"""), secondScope, Ct);

        first.ShouldNotBeNull();
        first.ShouldContain("Ticket #10231");
        second.ShouldBe(first);
        secondScope.ClientId.ShouldBe(12); // the kept context still ties the new request's scope to the ticket's client
        tool.IsError.ShouldBeFalse(tool.Text);
        Requests(TicketPath).ShouldBe(1);
        Requests("GET /api/Actions?ticket_id=10231&excludesys=true&includehtmlnote=true").ShouldBe(1);
        Requests("GET /api/Users/201?includedetails=true").ShouldBe(1);
        Requests("GET /api/Client/12?includedetails=true").ShouldBe(1);
    }

    [Fact]
    public async Task A_ticket_context_with_a_part_Halo_failed_to_give_is_not_kept()
    {
        await using var services = Services("00:01:00");
        var context = services.Services.GetRequiredService<HaloTicketContext>();
        _halo.Fail("Users/201", 503);

        var partial = await context.BuildAsync(new ToolScope("req-1", "fp", 10231, false), Ct);
        _halo.Serve("Users/201", File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "HaloSample", "users.201.json")));
        var whole = await context.BuildAsync(new ToolScope("req-2", "fp", 10231, false), Ct);

        partial.ShouldNotBeNull();
        partial.ShouldContain("Ticket #10231");
        partial.ShouldNotContain("User Marisol Eversleigh");
        whole.ShouldNotBeNull();
        whole.ShouldContain("User Marisol Eversleigh (id 201)");
        Requests(TicketPath).ShouldBe(1); // the parts that were read stay kept
    }

    [Fact]
    public async Task With_the_ttl_at_zero_the_ticket_context_is_read_again()
    {
        await using var services = Services("00:00:00");
        var context = services.Services.GetRequiredService<HaloTicketContext>();

        await context.BuildAsync(new ToolScope("req-1", "fp", 10231, false), Ct);
        await context.BuildAsync(new ToolScope("req-2", "fp", 10231, false), Ct);

        Requests(TicketPath).ShouldBe(2);
    }

    /// <summary>A scope limited to one client that refuses no id up front, so only the record check stands between a
    /// kept record of another client and Claude.</summary>
    private sealed class OneClientScope(long clientId) : IHaloScope
    {
        public List<(HaloRecordKind Kind, long Id, long ClientId)> Vetted { get; } = [];

        public long? TicketId => null;

        public long? ClientId => clientId;

        public bool Restricted => true;

        public string? Refusal(HaloRecordKind kind, long id) => null;

        public void BindClient(long clientId, string? clientName)
        {
        }

        public bool Accept(HaloRecordKind kind, long id, long recordClientId)
        {
            lock (Vetted)
            {
                Vetted.Add((kind, id, recordClientId));
            }

            return recordClientId == clientId;
        }
    }
}
