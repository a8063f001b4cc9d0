using System.Text;
using System.Text.Json;

using HaloClaude.Halo.Tools;
using HaloClaude.Tests.TestKit;

namespace HaloClaude.Tests.Halo;

/// <summary>Each tool against the fake Halo serving the "Kestrelpoint IT" sample tenant: right path and query, and a
/// rendering with what a technician needs (names, not bare ids; private notes marked).</summary>
public sealed class HaloToolTests : IAsyncLifetime
{
    private FakeHalo _halo = null!;
    private HaloTestServices _services = null!;

    public async ValueTask InitializeAsync()
    {
        _halo = await FakeHalo.StartAsync();
        _services = HaloTestServices.Create(_halo);
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _halo.DisposeAsync();
    }

    private async Task<HaloToolResult> RunAsync(string tool, string json) =>
        await _services.Tools.ExecuteAsync(tool, JsonDocument.Parse(json).RootElement, TestContext.Current.CancellationToken);

    private async Task<string> TextAsync(string tool, string json)
    {
        var result = await RunAsync(tool, json);
        result.IsError.ShouldBeFalse(result.Text);
        return result.Text;
    }

    [Fact]
    public void Catalogue_offers_exactly_the_eleven_read_only_tools_with_strict_schemas()
    {
        var tools = _services.Tools.Definitions;

        tools.Select(t => t.Name).ShouldBe([
            "get_ticket", "get_ticket_actions", "get_user", "get_user_tickets", "get_client", "get_client_tickets",
            "search_tickets", "search_kb", "get_kb_article", "get_asset", "get_available_actions"]);
        foreach (var tool in tools)
        {
            tool.Description!.Length.ShouldBeGreaterThan(60);
            tool.InputSchema["type"]!.GetValue<string>().ShouldBe("object");
            tool.InputSchema["additionalProperties"]!.GetValue<bool>().ShouldBeFalse();
            tool.InputSchema["required"]!.AsArray().Count.ShouldBe(1);
        }

        tools[0].InputSchema["properties"]!["ticket_id"]!["type"]!.GetValue<string>().ShouldBe("integer");
        tools[0].InputSchema["properties"]!["ticket_id"]!["minimum"]!.GetValue<int>().ShouldBe(1);
        _services.Tools.Definitions.ShouldNotBeSameAs(tools); // each caller gets its own copy to mark
    }

    [Fact]
    public async Task Get_ticket_renders_names_dates_assets_and_the_cleaned_request()
    {
        var text = await TextAsync("get_ticket", """{"ticket_id": 10231}""");

        _halo.ApiRequests.ShouldBe(["GET /api/Tickets/10231?includedetails=true"]);
        text.ShouldStartWith("Ticket #10231: VetLedger won't open on reception PC");
        text.ShouldContain("Status: In Progress");
        text.ShouldContain("Priority: High");
        text.ShouldContain("Client: Fernhollow Veterinary Group (id 12)");
        text.ShouldContain("End user: Marisol Eversleigh (id 201), marisol.eversleigh@fernhollow-vets.example");
        text.ShouldContain("Agent: Nadia Corrowby (id 3)");
        text.ShouldContain("Fix by: 2025-06-02 17:30 UTC");
        text.ShouldNotContain("Deadline"); // 1900-01-01 means unset
        text.ShouldContain("Linked asset: RECEP-PC01 / KPT-000431 / Workstation (asset id 3001)");
        text.ShouldContain("Business impact: Reception cannot book or take payments");
        text.ShouldContain("Kind regards,\nMarisol Eversleigh");
        text.ShouldNotContain("<");
        text.ShouldNotContain("font-family");
    }

    [Fact]
    public async Task Get_ticket_of_an_unassigned_ticket_says_unassigned()
    {
        var text = await TextAsync("get_ticket", """{"ticket_id": 10242}""");

        text.ShouldContain("Agent: Unassigned");
    }

    [Fact]
    public async Task Get_ticket_for_a_missing_ticket_is_a_plain_error()
    {
        var result = await RunAsync("get_ticket", """{"ticket_id": 999}""");

        result.IsError.ShouldBeTrue();
        result.Text.ShouldBe("Ticket 999 does not exist.");
    }

