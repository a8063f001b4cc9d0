using System.Net;
using System.Net.Http.Headers;

using HaloClaude.Tests.TestKit;

namespace HaloClaude.Tests.Operations;

public sealed class MetricsEndpointTests
{
    private const string AdminKey = "admin-test-key-5f0c2d9e";
    private const string Deployment = "ops-metrics-deployment";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static Dictionary<string, string?> Settings(bool admin) => new()
    {
        ["ADMIN_API_KEY"] = admin ? AdminKey : null,
        // A deployment only this test uses, so series from other tests running in parallel cannot be mistaken for its own.
        [$"DEPLOYMENT:{Deployment}"] = "claude-sonnet-5-5",
    };

    [Fact]
    public async Task Metrics_are_not_served_at_all_without_an_admin_key()
    {
        await using var upstream = await FakeAnthropic.StartAsync();
        await using var proxy = await ProxyHost.StartAsync(upstream, Settings(admin: false));

        using var response = await proxy.Client.GetAsync("/metrics", Cancel); // even with a valid proxy key

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Metrics_refuse_a_missing_key_a_wrong_key_and_a_proxy_key()
    {
        await using var upstream = await FakeAnthropic.StartAsync();
        await using var proxy = await ProxyHost.StartAsync(upstream, Settings(admin: true));

        (await ScrapeAsync(proxy, bearer: null)).Status.ShouldBe(HttpStatusCode.Unauthorized);
        (await ScrapeAsync(proxy, bearer: "not-the-admin-key")).Status.ShouldBe(HttpStatusCode.Unauthorized);
        (await ScrapeAsync(proxy, bearer: ProxyHost.Key)).Status.ShouldBe(HttpStatusCode.Unauthorized);
        using var withProxyKeyHeader = await proxy.Client.GetAsync("/metrics", Cancel);
        withProxyKeyHeader.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Metrics_with_the_admin_key_count_a_chat_request_its_tokens_and_its_cost()
    {
        await using var upstream = await FakeAnthropic.StartAsync();
        await using var proxy = await ProxyHost.StartAsync(upstream, Settings(admin: true));
        upstream.Enqueue(FakeReply.Text("Restart the print spooler."));

        using var chat = await proxy.PostChatAsync("""{"messages":[{"role":"user","content":"The printer queue is stuck."}]}""", Deployment, Cancel);
        chat.StatusCode.ShouldBe(HttpStatusCode.OK);
        var (status, text) = await ScrapeAsync(proxy, AdminKey);

        status.ShouldBe(HttpStatusCode.OK);
        var lines = text.Split('\n');
        lines.ShouldContain(l => l.StartsWith("haloclaude_requests_total{", StringComparison.Ordinal)
            && l.Contains($"deployment=\"{Deployment}\"", StringComparison.Ordinal)
            && l.Contains("status=\"200\"", StringComparison.Ordinal)
            && l.Contains("outcome=\"ok\"", StringComparison.Ordinal)
            && l.EndsWith(" 1", StringComparison.Ordinal));
        lines.ShouldContain(l => l.StartsWith("haloclaude_tokens_total{", StringComparison.Ordinal)
            && l.Contains($"deployment=\"{Deployment}\"", StringComparison.Ordinal) && l.Contains("type=\"output\"", StringComparison.Ordinal));
        lines.ShouldContain(l => l.StartsWith("haloclaude_cost_usd_total{", StringComparison.Ordinal)
            && l.Contains($"deployment=\"{Deployment}\"", StringComparison.Ordinal));
        lines.ShouldContain(l => l.StartsWith("haloclaude_request_duration_seconds_count{", StringComparison.Ordinal)
            && l.Contains($"deployment=\"{Deployment}\"", StringComparison.Ordinal));
    }

    private static async Task<(HttpStatusCode Status, string Text)> ScrapeAsync(ProxyHost proxy, string? bearer)
    {
        using var client = new HttpClient { BaseAddress = proxy.BaseUrl };
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        using var response = await client.GetAsync("/metrics", Cancel);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(Cancel));
    }
}
