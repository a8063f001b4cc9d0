using System.Net;

using HaloClaude.Halo;
using HaloClaude.Halo.Tools;
using HaloClaude.Tests.TestKit;

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HaloClaude.Tests.Halo;

public sealed class HaloConfigurationTests
{
    private static HaloOptions Bind(Dictionary<string, string?> values)
    {
        var options = new HaloOptions();
        HaloConfiguration.Bind(options, new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        return options;
    }

    [Fact]
    public void The_HALO_variables_bind_and_scope_defaults_to_all()
    {
        var options = Bind(new()
        {
            ["HALO_API_URL"] = "https://acme.halopsa.com/api/",
            ["HALO_CLIENT_ID"] = "id",
            ["HALO_CLIENT_SECRET"] = "secret",
            ["HALO_TENANT"] = "acme",
        });

        options.Enabled.ShouldBeTrue();
        options.Scope.ShouldBe("all");
        options.ApiBase.ShouldBe(new Uri("https://acme.halopsa.com/api/"));
        options.TokenUrl.ShouldBe(new Uri("https://acme.halopsa.com/auth/token?tenant=acme"));
        new HaloOptionsValidator().Validate(null, options).Succeeded.ShouldBeTrue();
    }

    [Fact]
    public void A_separate_authorisation_server_is_used_for_the_token()
    {
        var options = Bind(new() { ["HALO_API_URL"] = "https://acme.halopsa.com", ["HALO_AUTH_URL"] = "https://login.acme.example/auth/", ["HALO_SCOPE"] = "read:tickets" });

        options.TokenUrl.ShouldBe(new Uri("https://login.acme.example/auth/token"));
        options.Scope.ShouldBe("read:tickets");
    }

    [Fact]
    public void Nothing_set_means_Halo_is_off_and_that_is_valid()
    {
        var options = Bind([]);

        options.Enabled.ShouldBeFalse();
        new HaloOptionsValidator().Validate(null, options).Succeeded.ShouldBeTrue();
    }

    [Fact]
    public void Partial_or_malformed_settings_fail_with_plain_lines()
    {
        var result = new HaloOptionsValidator().Validate(null, Bind(new() { ["HALO_API_URL"] = "acme.halopsa.com", ["HALO_CLIENT_ID"] = "id" }));

        result.Failed.ShouldBeTrue();
        result.Failures.ShouldContain(f => f.Contains("HALO_CLIENT_SECRET is not set") && f.Contains("or none of them to run without Halo"));
        result.Failures.ShouldContain(f => f.Contains("HALO_API_URL 'acme.halopsa.com' is not an absolute http(s) URL"));
    }

    [Fact]
    public async Task Proxy_without_Halo_settings_still_translates_and_offers_no_Halo_tools()
    {
        await using var upstream = await FakeAnthropic.StartAsync();
        await using var proxy = await ProxyHost.StartAsync(upstream);
        var ct = TestContext.Current.CancellationToken;

        using var response = await proxy.PostChatAsync("""{"messages":[{"role":"user","content":"Is the printer fixed?"}]}""", cancellationToken: ct);
        var tools = proxy.Services.GetRequiredService<IHaloTools>();
        var result = await tools.ExecuteAsync("get_ticket", System.Text.Json.JsonDocument.Parse("""{"ticket_id": 1}""").RootElement, ct);
        var health = await proxy.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(c => c.Tags.Contains("ready"), ct);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        tools.IsEnabled.ShouldBeFalse();
        tools.Definitions.ShouldBeEmpty();
        result.IsError.ShouldBeTrue();
        result.Text.ShouldContain("Halo is not configured");
        health.Entries["halo"].Status.ShouldBe(HealthStatus.Healthy);
    }

    [Fact]
    public async Task Proxy_with_Halo_configured_reports_ready_after_getting_a_token()
    {
        await using var upstream = await FakeAnthropic.StartAsync();
        await using var halo = await FakeHalo.StartAsync();
        await using var proxy = await ProxyHost.StartAsync(upstream, HaloTestServices.Settings(halo));
        var ct = TestContext.Current.CancellationToken;

        var health = await proxy.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(c => c.Tags.Contains("ready"), ct);

        health.Entries["halo"].Status.ShouldBe(HealthStatus.Healthy);
        proxy.Services.GetRequiredService<IHaloTools>().Definitions.Count.ShouldBe(11);
        halo.TokenRequests.ShouldBe(1);
        proxy.Logs.AllText.ShouldNotContain(FakeHalo.ClientSecret);
    }

    [Fact]
    public async Task Proxy_with_half_the_Halo_settings_refuses_to_start_and_says_why()
    {
        await using var upstream = await FakeAnthropic.StartAsync();

        var error = await Should.ThrowAsync<Exception>(() => ProxyHost.StartAsync(upstream, new Dictionary<string, string?> { ["HALO_API_URL"] = "https://acme.halopsa.com" }));

        StartupErrors.Problems(error).ShouldContain(p => p.Contains("HALO_CLIENT_ID and HALO_CLIENT_SECRET are not set"));
    }
}