    [Fact]
    public async Task Get_ticket_actions_lists_history_newest_first_without_system_actions_and_marks_private_notes()
    {
        var text = await TextAsync("get_ticket_actions", """{"ticket_id": 10231}""");

        _halo.ApiRequests.ShouldBe(["GET /api/Actions?ticket_id=10231&excludesys=true&includehtmlnote=true"]);
        text.ShouldNotContain("SYSTEM-ACTION");
        text.ShouldContain("4 action(s), newest first; 2 private note(s)");
        var privateNote = text.IndexOf("Escalating to 2nd Line", StringComparison.Ordinal);
        var firstEmail = text.IndexOf("I'm connected to the reception PC", StringComparison.Ordinal);
        privateNote.ShouldBeLessThan(firstEmail);
        text.ShouldContain("Private Note · Nadia Corrowby (agent) · [PRIVATE NOTE – internal, not visible to the end user]");
        text.ShouldContain("Email Received · Marisol Eversleigh (end user)");
        text.ShouldContain("E-mail received: from marisol.eversleigh@fernhollow-vets.example");
        text.ShouldContain("status → In Progress");
        text.ShouldContain("Cache reset per KB 501 did not fix it.");
        text.ShouldNotContain("<strong>");
    }

    [Fact]
    public async Task Get_ticket_actions_can_leave_private_notes_out()
    {
        var text = await TextAsync("get_ticket_actions", """{"ticket_id": 10231, "include_private": false}""");

        text.ShouldContain("2 action(s)");
        text.ShouldNotContain("[PRIVATE NOTE", Case.Sensitive);
        text.ShouldContain("private notes left out");
        text.ShouldNotContain("Escalating to 2nd Line");
        text.ShouldContain("Card payments are the bigger problem");
    }

    [Fact]
    public async Task Get_ticket_actions_for_a_missing_ticket_says_so()
    {
        var result = await RunAsync("get_ticket_actions", """{"ticket_id": 999}""");

        result.IsError.ShouldBeTrue();
        result.Text.ShouldBe("Ticket 999 does not exist.");
    }

    [Fact]
    public async Task Get_user_renders_title_client_site_contacts_and_notes()
    {
        var text = await TextAsync("get_user", """{"user_id": 204}""");

        _halo.ApiRequests.ShouldBe(["GET /api/Users/204?includedetails=true"]);
        text.ShouldStartWith("User Callum Ashdowne (id 204)");
        text.ShouldContain("Job title: Senior Architect");
        text.ShouldContain("Client: Quillbrook Architects LLP (id 15)");
        text.ShouldContain("Site: Studio");
        text.ShouldContain("E-mail: callum.ashdowne@quillbrook-arch.example");
        text.ShouldContain("Mobile: 07700 900 204");
        text.ShouldContain("Works from home Thursdays and Fridays.");
        text.ShouldContain("Preferred contact method: Email");
    }

    [Fact]
    public async Task Get_user_tickets_lists_the_users_tickets_with_status_names()
    {
        var text = await TextAsync("get_user_tickets", """{"user_id": 204, "count": 5}""");

        _halo.ApiRequests[0].ShouldBe("GET /api/Tickets?user_id=204&count=5");
        _halo.ApiRequests.ShouldContain("GET /api/Status?type=ticket");
        text.ShouldContain("- #10233 [In Progress] VPN disconnects every 10 minutes when working from home — Callum Ashdowne, Quillbrook Architects LLP; opened 2025-05-29");
        text.ShouldContain("- #10229 [Closed] Plotter offline after studio move");
        text.ShouldNotContain("agent 5");
    }

