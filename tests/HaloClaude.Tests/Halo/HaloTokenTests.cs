using System.Text.Json;

using HaloClaude.Halo;
using HaloClaude.Halo.Tools;
using HaloClaude.Tests.TestKit;

using Microsoft.Extensions.Time.Testing;

namespace HaloClaude.Tests.Halo;

public sealed class HaloTokenTests : IAsyncLifetime
{
    private FakeHalo _halo = null!;

    public async ValueTask InitializeAsync() => _halo = await FakeHalo.StartAsync();

    public async ValueTask DisposeAsync() => await _halo.DisposeAsync();

    private static JsonElement Input(string json) => JsonDocument.Parse(json).RootElement;

    [Fact]
    public async Task Fifty_concurrent_tool_calls_without_a_token_make_exactly_one_token_request()
    {
        await using var services = HaloTestServices.Create(_halo);

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ =>
            services.Tools.ExecuteAsync(HaloToolCatalog.GetUser, Input("""{"user_id": 204}"""), TestContext.Current.CancellationToken)));

        results.ShouldAllBe(r => !r.IsError && r.Text.Contains("Callum Ashdowne"));
        _halo.TokenRequests.ShouldBe(1);
        services.Logs.AllText.ShouldContain("Obtained a Halo access token");
        services.Logs.AllText.ShouldNotContain("fake-halo-token");
        services.Logs.AllText.ShouldNotContain(FakeHalo.ClientSecret);
    }

    [Fact]
    public async Task Token_is_reused_until_shortly_before_it_expires_then_refreshed_once()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2025-06-02T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        await using var services = HaloTestServices.Create(_halo, time: time);
        var ct = TestContext.Current.CancellationToken;

        var first = await services.Tokens.GetTokenAsync(ct);
        time.Advance(TimeSpan.FromMinutes(50));
        (await services.Tokens.GetTokenAsync(ct)).ShouldBe(first);
        _halo.TokenRequests.ShouldBe(1);

        time.Advance(TimeSpan.FromMinutes(6)); // 56 minutes into a 60-minute token: inside the refresh margin
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => services.Tokens.GetTokenAsync(ct)));

        results.Distinct().Count().ShouldBe(1);
        results[0].ShouldNotBe(first);
        _halo.TokenRequests.ShouldBe(2);
    }

    [Fact]
    public async Task A_token_that_has_run_out_is_replaced_once_and_the_tool_calls_succeed()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2025-06-02T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        _halo.Clock = time; // the fake refuses a token once its hour is over, as Halo does
        await using var services = HaloTestServices.Create(_halo, time: time);
        var ct = TestContext.Current.CancellationToken;
        (await services.Tools.ExecuteAsync(HaloToolCatalog.GetUser, Input("""{"user_id": 204}"""), ct)).IsError.ShouldBeFalse();

        time.Advance(TimeSpan.FromMinutes(61));
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            services.Tools.ExecuteAsync(HaloToolCatalog.GetUser, Input("""{"user_id": 204}"""), ct)));

        results.ShouldAllBe(r => !r.IsError && r.Text.Contains("Callum Ashdowne"));
        _halo.TokenRequests.ShouldBe(2);
        _halo.ApiRequests.Count.ShouldBe(21); // no call went out with the dead token and came back 401
    }

    [Fact]
    public async Task A_short_lived_token_is_reused_for_half_its_life_not_replaced_on_every_call()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2025-06-02T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        _halo.Clock = time;
        _halo.TokenLifetimeSeconds = 20;
        await using var services = HaloTestServices.Create(_halo, time: time);
        var ct = TestContext.Current.CancellationToken;

        var first = await services.Tokens.GetTokenAsync(ct);
        time.Advance(TimeSpan.FromSeconds(9));
        (await services.Tokens.GetTokenAsync(ct)).ShouldBe(first);
        _halo.TokenRequests.ShouldBe(1);

        time.Advance(TimeSpan.FromSeconds(2));
        (await services.Tokens.GetTokenAsync(ct)).ShouldNotBe(first);
        _halo.TokenRequests.ShouldBe(2);
    }

    [Fact]
    public async Task An_absurd_expires_in_neither_breaks_the_token_nor_later_calls()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2025-06-02T09:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        _halo.TokenLifetimeSeconds = long.MaxValue / 2;
        await using var services = HaloTestServices.Create(_halo, time: time);
        var ct = TestContext.Current.CancellationToken;

        var first = await services.Tools.ExecuteAsync(HaloToolCatalog.GetClient, Input("""{"client_id": 15}"""), ct);
        var second = await services.Tools.ExecuteAsync(HaloToolCatalog.GetClient, Input("""{"client_id": 15}"""), ct);
        time.Advance(TimeSpan.FromDays(2)); // held to a day at most, so it is replaced
        var later = await services.Tools.ExecuteAsync(HaloToolCatalog.GetClient, Input("""{"client_id": 15}"""), ct);

        first.IsError.ShouldBeFalse(first.Text);
        second.IsError.ShouldBeFalse(second.Text);
        later.IsError.ShouldBeFalse(later.Text);
        _halo.TokenRequests.ShouldBe(2);
    }

    [Fact]
    public async Task A_token_Halo_no_longer_accepts_is_refreshed_once_and_the_call_succeeds()
    {
        await using var services = HaloTestServices.Create(_halo);
        var ct = TestContext.Current.CancellationToken;
        (await services.Tools.ExecuteAsync(HaloToolCatalog.GetClient, Input("""{"client_id": 15}"""), ct)).IsError.ShouldBeFalse();

        _halo.RevokeAllTokens();
        var result = await services.Tools.ExecuteAsync(HaloToolCatalog.GetClient, Input("""{"client_id": 15}"""), ct);

        result.IsError.ShouldBeFalse(result.Text);
        result.Text.ShouldContain("Quillbrook Architects LLP");
        _halo.TokenRequests.ShouldBe(2);
        _halo.ApiRequests.Count(r => r.StartsWith("GET /api/Client/15", StringComparison.Ordinal)).ShouldBe(3);
        services.Logs.AllText.ShouldContain("refreshing the token and retrying once");
    }

    [Fact]
    public async Task A_second_401_after_the_refresh_is_a_clear_error_not_a_loop()
    {
        await using var services = HaloTestServices.Create(_halo);
        _halo.Enqueue(new FakeHaloFault(401), new FakeHaloFault(401));

        var result = await services.Tools.ExecuteAsync(HaloToolCatalog.GetTicket, Input("""{"ticket_id": 10231}"""), TestContext.Current.CancellationToken);

        result.IsError.ShouldBeTrue();
        result.Text.ShouldContain("refused the proxy's access token");
        _halo.ApiRequests.Count.ShouldBe(2);
        _halo.TokenRequests.ShouldBe(2);
    }

    [Fact]
    public async Task Wrong_secret_gives_an_actionable_message_that_never_contains_the_secret()
    {
        const string wrongSecret = "wrong-secret-CANARY-8812";
        await using var services = HaloTestServices.Create(_halo, new Dictionary<string, string?> { ["HALO_CLIENT_SECRET"] = wrongSecret });

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ =>
            services.Tools.ExecuteAsync(HaloToolCatalog.GetTicket, Input("""{"ticket_id": 10231}"""), TestContext.Current.CancellationToken)));

        results.ShouldAllBe(r => r.IsError);
        results[0].Text.ShouldContain("HALO_CLIENT_ID and HALO_CLIENT_SECRET");
        results[0].Text.ShouldContain("invalid_client");
        results.ShouldAllBe(r => !r.Text.Contains(wrongSecret));
        services.Logs.AllText.ShouldContain("HALO_CLIENT_SECRET");
        services.Logs.AllText.ShouldNotContain(wrongSecret);
        _halo.TokenRequests.ShouldBe(1); // one shared attempt, remembered briefly, not one per tool call
        _halo.ApiRequests.ShouldBeEmpty();
    }

    [Fact]
    public async Task Token_endpoint_at_the_wrong_address_says_which_setting_to_check()
    {
        await using var services = HaloTestServices.Create(_halo, new Dictionary<string, string?> { ["HALO_AUTH_URL"] = new Uri(_halo.BaseUrl, "not-the-auth-server").ToString() });

        var result = await services.Tools.ExecuteAsync(HaloToolCatalog.GetTicket, Input("""{"ticket_id": 10231}"""), TestContext.Current.CancellationToken);

        result.IsError.ShouldBeTrue();
        result.Text.ShouldContain("no Halo token endpoint");
        result.Text.ShouldContain("HALO_AUTH_URL");
    }

    [Fact]
    public async Task Unreachable_Halo_says_it_cannot_be_reached()
    {
        await using var services = HaloTestServices.Create(_halo, new Dictionary<string, string?> { ["HALO_API_URL"] = "http://127.0.0.1:9/" });

        var result = await services.Tools.ExecuteAsync(HaloToolCatalog.GetTicket, Input("""{"ticket_id": 10231}"""), TestContext.Current.CancellationToken);

        result.IsError.ShouldBeTrue();
        result.Text.ShouldContain("Cannot reach Halo's token endpoint");
        result.Text.ShouldContain("HALO_API_URL");
    }

    [Fact]
    public async Task Hosted_tenant_and_scope_are_sent_to_the_token_endpoint()
    {
        _halo.RequiredTenant = "kestrelpoint";
        await using var services = HaloTestServices.Create(_halo, new Dictionary<string, string?>
        {
            ["HALO_TENANT"] = "kestrelpoint",
            ["HALO_SCOPE"] = "read:tickets read:customers read:kb read:assets",
        });

        var result = await services.Tools.ExecuteAsync(HaloToolCatalog.GetKbArticle, Input("""{"article_id": 501}"""), TestContext.Current.CancellationToken);

        result.IsError.ShouldBeFalse(result.Text);
        _halo.LastScope.ShouldBe("read:tickets read:customers read:kb read:assets");
    }

    [Fact]
    public async Task Missing_tenant_on_a_hosted_instance_points_at_HALO_TENANT()
    {
        _halo.RequiredTenant = "kestrelpoint";
        await using var services = HaloTestServices.Create(_halo);

        var result = await services.Tools.ExecuteAsync(HaloToolCatalog.GetKbArticle, Input("""{"article_id": 501}"""), TestContext.Current.CancellationToken);

        result.IsError.ShouldBeTrue();
        result.Text.ShouldContain("HALO_TENANT");
    }

    [Fact]
    public async Task Readiness_check_reports_a_token_failure_in_plain_words()
    {
        await using var good = HaloTestServices.Create(_halo);
        await using var bad = HaloTestServices.Create(_halo, new Dictionary<string, string?> { ["HALO_CLIENT_ID"] = "someone-else" });
        var context = new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext();

        var healthy = await new HaloTokenHealthCheck(good.Tokens, Options(good)).CheckHealthAsync(context, TestContext.Current.CancellationToken);
        var degraded = await new HaloTokenHealthCheck(bad.Tokens, Options(bad)).CheckHealthAsync(context, TestContext.Current.CancellationToken);

        healthy.Status.ShouldBe(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy);
        degraded.Status.ShouldBe(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded);
        degraded.Description!.ShouldContain("HALO_CLIENT_ID");
    }

    private static Microsoft.Extensions.Options.IOptionsMonitor<HaloOptions> Options(HaloTestServices services) =>
        (Microsoft.Extensions.Options.IOptionsMonitor<HaloOptions>)services.Services.GetService(typeof(Microsoft.Extensions.Options.IOptionsMonitor<HaloOptions>))!;
}
