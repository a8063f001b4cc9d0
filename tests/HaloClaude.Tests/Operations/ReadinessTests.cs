using System.Net;
using System.Text.Json.Nodes;

using HaloClaude.Tests.TestKit;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace HaloClaude.Tests.Operations;

public sealed class ReadinessTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Ready_is_healthy_without_a_proxy_key_when_the_configuration_is_valid_and_Anthropic_accepts_the_key()
    {
        await using var upstream = await FakeAnthropic.StartAsync();
        await using var proxy = await ProxyHost.StartAsync(upstream);

        var (status, body) = await GetReadyAsync(proxy);

        status.ShouldBe(HttpStatusCode.OK);
        body["status"]!.GetValue<string>().ShouldBe("healthy");
        Check(body, "configuration")["status"]!.GetValue<string>().ShouldBe("healthy");
        Check(body, "anthropic")["status"]!.GetValue<string>().ShouldBe("healthy");
        upstream.ModelListRequests.ShouldBe(1);
        upstream.Received.ShouldBeEmpty(); // the probe never calls Messages, so it spends no tokens
    }

    [Fact]
    public async Task Ready_is_unhealthy_and_says_the_key_was_rejected_when_Anthropic_answers_401()
    {
        const string wrongKey = "sk-ant-CANARY-wrong-key-987654321";
        await using var upstream = await FakeAnthropic.StartAsync();
        await using var proxy = await ProxyHost.StartAsync(upstream, new Dictionary<string, string?> { ["ANTHROPIC_API_KEY"] = wrongKey });

        var (status, body) = await GetReadyAsync(proxy);

        status.ShouldBe(HttpStatusCode.ServiceUnavailable);
        body["status"]!.GetValue<string>().ShouldBe("unhealthy");
        var anthropic = Check(body, "anthropic");
        anthropic["status"]!.GetValue<string>().ShouldBe("unhealthy");
        anthropic["description"]!.GetValue<string>().ShouldContain("ANTHROPIC_API_KEY rejected");
        Check(body, "configuration")["status"]!.GetValue<string>().ShouldBe("healthy");
        body.ToJsonString().ShouldNotContain("CANARY");
        proxy.Logs.AllText.ShouldNotContain("CANARY");
    }

    [Fact]
    public async Task Ready_is_unhealthy_and_says_Anthropic_cannot_be_reached_when_it_is_down()
    {
        var upstream = await FakeAnthropic.StartAsync();
        await upstream.DisposeAsync(); // nothing listens on its address any more
        await using var proxy = await ProxyHost.StartAsync(upstream);

        var (status, body) = await GetReadyAsync(proxy);

        status.ShouldBe(HttpStatusCode.ServiceUnavailable);
        var anthropic = Check(body, "anthropic");
        anthropic["status"]!.GetValue<string>().ShouldBe("unhealthy");
        anthropic["description"]!.GetValue<string>().ShouldContain("could not be reached");
    }

    [Fact]
    public async Task Frequent_probes_reuse_the_last_Anthropic_answer_until_it_is_stale()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero));
        await using var upstream = await FakeAnthropic.StartAsync();
        await using var proxy = await ProxyHost.StartAsync(upstream, configure: b => b.Services.AddSingleton<TimeProvider>(clock));

        await GetReadyAsync(proxy);
        await GetReadyAsync(proxy);
        await GetReadyAsync(proxy);
        upstream.ModelListRequests.ShouldBe(1);

        clock.Advance(TimeSpan.FromMinutes(1));
        await GetReadyAsync(proxy);
        upstream.ModelListRequests.ShouldBe(2);
    }

    private static async Task<(HttpStatusCode Status, JsonObject Body)> GetReadyAsync(ProxyHost proxy)
    {
        using var client = new HttpClient { BaseAddress = proxy.BaseUrl }; // deliberately without the proxy key
        using var response = await client.GetAsync("/health/ready", Cancel);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(Cancel))!.AsObject();
        return (response.StatusCode, body);
    }

    private static JsonObject Check(JsonObject body, string name) =>
        body["checks"]!.AsArray().Single(c => c!["name"]!.GetValue<string>() == name)!.AsObject();
}