    [Fact]
    public async Task Get_client_renders_vip_contacts_technicians_and_notes()
    {
        var text = await TextAsync("get_client", """{"client_id": 15}""");

        _halo.ApiRequests.ShouldBe(["GET /api/Client/15?includedetails=true"]);
        text.ShouldStartWith("Client Quillbrook Architects LLP (id 15)");
        text.ShouldContain("VIP client: yes");
        text.ShouldContain("Main contact: Ingrid Halvorsen-Pike");
        text.ShouldContain("Phone: 01632 960 482");
        text.ShouldContain("Primary technician: Elias Varnholt");
        text.ShouldContain("Account manager: Sunniva Raskell");
        text.ShouldContain("Tickets: 3 open, 0 on hold, 4 in total");
        text.ShouldContain("Partners are VIP - escalate P2 or above to 2nd Line immediately.");
    }

    [Fact]
    public async Task Get_client_tickets_open_only_asks_Halo_for_open_tickets()
    {
        var text = await TextAsync("get_client_tickets", """{"client_id": 12, "open_only": true}""");

        _halo.ApiRequests[0].ShouldBe("GET /api/Tickets?client_id=12&open_only=true&count=10");
        text.ShouldContain("Open tickets of client 12: 3 ticket(s)");
        text.ShouldContain("#10231 [In Progress]");
        text.ShouldNotContain("#10227");
    }

    [Fact]
    public async Task Search_tickets_sends_the_escaped_query_and_lists_matches()
    {
        var text = await TextAsync("search_tickets", """{"query": "vpn", "open_only": false}""");
        var none = await TextAsync("search_tickets", """{"query": "zzzz & ../client?x=1"}""");

        _halo.ApiRequests[0].ShouldBe("GET /api/Tickets?search=vpn&count=10");
        _halo.ApiRequests.ShouldContain("GET /api/Tickets?search=zzzz%20%26%20..%2Fclient%3Fx%3D1&count=10");
        text.ShouldContain("#10242 [New] Remote desktop to head office drops out — Beatrix Onyango-Hale, Tarnside Logistics Ltd; opened 2025-06-04; Unassigned");
        text.ShouldContain("#10233 [In Progress] VPN disconnects");
        none.ShouldBe("Tickets matching \"zzzz & ../client?x=1\": no tickets found.");
    }

    [Fact]
    public async Task Search_tickets_can_be_narrowed_to_a_client()
    {
        var text = await TextAsync("search_tickets", """{"query": "vpn", "client_id": 15}""");

        _halo.ApiRequests[0].ShouldBe("GET /api/Tickets?client_id=15&search=vpn&count=10");
        text.ShouldContain("#10233");
        text.ShouldNotContain("#10242");
    }

    [Fact]
    public async Task Search_kb_lists_titles_tags_and_descriptions()
    {
        var text = await TextAsync("search_kb", """{"query": "vpn"}""");

        _halo.ApiRequests.ShouldBe(["GET /api/KBArticle?search=vpn&count=5"]);
        text.ShouldContain("- KB 503: TunnelGuard VPN drops after a few minutes on home broadband [tags: vpn,tunnelguard,remote working]");
        text.ShouldContain("Home routers that expire idle UDP sessions");
        text.ShouldContain("get_kb_article");
    }

    [Fact]
    public async Task Get_kb_article_renders_the_resolution_steps_as_text()
    {
        var text = await TextAsync("get_kb_article", """{"article_id": 501}""");

        _halo.ApiRequests.ShouldBe(["GET /api/KBArticle/501"]);
        text.ShouldStartWith("KB 501: VetLedger client will not start: reset the local cache");
        text.ShouldContain("Last edited: 2025-01-20 by Nadia Corrowby");
        text.ShouldContain("- The client log contains CacheIndex corrupt.");
        text.ShouldContain("2. Rename %LOCALAPPDATA%\\VetLedger\\cache to cache.old.");
        text.ShouldNotContain("<li>");
    }

    [Fact]
    public async Task Get_asset_renders_hostname_tag_and_the_hardware_fields()
    {
        var text = await TextAsync("get_asset", """{"asset_id": 3001}""");

        _halo.ApiRequests.ShouldBe(["GET /api/Asset/3001?includedetails=true"]);
        text.ShouldStartWith("Asset RECEP-PC01 / KPT-000431 (id 3001)");
        text.ShouldContain("Type: Workstation");
        text.ShouldContain("Client: Fernhollow Veterinary Group (id 12)");
        text.ShouldContain("Serial Number: HB7Q-22K9-0418");
        text.ShouldContain("Model: Halbrek Mini 7");
        text.ShouldContain("IP Address: 10.20.1.21");
        text.ShouldContain("Last Logged In User: FERNHOLLOW\\reception");
        text.ShouldContain("Warranty end: 2026-02-28");
        text.ShouldContain("Linked user: Marisol Eversleigh (id 201)");
    }

