using System.Net;
using System.Text;

using HaloClaude.Tests.TestKit;

namespace HaloClaude.Tests.Resilience;

public sealed class LimitsAndShutdownTests : IAsyncLifetime
{
    private const string Request = """{"messages":[{"role":"user","content":"Reset my password"}]}""";

    private FakeAnthropic _upstream = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _upstream = await FakeAnthropic.StartAsync();

    public async ValueTask DisposeAsync() => await _upstream.DisposeAsync();

    [Fact]
    public async Task A_key_over_its_requests_per_minute_gets_429_with_retry_after_and_never_reaches_anthropic()
    {
        await using var proxy = await ProxyHost.StartAsync(_upstream, new Dictionary<string, string?> { ["Limits:RequestsPerMinutePerKey"] = "2" });

        (await proxy.PostChatAsync(Request, cancellationToken: Token)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await proxy.PostChatAsync(Request, cancellationToken: Token)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var rejected = await proxy.PostChatAsync(Request, cancellationToken: Token);

        rejected.StatusCode.ShouldBe((HttpStatusCode)429);
        int.Parse(rejected.Headers.GetValues("retry-after").Single(), System.Globalization.CultureInfo.InvariantCulture).ShouldBeGreaterThan(0);
        (await rejected.Content.ReadAsStringAsync(Token)).ShouldContain("\"code\":\"429\"");
        _upstream.Received.Count.ShouldBe(2);
    }

    [Fact]
    public async Task Another_key_keeps_its_own_allowance()
    {
        await using var proxy = await ProxyHost.StartAsync(_upstream, new Dictionary<string, string?>
        {
            ["Limits:RequestsPerMinutePerKey"] = "1",
            ["PROXY_API_KEYS"] = "second-key-for-another-team",
        });
        (await proxy.PostChatAsync(Request, cancellationToken: Token)).StatusCode.ShouldBe(HttpStatusCode.OK);

        using var other = new HttpClient { BaseAddress = proxy.BaseUrl };
        other.DefaultRequestHeaders.Add("api-key", "second-key-for-another-team");
        var response = await other.PostAsync(
            "/openai/deployments/claude-sonnet-5-5/chat/completions?api-version=2024-02-01",
            new StringContent(Request, Encoding.UTF8, "application/json"),
            Token);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_key_over_its_concurrent_requests_gets_429_while_the_first_request_still_completes()
    {
        await using var proxy = await ProxyHost.StartAsync(_upstream, new Dictionary<string, string?> { ["Limits:ConcurrentRequestsPerKey"] = "1" });
        _upstream.Enqueue(FakeReply.Text("Slow answer.") with { Silence = (2, TimeSpan.FromSeconds(1)) });

        var first = proxy.PostChatAsync(Request, cancellationToken: Token);
        await WaitUntilAsync(() => _upstream.Received.Count == 1);
        var second = await proxy.PostChatAsync(Request, cancellationToken: Token);

        second.StatusCode.ShouldBe((HttpStatusCode)429);
        second.Headers.Contains("retry-after").ShouldBeTrue();
        (await first).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Streams_in_flight_when_the_proxy_is_asked_to_stop_complete_with_done()
    {
        var proxy = await ProxyHost.StartAsync(_upstream);
        _upstream.Enqueue(FakeReply.Text("An answer that is still being written when the container is asked to stop.") with { Silence = (3, TimeSpan.FromSeconds(1)) });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/openai/deployments/claude-sonnet-5-5/chat/completions?api-version=2024-02-01")
        {
            Content = new StringContent("""{"stream":true,"messages":[{"role":"user","content":"Hi"}]}""", Encoding.UTF8, "application/json"),
        };
        using var response = await proxy.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Token);
        var reading = SseReader.ReadAllAsync(response, Token);

        var stopping = proxy.StopAsync(Token);
        var items = await reading;
        await stopping;
        await proxy.DisposeAsync();

        items[^1].IsDone.ShouldBeTrue();
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        while (!condition())
        {
            await Task.Delay(10, Token);
        }
    }
}
