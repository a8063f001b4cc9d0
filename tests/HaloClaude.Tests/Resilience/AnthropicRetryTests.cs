using System.Net;
using System.Text;
using System.Text.Json.Nodes;

using HaloClaude.Tests.TestKit;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace HaloClaude.Tests.Resilience;

public sealed class AnthropicRetryTests : IAsyncLifetime
{
    private const string Request = """{"messages":[{"role":"user","content":"Why is the printer offline?"}]}""";

    private FakeAnthropic _upstream = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _upstream = await FakeAnthropic.StartAsync();

    public async ValueTask DisposeAsync() => await _upstream.DisposeAsync();

    [Theory]
    [InlineData(529, "overloaded_error")]
    [InlineData(500, "api_error")]
    [InlineData(409, "conflict_error")]
    [InlineData(504, "timeout_error")]
    public async Task A_transient_upstream_failure_is_retried_and_the_caller_gets_the_answer(int status, string type)
    {
        await using var proxy = await ProxyHost.StartAsync(_upstream);
        _upstream.Enqueue(FakeReply.Error(status, type, "Transient."), FakeReply.Text("The printer needs a driver update."));

        var response = await proxy.PostChatAsync(Request, cancellationToken: Token);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        Content(await response.Content.ReadAsStringAsync(Token)).ShouldBe("The printer needs a driver update.");
        _upstream.Received.Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_dropped_connection_before_any_byte_is_retried_and_the_caller_gets_the_answer()
    {
        await using var proxy = await ProxyHost.StartAsync(_upstream);
        _upstream.Enqueue(FakeReply.Drop(), FakeReply.Text("The printer needs a driver update."));

        var response = await proxy.PostChatAsync(Request, cancellationToken: Token);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        Content(await response.Content.ReadAsStringAsync(Token)).ShouldBe("The printer needs a driver update.");
        _upstream.Received.Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_rate_limit_with_a_short_retry_after_is_waited_out_and_retried()
    {
        // The proxy's clock is a fake one: the retry may only go out once a second of it has passed.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var proxy = await ProxyHost.StartAsync(_upstream, configure: b => b.Services.AddSingleton<TimeProvider>(clock));
        _upstream.Enqueue(FakeReply.Error(429, "rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit.", ("retry-after", "1")), FakeReply.Text("Done."));

        var pending = proxy.PostChatAsync(Request, cancellationToken: Token);
        await WaitUntilAsync(() => proxy.Logs.AllText.Contains("Retrying the Anthropic call", StringComparison.Ordinal)); // logged just before the wait starts
        await Task.Delay(200, Token); // room for a retry that wrongly ignores retry-after to arrive
        clock.Advance(TimeSpan.FromMilliseconds(900));
        await Task.Delay(200, Token);
        _upstream.Received.Count.ShouldBe(1);
        pending.IsCompleted.ShouldBeFalse();
        for (var step = 0; step < 100 && _upstream.Received.Count == 1; step++)
        {
            clock.Advance(TimeSpan.FromMilliseconds(100)); // the wait may have started a moment after the log line
            await Task.Delay(20, Token);
        }

        var response = await pending;

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        _upstream.Received.Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_rate_limit_without_retry_after_such_as_a_spend_cap_is_never_retried()
    {
        await using var proxy = await ProxyHost.StartAsync(_upstream);
        _upstream.Enqueue(FakeReply.Error(429, "rate_limit_error", "You have reached your specified API usage limits."), FakeReply.Text("never reached"));

        var response = await proxy.PostChatAsync(Request, cancellationToken: Token);

        response.StatusCode.ShouldBe((HttpStatusCode)429);
        _upstream.Received.Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_retry_that_would_wait_longer_than_the_retry_budget_is_not_made()
    {
        await using var proxy = await ProxyHost.StartAsync(_upstream, new Dictionary<string, string?> { ["Anthropic:Resilience:MaxRetryWait"] = "00:00:00.500" });
        _upstream.Enqueue(FakeReply.Error(429, "rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit.", ("retry-after", "1")), FakeReply.Text("never reached"));

        var response = await proxy.PostChatAsync(Request, cancellationToken: Token);

        response.StatusCode.ShouldBe((HttpStatusCode)429);
        response.Headers.GetValues("retry-after").ShouldBe(["1"]);
        response.Headers.GetValues("retry-after-ms").ShouldBe(["1000"]);
        _upstream.Received.Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_rate_limit_with_a_long_retry_after_goes_back_to_the_caller_with_both_retry_headers()
    {
        await using var proxy = await ProxyHost.StartAsync(_upstream);
        _upstream.Enqueue(FakeReply.Error(429, "rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit.", ("retry-after", "120")));

        var response = await proxy.PostChatAsync(Request, cancellationToken: Token);

        response.StatusCode.ShouldBe((HttpStatusCode)429);
        response.Headers.GetValues("retry-after").ShouldBe(["120"]);
        response.Headers.GetValues("retry-after-ms").ShouldBe(["120000"]);
        _upstream.Received.Count.ShouldBe(1);
    }

    [Theory]
    [InlineData(400, "invalid_request_error")]
    [InlineData(401, "authentication_error")]
    [InlineData(404, "not_found_error")]
    public async Task A_permanent_upstream_error_is_never_retried(int status, string type)
    {
        await using var proxy = await ProxyHost.StartAsync(_upstream, new Dictionary<string, string?> { ["Deployments:solo"] = "claude-sonnet-5-5" });
        _upstream.Enqueue(FakeReply.Error(status, type, "Permanent."));

        var response = await proxy.PostChatAsync(Request, "solo", Token);

        ((int)response.StatusCode).ShouldBeGreaterThanOrEqualTo(400);
        _upstream.Received.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Retries_stop_after_two_and_the_caller_gets_503_with_retry_after()
    {
        await using var proxy = await ProxyHost.StartAsync(_upstream);
        _upstream.Enqueue(
            FakeReply.Error(529, "overloaded_error", "Overloaded"),
            FakeReply.Error(529, "overloaded_error", "Overloaded"),
            FakeReply.Error(529, "overloaded_error", "Overloaded"),
            FakeReply.Text("never reached"));

        var response = await proxy.PostChatAsync(Request, cancellationToken: Token);

        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        response.Headers.Contains("retry-after").ShouldBeTrue();
        _upstream.Received.Count.ShouldBe(3);
    }

    [Fact]
    public async Task A_stream_cut_after_the_first_byte_is_not_retried_and_ends_with_an_error_event()
    {
        await using var proxy = await ProxyHost.StartAsync(_upstream);
        _upstream.Enqueue(FakeReply.Text("A long answer that will be cut in the middle.") with { DeltaSize = 3, CutAfterEvents = 5 }, FakeReply.Text("never reached"));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/openai/deployments/claude-sonnet-5-5/chat/completions?api-version=2024-02-01")
        {
            Content = new StringContent("""{"stream":true,"messages":[{"role":"user","content":"Hi"}]}""", Encoding.UTF8, "application/json"),
        };

        using var response = await proxy.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Token);
        var items = await SseReader.ReadAllAsync(response, Token);

        items.ShouldNotContain(i => i.IsDone);
        items[^1].Json["error"].ShouldNotBeNull();
        _upstream.Received.Count.ShouldBe(1);
    }

    [Fact]
    public async Task An_open_circuit_fails_fast_with_503_and_the_time_left_in_both_retry_headers_then_lets_a_probe_through()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var proxy = await ProxyHost.StartAsync(
            _upstream,
            new Dictionary<string, string?>
            {
                ["Anthropic:Resilience:MaxRetries"] = "0",
                ["Anthropic:Resilience:BreakerMinimumThroughput"] = "2",
                ["Anthropic:Resilience:BreakDuration"] = "00:01:00",
            },
            b => b.Services.AddSingleton<TimeProvider>(clock));
        _upstream.Enqueue(FakeReply.Error(500, "api_error", "Internal"), FakeReply.Error(500, "api_error", "Internal"), FakeReply.Text("Back again."));

        (await proxy.PostChatAsync(Request, cancellationToken: Token)).StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        (await proxy.PostChatAsync(Request, cancellationToken: Token)).StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        var opened = await proxy.PostChatAsync(Request, cancellationToken: Token);
        clock.Advance(TimeSpan.FromSeconds(45));
        var later = await proxy.PostChatAsync(Request, cancellationToken: Token);

        opened.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        opened.Headers.GetValues("retry-after").ShouldBe(["60"]);
        opened.Headers.GetValues("retry-after-ms").ShouldBe(["60000"]);
        later.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        later.Headers.GetValues("retry-after").ShouldBe(["15"]);
        later.Headers.GetValues("retry-after-ms").ShouldBe(["15000"]);
        _upstream.Received.Count.ShouldBe(2);
        proxy.Logs.AllText.ShouldContain("Circuit breaker for model claude-sonnet-5-5 opened");

        clock.Advance(TimeSpan.FromSeconds(16));
        var probe = await proxy.PostChatAsync(Request, cancellationToken: Token);

        probe.StatusCode.ShouldBe(HttpStatusCode.OK);
        _upstream.Received.Count.ShouldBe(3);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        while (!condition())
        {
            await Task.Delay(10, Token);
        }
    }

    private static string Content(string json) => JsonNode.Parse(json)!["choices"]![0]!["message"]!["content"]!.GetValue<string>();
}