    [Fact]
    public async Task Get_ticket_falls_back_to_the_ticket_asset_list_when_the_ticket_has_none_inline()
    {
        _halo.Serve("Tickets/10231", """{"id": 10231, "summary": "Without inline assets", "status_name": "New"}""");

        var text = await TextAsync("get_ticket", """{"ticket_id": 10231}""");

        _halo.ApiRequests.ShouldContain("GET /api/Asset?ticket_id=10231&count=25");
        text.ShouldContain("Linked asset: RECEP-PC01 / KPT-000431 / Workstation (asset id 3001)");
    }

    [Fact]
    public async Task Get_available_actions_lists_the_ticket_types_visible_buttons_with_their_effects()
    {
        _halo.Serve("Outcome", """
            [{"id": 1, "outcome": "Note", "buttonname": "Add Note", "sequence": 1},
             {"id": 9, "outcome": "Closed", "buttonname": "Close Ticket", "sequence": 9, "sendemail": true, "newstatus": 9},
             {"id": 3, "outcome": "Private Note", "buttonname": "Private Note", "sequence": 3, "hidefromuser": true},
             {"id": 40, "outcome": "Hidden One", "buttonname": "Hidden One", "sequence": 2, "hidden": true},
             {"id": 41, "outcome": "SLA Timer", "buttonname": "SLA Timer", "sequence": 2, "systemid": 7}]
            """);

        var text = await TextAsync("get_available_actions", """{"ticket_id": 10231}""");

        _halo.ApiRequests.ShouldContain("GET /api/Tickets/10231?includedetails=true");
        _halo.ApiRequests.ShouldContain("GET /api/Outcome?tickettype_id=1");
        text.ShouldStartWith("Actions Halo offers for ticket #10231 (Incident, currently In Progress); the ticket's workflow step may allow only some of them:");
        text.ShouldContain("- Add Note (outcome \"Note\")\n- Private Note: private (internal)\n- Close Ticket (outcome \"Closed\"): e-mails the end user, sets status to Closed");
        text.ShouldNotContain("Hidden One");
        text.ShouldNotContain("SLA Timer");
    }

    [Fact]
    public async Task Get_available_actions_reads_the_sample_outcome_list()
    {
        var text = await TextAsync("get_available_actions", """{"ticket_id": 10233}""");

        text.ShouldContain("- Email User: e-mails the end user");
        text.ShouldContain("- Close Ticket (outcome \"Closed\"): e-mails the end user, sets status to Closed");
    }

    [Fact]
    public async Task A_history_too_large_with_html_notes_is_read_again_with_the_plain_notes()
    {
        _halo.ServeLarge("Actions?ticket_id=10231&excludesys=true&includehtmlnote=true", 3 * 1024 * 1024);

        var text = await TextAsync("get_ticket_actions", """{"ticket_id": 10231}""");

        _halo.ApiRequests.ShouldBe([
            "GET /api/Actions?ticket_id=10231&excludesys=true&includehtmlnote=true",
            "GET /api/Actions?ticket_id=10231&excludesys=true"]);
        text.ShouldContain("4 action(s), newest first; 2 private note(s)");
        text.ShouldContain("Escalating to 2nd Line");
    }

    [Fact]
    public async Task A_huge_history_is_capped_at_16_KB_with_a_truncation_marker()
    {
        var note = new string('x', 2000);
        var rows = string.Join(',', Enumerable.Range(1, 60).Select(i =>
            $$"""{"id": {{i}}, "ticket_id": 10231, "outcome": "Private Note", "who": "Nadia Corrowby", "datetime": "2025-06-02T08:{{i % 60:00}}:00", "note": "{{note}}", "hiddenfromuser": true}"""));
        _halo.Serve("Actions", $$"""{"record_count": 60, "actions": [{{rows}}]}""");

        var result = await RunAsync("get_ticket_actions", """{"ticket_id": 10231}""");

        result.IsError.ShouldBeFalse();
        Encoding.UTF8.GetByteCount(result.Text).ShouldBeLessThanOrEqualTo(16 * 1024);
        result.Text.ShouldEndWith("[… truncated: the full result is longer than the 16 KB a tool may return]");
    }

