using System.Globalization;

using HaloClaude.Halo;
using HaloClaude.Halo.Api;
using HaloClaude.Tests.TestKit;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace HaloClaude.Tests.Halo;

public sealed class HaloClientTests : IAsyncLifetime
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

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Polls until <paramref name="condition"/> holds; gives up (failing the test) after a minute instead of hanging.</summary>
    private static async Task WaitForAsync(Func<bool> condition)
    {
        using var guard = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        guard.CancelAfter(TimeSpan.FromMinutes(1));
        while (!condition())
        {
            await Task.Delay(10, guard.Token);
        }
    }

    [Fact]
    public async Task Rate_limit_with_Retry_After_is_waited_out_and_the_call_succeeds()
    {
        _halo.Enqueue(new FakeHaloFault(429, "You have reached the rate limit of 300 requests per 5 minutes", RetryAfter: TimeSpan.FromSeconds(1)));

        var ticket = await _services.Client.GetTicketAsync(10231, Ct);

        ticket.Summary.ShouldBe("VetLedger won't open on reception PC");
        _halo.ApiRequests.Count.ShouldBe(2);
        _services.Logs.AllText.ShouldNotContain("fault 429"); // the body is never logged
    }

    [Fact]
    public async Task Rate_limit_retry_waits_for_the_time_Retry_After_asks_for()
    {
        // The proxy's clock is fake: the retry can only come once the test moves it past Retry-After (a real-clock wait
        // of five minutes would trip the one-minute hang guard below).
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2025-06-02T09:00:00Z", CultureInfo.InvariantCulture));
        await using var services = HaloTestServices.Create(_halo, new Dictionary<string, string?> { ["Halo:MaxRetryAfter"] = "00:10:00" }, time);
        _halo.Enqueue(new FakeHaloFault(429, RetryAfter: TimeSpan.FromSeconds(300)));

        var call = services.Client.GetTicketAsync(10231, Ct);
        await WaitForAsync(() => _halo.ApiRequests.Count == 1 && services.Logs.AllText.Contains("retrying in 00:05:00", StringComparison.Ordinal));
        time.Advance(TimeSpan.FromSeconds(299));
        await Task.Delay(200, Ct); // room for a retry that does not wait; none may come
        _halo.ApiRequests.Count.ShouldBe(1);
        call.IsCompleted.ShouldBeFalse();

        time.Advance(TimeSpan.FromSeconds(1));
        var ticket = await call.WaitAsync(TimeSpan.FromMinutes(1), Ct);

        ticket.Id.ShouldBe(10231);
        _halo.ApiRequests.Count.ShouldBe(2);
    }

    [Fact]
    public async Task Rate_limit_without_Retry_After_is_retried_once_then_reported()
    {
        _halo.Enqueue(new FakeHaloFault(429, "You have reached the rate limit"), new FakeHaloFault(429, "You have reached the rate limit"), new FakeHaloFault(429));

        var error = await Should.ThrowAsync<HaloException>(() => _services.Client.GetTicketAsync(10231, Ct));

        error.Failure.ShouldBe(HaloFailure.RateLimited);
        error.Message.ShouldBe("Halo is rate limiting the proxy; Ticket 10231 could not be read right now.");
        _halo.ApiRequests.Count.ShouldBe(2);
    }

    [Fact]
    public async Task Rate_limit_asking_for_a_long_wait_fails_at_once_with_a_clear_message()
    {
        _halo.Enqueue(new FakeHaloFault(429, RetryAfter: TimeSpan.FromSeconds(120)));

        var error = await Should.ThrowAsync<HaloException>(() => _services.Client.GetTicketAsync(10231, Ct));

        error.Failure.ShouldBe(HaloFailure.RateLimited);
        error.Message.ShouldContain("rate limiting");
        error.Message.ShouldContain("120 s");
        _halo.ApiRequests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Server_error_is_retried_once_and_the_call_succeeds()
    {
        _halo.Enqueue(new FakeHaloFault(500));

        var user = await _services.Client.GetUserAsync(201, Ct);

        user.Name.ShouldBe("Marisol Eversleigh");
        _halo.ApiRequests.Count.ShouldBe(2);
    }

    [Fact]
    public async Task Server_error_twice_is_retried_only_once_then_reported()
    {
        _halo.Enqueue(new FakeHaloFault(503), new FakeHaloFault(500), new FakeHaloFault(500));

        var error = await Should.ThrowAsync<HaloException>(() => _services.Client.GetUserAsync(201, Ct));

        error.Failure.ShouldBe(HaloFailure.Unavailable);
        error.Message.ShouldContain("HTTP 500");
        _halo.ApiRequests.Count.ShouldBe(2);
    }

    [Fact]
    public async Task Forbidden_is_not_retried_and_names_the_permission_problem()
    {
        _halo.Enqueue(new FakeHaloFault(403));

        var error = await Should.ThrowAsync<HaloException>(() => _services.Client.GetAssetAsync(3001, Ct));

        error.Failure.ShouldBe(HaloFailure.Forbidden);
        error.Message.ShouldContain("permissions");
        _halo.ApiRequests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_slow_answer_times_out_per_attempt_and_is_retried_once()
    {
        await using var services = HaloTestServices.Create(_halo, new Dictionary<string, string?> { ["Halo:RequestTimeout"] = "00:00:01" });
        _halo.Enqueue(new FakeHaloFault(200, Delay: TimeSpan.FromSeconds(30)), new FakeHaloFault(200, Delay: TimeSpan.FromSeconds(30)));

        var error = await Should.ThrowAsync<HaloException>(() => services.Client.GetTicketAsync(10231, Ct));

        error.Failure.ShouldBe(HaloFailure.TimedOut);
        error.Message.ShouldContain("did not answer within 1 s");
        _halo.ApiRequests.Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_five_megabyte_answer_is_cut_at_the_cap_not_loaded()
    {
        _halo.ServeLarge("Tickets", 5 * 1024 * 1024);

        var error = await Should.ThrowAsync<HaloException>(() => _services.Client.ListTicketsAsync(new TicketFilter(Search: "printer"), Ct));

        error.Failure.ShouldBe(HaloFailure.TooLarge);
        error.Message.ShouldContain("larger than 2 MB");
    }

    [Fact]
    public async Task An_answer_that_never_ends_is_cut_at_the_cap_so_the_call_still_ends()
    {
        // A client that loaded the body whole could only end this call by its time limit, which is far away here.
        await using var services = HaloTestServices.Create(_halo, new Dictionary<string, string?> { ["Halo:RequestTimeout"] = "00:05:00" });
        _halo.ServeEndless("Tickets");

        var error = await Should.ThrowAsync<HaloException>(() => services.Client.ListTicketsAsync(new TicketFilter(Search: "printer"), Ct));

        error.Failure.ShouldBe(HaloFailure.TooLarge);
        (await _halo.StreamStopped.WaitAsync(Ct)).ShouldBeTrue();
        _halo.ApiRequests.Count.ShouldBe(1); // a body over the cap is not retried
    }

    [Fact]
    public async Task A_body_announced_as_larger_than_the_cap_is_refused_before_it_is_read()
    {
        // Paced so the socket cannot swallow the whole body before the proxy decides; reading it would pass 2 MB first.
        await using var services = HaloTestServices.Create(_halo, new Dictionary<string, string?> { ["Halo:RequestTimeout"] = "00:05:00" });
        _halo.ServeLarge("Tickets/10231", 5 * 1024 * 1024, declareLength: true, pause: TimeSpan.FromMilliseconds(200));

        var error = await Should.ThrowAsync<HaloException>(() => services.Client.GetTicketAsync(10231, Ct));

        error.Failure.ShouldBe(HaloFailure.TooLarge);
        (await _halo.StreamStopped.WaitAsync(Ct)).ShouldBeTrue();
        _halo.StreamedBytes.ShouldBeLessThan(1024 * 1024);
    }

    [Fact]
    public async Task A_body_that_trickles_in_is_stopped_by_the_time_limit()
    {
        await using var services = HaloTestServices.Create(_halo, new Dictionary<string, string?> { ["Halo:RequestTimeout"] = "00:00:01" });
        _halo.ServeEndless("Tickets/10231", pause: TimeSpan.FromMilliseconds(50));

        var error = await Should.ThrowAsync<HaloException>(() => services.Client.GetTicketAsync(10231, Ct));

        error.Failure.ShouldBe(HaloFailure.TimedOut);
        error.Message.ShouldContain("did not answer within 1 s");
        (await _halo.StreamStopped.WaitAsync(Ct)).ShouldBeTrue();
    }

    [Fact]
    public async Task Unknown_record_is_reported_as_not_existing()
    {
        var error = await Should.ThrowAsync<HaloException>(() => _services.Client.GetTicketAsync(999, Ct));

        error.Failure.ShouldBe(HaloFailure.NotFound);
        error.Message.ShouldBe("Ticket 999 does not exist.");
    }

    [Fact]
    public async Task Lenient_parsing_accepts_string_and_decimal_ids_sentinel_dates_loose_flags_and_unknown_fields()
    {
        _halo.Serve("Tickets/777", """
            {
              "id": "777", "summary": 12345, "status_id": 2.0, "client_id": "12", "user_id": 201.0, "agent_id": null,
              "onhold": 1, "is_vip": "true", "impact": "", "dateoccurred": "2025-06-02T08:03:27.857",
              "deadlinedate": "1900-01-01T00:00:00", "fixbydate": "not a date", "lastactiondate": null,
              "priority": {"id": "48e7f6ee-8166-506e-b942-4d36f4133e64", "priorityid": 2, "name": "High"},
              "brand_new_field": {"nested": [1, 2, 3]}, "customfields": [{"id": 1, "label": "Tier", "value": 2, "display": 3}]
            }
            """);

        var ticket = await _services.Client.GetTicketAsync(777, Ct);

        ticket.Id.ShouldBe(777);
        ticket.Summary.ShouldBe("12345");
        ticket.StatusId.ShouldBe(2);
        ticket.ClientId.ShouldBe(12);
        ticket.UserId.ShouldBe(201);
        ticket.AgentId.ShouldBe(0);
        ticket.OnHold.ShouldBeTrue();
        ticket.IsVip.ShouldBeTrue();
        ticket.Impact.ShouldBe(0);
        ticket.DateOccurred.ShouldBe(new DateTime(2025, 6, 2, 8, 3, 27, 857, DateTimeKind.Utc));
        ticket.DateOccurred!.Value.Kind.ShouldBe(DateTimeKind.Utc);
        ticket.DeadlineDate.ShouldBeNull();
        ticket.FixByDate.ShouldBeNull();
        ticket.CustomFields!.Single().Display.ShouldBe("3");
    }

    [Fact]
    public async Task User_site_id_written_as_a_decimal_is_read_as_a_whole_number()
    {
        var user = await _services.Client.GetUserAsync(204, Ct);

        user.SiteId.ShouldBe(34);
        user.Title.ShouldBe("Senior Architect");
        user.LastLoginDate.ShouldBe(new DateTime(2025, 6, 3, 18, 44, 19, DateTimeKind.Utc));
    }

    [Fact]
    public async Task A_single_record_wrapped_in_a_list_envelope_is_unwrapped()
    {
        _halo.Serve("Users/778", """{"record_count": 1, "users": [{"id": 778, "name": "Wrapped Person"}]}""");

        var user = await _services.Client.GetUserAsync(778, Ct);

        user.Name.ShouldBe("Wrapped Person");
    }

    [Fact]
    public async Task Lists_are_read_from_any_envelope_key_or_a_bare_array_and_bounded()
    {
        _halo.Serve("Outcome", """{"record_count": 3, "unexpected_key": [{"id": 1, "outcome": "A"}, {"id": 2, "outcome": "B"}, {"id": 3, "outcome": "C"}]}""");
        _halo.Serve("Status", """[{"id": "1", "name": "New"}, {"id": 2.0, "name": "In Progress"}]""");
        var rows = string.Join(',', Enumerable.Range(1, 500).Select(i => $$"""{"id": {{i}}, "summary": "Ticket {{i}}"}"""));
        _halo.Serve("Tickets", $$"""{"record_count": 500, "tickets": [{{rows}}]}""");

        var outcomes = await _services.Client.GetOutcomesAsync(1, Ct);
        var statuses = await _services.Client.GetStatusesAsync(Ct);
        var tickets = await _services.Client.ListTicketsAsync(new TicketFilter(Search: "ticket", Count: 1000), Ct);

        outcomes.Rows.Select(o => o.Outcome).ShouldBe(["A", "B", "C"]);
        statuses.Rows.Select(s => s.Id).ShouldBe([1L, 2L]);
        tickets.Rows.Count.ShouldBe(25);
        tickets.RecordCount.ShouldBe(500);
        _halo.ApiRequests[^1].ShouldContain("count=25");
    }

    [Fact]
    public async Task Body_that_is_not_JSON_is_reported_as_unreadable()
    {
        _halo.Serve("KBArticle/900", "<html><body>Login</body></html>");

        var error = await Should.ThrowAsync<HaloException>(() => _services.Client.GetKbArticleAsync(900, Ct));

        error.Failure.ShouldBe(HaloFailure.Unreadable);
    }

    [Fact]
    public async Task The_Halo_http_client_refuses_anything_but_GET()
    {
        var http = _services.Services.GetRequiredService<IHttpClientFactory>().CreateClient(HaloApiClient.HttpClientName);

        await Should.ThrowAsync<InvalidOperationException>(() => http.PostAsync(new Uri(_halo.BaseUrl, "api/Tickets"), new StringContent("[]"), Ct));

        _halo.ApiRequests.ShouldBeEmpty();
    }
}
