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
    public async Task Another_key_keeps_its_own_concurrency_budget()
    {
        await using var proxy = await ProxyHost.StartAsync(_upstream, new Dictionary<string, string?>
        {
            ["Limits:ConcurrentRequestsPerKey"] = "1",
            ["PROXY_API_KEYS"] = "second-key-for-another-team",
        });
        _upstream.Enqueue(FakeReply.Text("Slow answer.") with { Silence = (2, TimeSpan.FromSeconds(3)) });
        var first = proxy.PostChatAsync(Request, cancellationToken: Token);
        await WaitUntilAsync(() => _upstream.Received.Count == 1);

        using var other = new HttpClient { BaseAddress = proxy.BaseUrl };
        other.DefaultRequestHeaders.Add("api-key", "second-key-for-another-team");
        var response = await other.PostAsync(
            "/openai/deployments/claude-sonnet-5-5/chat/completions?api-version=2024-02-01",
            new StringContent(Request, Encoding.UTF8, "application/json"),
            Token);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        first.IsCompleted.ShouldBeFalse(); // the two really were in flight together
        (await first).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Streams_in_flight_when_the_proxy_is_asked_to_stop_complete_with_done_and_new_connections_are_refused()
    {
        var proxy = await ProxyHost.StartAsync(_upstream);
        const string Text = "An answer that is still being written when the container is asked to stop.";
        _upstream.Enqueue(FakeReply.Text(Text) with { Silence = (3, TimeSpan.FromSeconds(3)) });
        using var response = await proxy.Client.SendAsync(StreamRequest(), HttpCompletionOption.ResponseHeadersRead, Token);
        var reading = SseReader.ReadAllAsync(response, Token);

        var stopping = proxy.StopAsync(Token);
        var refusedDuringDrain = await NewConnectionIsRefusedAsync(proxy.BaseUrl);
        var streamStillOpen = !reading.IsCompleted;
        var items = await reading;
        await stopping;
        await proxy.DisposeAsync();

        refusedDuringDrain.ShouldBeTrue();
        streamStillOpen.ShouldBeTrue();
        items[^1].IsDone.ShouldBeTrue();
        string.Concat(items.Where(i => !i.IsDone && i.Data is not null)
            .Select(i => i.Json["choices"]!.AsArray().FirstOrDefault()?["delta"]?["content"]?.GetValue<string>())).ShouldBe(Text);
        _upstream.Received.Single().Aborted.IsCompleted.ShouldBeFalse(); // the upstream call was allowed to finish
    }

    [Fact]
    public async Task A_stream_still_running_when_the_drain_runs_out_ends_with_a_retryable_error_and_no_done()
    {
        var proxy = await ProxyHost.StartAsync(_upstream, new Dictionary<string, string?> { ["Limits:ShutdownDrainTimeout"] = "00:00:02" });
        _upstream.Enqueue(FakeReply.Text("This answer would need far longer than the drain allows.") with { Silence = (3, TimeSpan.FromMinutes(5)) });
        using var response = await proxy.Client.SendAsync(StreamRequest(), HttpCompletionOption.ResponseHeadersRead, Token);
        var reading = SseReader.ReadAllAsync(response, Token);
        await WaitUntilAsync(() => _upstream.Received.Count == 1);

        var stopping = proxy.StopAsync(Token);
        var items = await reading;
        await stopping;
        await proxy.DisposeAsync();

        items.ShouldNotContain(i => i.IsDone);
        var error = items[^1].Json["error"]!;
        error["code"]!.GetValue<string>().ShouldBe("ServiceUnavailable");
        error["type"]!.GetValue<string>().ShouldBe("server_error");
        proxy.Logs.AllText.ShouldContain("Shutdown drain ran out");
        await _upstream.Received.Single().Aborted; // the upstream call was cancelled, not left running
    }

    [Fact]
    public async Task A_request_still_unanswered_when_the_drain_runs_out_gets_503_with_retry_after()
    {
        var proxy = await ProxyHost.StartAsync(_upstream, new Dictionary<string, string?> { ["Limits:ShutdownDrainTimeout"] = "00:00:02" });
        _upstream.Enqueue(FakeReply.Text("Too slow to finish.") with { Silence = (3, TimeSpan.FromMinutes(5)) });
        var pending = proxy.PostChatAsync(Request, cancellationToken: Token);
        await WaitUntilAsync(() => _upstream.Received.Count == 1);

        var stopping = proxy.StopAsync(Token);
        var response = await pending;
        await stopping;
        await proxy.DisposeAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        response.Headers.GetValues("retry-after").ShouldBe(["1"]);
        response.Headers.GetValues("retry-after-ms").ShouldBe(["1000"]);
        (await response.Content.ReadAsStringAsync(Token)).ShouldContain("\"code\":\"ServiceUnavailable\"");
    }

    /// <summary>Tries fresh connections until one is refused (the listener closes right after the stop begins).</summary>
    private static async Task<bool> NewConnectionIsRefusedAsync(Uri baseUrl)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            using var newcomer = new HttpClient { BaseAddress = baseUrl };
            try
            {
                using var response = await newcomer.GetAsync("/health", Token);
            }
            catch (HttpRequestException)
            {
                return true;
            }

            await Task.Delay(10, Token);
        }

        return false;
    }

    private static HttpRequestMessage StreamRequest() => new(HttpMethod.Post, "/openai/deployments/claude-sonnet-5-5/chat/completions?api-version=2024-02-01")
    {
        Content = new StringContent("""{"stream":true,"messages":[{"role":"user","content":"Hi"}]}""", Encoding.UTF8, "application/json"),
    };

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        while (!condition())
        {
            await Task.Delay(10, Token);
        }
    }
}