    [Theory]
    [InlineData("get_ticket", """{}""", "ticket_id is required")]
    [InlineData("get_ticket", """{"ticket_id": -5}""", "ticket_id must be a positive whole number")]
    [InlineData("get_ticket", """{"ticket_id": "../Users/1"}""", "ticket_id must be a positive whole number")]
    [InlineData("get_ticket", """{"ticket_id": 99999999999}""", "ticket_id must be a positive whole number")]
    [InlineData("get_ticket", """{"ticket_id": 10231, "url": "https://attacker.example"}""", "unknown argument 'url'")]
    [InlineData("get_ticket", """[10231]""", "must be a JSON object")]
    [InlineData("search_tickets", """{"query": "x"}""", "query needs at least 2 characters")]
    [InlineData("search_kb", """{"query": 42}""", "query is required and must be text")]
    [InlineData("get_user_tickets", """{"user_id": 204, "open_only": "sometimes"}""", "open_only must be true or false")]
    [InlineData("get_client_tickets", """{"client_id": 12, "count": 0}""", "count must be a whole number from 1 to 25")]
    [InlineData("get_ticket", """{"ticket_id": "1/../../auth"}""", "ticket_id must be a positive whole number")]
    [InlineData("get_ticket", """{"ticket_id": "10231?includedetails=false"}""", "ticket_id must be a positive whole number")]
    [InlineData("get_ticket", """{"ticket_id": "https://attacker.example/api/Tickets/1"}""", "ticket_id must be a positive whole number")]
    [InlineData("get_ticket", """{"ticket_id": 0}""", "ticket_id must be a positive whole number")]
    [InlineData("get_ticket", """{"ticket_id": 10231.5}""", "ticket_id must be a positive whole number")]
    [InlineData("get_ticket", """{"ticket_id": "-1"}""", "ticket_id must be a positive whole number")]
    [InlineData("get_ticket", """{"ticket_id": true}""", "ticket_id must be a positive whole number")]
    [InlineData("get_ticket", """{"ticket_id": {"id": 1}}""", "ticket_id must be a positive whole number")]
    [InlineData("get_user", """{"user_id": -204}""", "user_id must be a positive whole number")]
    [InlineData("get_asset", """{"asset_id": 1e300}""", "asset_id must be a positive whole number")]
    [InlineData("get_kb_article", """{"article_id": "501 OR 1=1"}""", "article_id must be a positive whole number")]
    [InlineData("get_user_tickets", """{"user_id": 204, "count": 100000000000}""", "count must be a whole number from 1 to 25")]
    [InlineData("get_user_tickets", """{"user_id": 204, "count": -3}""", "count must be a whole number from 1 to 25")]
    [InlineData("search_tickets", """{"query": "vpn", "client_id": "15&client_id=12"}""", "client_id must be a positive whole number")]
    [InlineData("search_tickets", """{"query": "vpn\n&count=1000"}""", "query must not contain control characters")]
    [InlineData("search_kb", """{"query": "\ud800 vpn"}""", "query is not valid text")]
    [InlineData("get_ticket", """{"ticket_id": 10231, "path": "/api/Tickets"}""", "unknown argument 'path'")]
    [InlineData("search_kb", """{"query": "vpn", "raw_query": "count=1000"}""", "unknown argument 'raw_query'")]
    public async Task Bad_input_is_an_error_result_and_never_reaches_Halo(string tool, string input, string message)
    {
        var result = await RunAsync(tool, input);

        result.IsError.ShouldBeTrue();
        result.Text.ShouldStartWith($"Invalid input for {tool}: ");
        result.Text.ShouldContain(message);
        _halo.ApiRequests.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("search_kb", 201)]
    [InlineData("search_kb", 10 * 1024)]
    [InlineData("search_tickets", 10 * 1024)]
    public async Task An_overlong_search_is_refused(string tool, int length)
    {
        var result = await RunAsync(tool, JsonSerializer.Serialize(new { query = new string('a', length) }));

        result.IsError.ShouldBeTrue();
        result.Text.ShouldContain("longer than 200 characters");
        result.Text.Length.ShouldBeLessThan(300); // the text is not echoed back
        _halo.ApiRequests.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_huge_count_is_held_to_the_list_limit()
    {
        await TextAsync("get_client_tickets", """{"client_id": 12, "count": 5000}""");
        await TextAsync("search_kb", """{"query": "vpn", "count": 2147483647}""");

        _halo.ApiRequests[0].ShouldBe("GET /api/Tickets?client_id=12&count=25");
        _halo.ApiRequests.ShouldContain("GET /api/KBArticle?search=vpn&count=10");
    }

    [Fact]
    public async Task Whatever_the_arguments_every_Halo_request_is_a_GET_on_a_fixed_read_only_path()
    {
        var calls = new (string Tool, string Input)[]
        {
            ("get_ticket", """{"ticket_id": 10231}"""),
            ("get_ticket", """{"ticket_id": "1/../../auth"}"""),
            ("get_ticket_actions", """{"ticket_id": "10231", "include_private": "false"}"""),
            ("get_user", """{"user_id": "#204"}"""),
            ("get_user_tickets", """{"user_id": 204, "count": 99999}"""),
            ("get_client", """{"client_id": 15}"""),
            ("get_client_tickets", """{"client_id": 18, "open_only": true}"""),
            ("search_tickets", """{"query": "../../auth/token?grant_type=client_credentials#", "client_id": 12}"""),
            ("search_tickets", """{"query": "%2e%2e%2fUsers%2f1 & search=x", "user_id": 201}"""),
            ("search_kb", """{"query": "vpn&count=1000"}"""),
            ("get_kb_article", """{"article_id": 501}"""),
            ("get_asset", """{"asset_id": 3001}"""),
            ("get_available_actions", """{"ticket_id": 10233}"""),
            ("create_ticket", """{"summary": "x"}"""),
        };
        foreach (var (tool, input) in calls)
        {
            await RunAsync(tool, input);
        }

        _halo.ApiRequests.ShouldNotBeEmpty();
        _halo.ApiRequests.ShouldAllBe(r => System.Text.RegularExpressions.Regex.IsMatch(
            r, @"^GET /api/(Tickets|Actions|Users|Client|Asset|KBArticle|Status|Outcome)(/[0-9]+)?(\?[A-Za-z0-9_%.=&-]*)?$"));
        _halo.ApiRequests.ShouldNotContain(r => r.Contains("/auth", StringComparison.OrdinalIgnoreCase) || r.Contains("/../", StringComparison.Ordinal));
        _halo.ApiRequests.ShouldContain("GET /api/Tickets?client_id=12&search=..%2F..%2Fauth%2Ftoken%3Fgrant_type%3Dclient_credentials%23&count=10");
        _halo.ApiRequests.ShouldContain("GET /api/KBArticle?search=vpn%26count%3D1000&count=5");
        _halo.TokenRequests.ShouldBe(1);
    }

    [Theory]
    [InlineData("get_user", """{"user_id": 999}""", "User 999 does not exist.")]
    [InlineData("get_client", """{"client_id": 999}""", "Client 999 does not exist.")]
    [InlineData("get_asset", """{"asset_id": 999}""", "Asset 999 does not exist.")]
    [InlineData("get_kb_article", """{"article_id": 999}""", "Knowledge base article 999 does not exist.")]
    [InlineData("get_available_actions", """{"ticket_id": 999}""", "Ticket 999 does not exist.")]
    public async Task A_missing_record_is_a_plain_error_result(string tool, string input, string message)
    {
        var result = await RunAsync(tool, input);

        result.IsError.ShouldBeTrue();
        result.Text.ShouldBe(message);
    }

    [Fact]
    public async Task Private_notes_are_marked_however_Halo_writes_the_flag()
    {
        _halo.Serve("Actions", """
            {"record_count": 3, "actions": [
              {"id": "1", "ticket_id": 10231.0, "outcome": "Private Note", "who": "Nadia Corrowby", "datetime": "2025-06-02T08:00:00", "note": "flag as number", "hiddenfromuser": 1},
              {"id": 2, "ticket_id": "10231", "outcome": "Private Note", "who": "Nadia Corrowby", "datetime": "2025-06-02T09:00:00", "note": "flag as text", "hiddenfromuser": "true"},
              {"id": 3.0, "ticket_id": 10231, "outcome": "Email User", "who": "Nadia Corrowby", "datetime": "2025-06-02T10:00:00", "note": "public reply", "hiddenfromuser": "false", "surprise": [1, {"x": 2}]}
            ]}
            """);

        var text = await TextAsync("get_ticket_actions", """{"ticket_id": 10231}""");
        var publicOnly = await TextAsync("get_ticket_actions", """{"ticket_id": 10231, "include_private": false}""");

        text.ShouldContain("3 action(s), newest first; 2 private note(s)");
        var entries = Lines(text).Where(l => l.StartsWith("--- ", StringComparison.Ordinal)).ToList();
        entries.Count.ShouldBe(3);
        entries.Count(l => l.Contains("[PRIVATE NOTE", StringComparison.Ordinal)).ShouldBe(2);
        entries.Single(l => l.Contains("Email User", StringComparison.Ordinal)).ShouldNotContain("PRIVATE");
        publicOnly.ShouldNotContain("flag as");
        publicOnly.ShouldContain("public reply");
    }

    [Fact]
    public async Task A_rate_limited_tool_call_says_so_in_plain_words()
    {
        _halo.Enqueue(new FakeHaloFault(429, "You have reached the API rate limit", RetryAfter: TimeSpan.FromSeconds(120)));

        var result = await RunAsync("get_ticket", """{"ticket_id": 10231}""");

        result.IsError.ShouldBeTrue();
        result.Text.ShouldBe("Halo is rate limiting the proxy (it asks to wait 120 s); Ticket 10231 could not be read right now.");
    }

    [Fact]
    public async Task A_tool_call_Halo_does_not_answer_in_time_is_a_plain_error_result()
    {
        await using var services = HaloTestServices.Create(_halo, new Dictionary<string, string?> { ["Halo:RequestTimeout"] = "00:00:01" });
        _halo.Enqueue(new FakeHaloFault(200, Delay: TimeSpan.FromSeconds(30)), new FakeHaloFault(200, Delay: TimeSpan.FromSeconds(30)));

        var result = await services.Tools.ExecuteAsync("get_user", JsonDocument.Parse("""{"user_id": 204}""").RootElement, TestContext.Current.CancellationToken);

        result.IsError.ShouldBeTrue();
        result.Text.ShouldBe("Halo did not answer within 1 s while reading User 204; try again shortly.");
    }

    private static string[] Lines(string text) => text.Split('\n');

    [Fact]
    public async Task A_quoted_id_is_accepted_as_the_number_it_means()
    {
        var text = await TextAsync("get_ticket", """{"ticket_id": "10231"}""");

        text.ShouldStartWith("Ticket #10231");
    }

    [Fact]
    public async Task Unknown_tool_is_an_error_result_naming_the_available_tools()
    {
        var result = await RunAsync("create_ticket", """{"summary": "hi"}""");

        result.IsError.ShouldBeTrue();
        result.Text.ShouldContain("there is no Halo tool named 'create_ticket'");
        result.Text.ShouldContain("get_ticket, get_ticket_actions");
        _halo.ApiRequests.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_Halo_outage_is_an_error_result_not_an_exception()
    {
        _halo.Enqueue(new FakeHaloFault(500), new FakeHaloFault(502));

        var result = await RunAsync("get_client", """{"client_id": 15}""");

        result.IsError.ShouldBeTrue();
        result.Text.ShouldContain("Halo failed with HTTP 502 while reading Client 15");
    }
}
