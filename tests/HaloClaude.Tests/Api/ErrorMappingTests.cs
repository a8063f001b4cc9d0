using System.Net;

using HaloClaude.Tests.Support;
using HaloClaude.Tests.TestKit;

namespace HaloClaude.Tests.Api;

/// <summary>Mapping §7: Anthropic errors, network failures and timeouts → Azure statuses, codes and retry headers.</summary>
public sealed class ErrorMappingTests : ProxyTest
{
    /// <summary>Each test checks how one upstream answer maps; retries (which would hide it) are covered by AnthropicRetryTests.</summary>
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Anthropic:Resilience:MaxRetries"] = "0" };

    [Theory]
    [InlineData(400, "invalid_request_error", "messages.0.content: something is off", 400, "invalid_request_error")]
    [InlineData(401, "authentication_error", "invalid x-api-key", 502, "UpstreamAuthenticationFailed")]
    [InlineData(402, "billing_error", "Your credit balance is too low", 402, "insufficient_quota")]
    [InlineData(403, "permission_error", "Your API key does not have permission to use the specified resource.", 403, "PermissionDenied")]
    [InlineData(409, "conflict_error", "Conflict", 409, "conflict")]
    [InlineData(413, "request_too_large", "Request exceeds the maximum allowed number of bytes.", 413, "request_too_large")]
    [InlineData(500, "api_error", "Internal server error", 500, "InternalServerError")]
    [InlineData(504, "timeout_error", "Request timed out", 504, "Timeout")]
    [InlineData(418, "teapot_error", "I'm a teapot", 502, "BadGateway")]
    public async Task Anthropic_errors_map_to_Azure_statuses_and_codes(int status, string type, string message, int expectedStatus, string expectedCode)
    {
        Upstream.Enqueue(FakeReply.Error(status, type, message));

        var reply = await PostAsync(Body());

        ShouldBeAzureError(reply, (HttpStatusCode)expectedStatus, expectedCode);
        reply.Header("apim-request-id").ShouldStartWith("req_fake_");
        reply.HasHeader("retry-after").ShouldBeFalse();
    }

    [Fact]
    public async Task An_upstream_400_keeps_Anthropics_message()
    {
        Upstream.Enqueue(FakeReply.Error(400, "invalid_request_error", "messages.0.content: something is off"));

        var reply = await PostAsync(Body());

        ShouldBeAzureError(reply, HttpStatusCode.BadRequest)["message"]!.GetValue<string>().ShouldBe("messages.0.content: something is off");
    }

    [Fact]
    public async Task An_upstream_401_never_looks_like_the_callers_key_was_wrong()
    {
        Upstream.Enqueue(FakeReply.Error(401, "authentication_error", "invalid x-api-key"));

        var reply = await PostAsync(Body());

        reply.Status.ShouldNotBe(HttpStatusCode.Unauthorized);
        reply.Text.ShouldNotContain(FakeAnthropic.ApiKey);
    }

    [Fact]
    public async Task A_prompt_that_is_too_long_is_context_length_exceeded_on_messages()
    {
        Upstream.Enqueue(FakeReply.Error(400, "invalid_request_error", "prompt is too long: 250312 tokens > 200000 maximum"));

        var reply = await PostAsync(Body());

        var error = ShouldBeAzureError(reply, HttpStatusCode.BadRequest, "context_length_exceeded", "messages");
        error["message"]!.GetValue<string>().ShouldContain("250312 tokens > 200000 maximum");
    }

    [Fact]
    public async Task An_unknown_model_is_DeploymentNotFound()
    {
        Upstream.RetiredModels["claude-sonnet-5-5"] = true;

        var reply = await PostAsync(Body());

        ShouldBeAzureError(reply, HttpStatusCode.NotFound, "DeploymentNotFound")["message"]!.GetValue<string>().ShouldContain("claude-sonnet-5-5");
    }

    [Theory]
    [InlineData("7", "7", "7000")]
    [InlineData(null, "30", "30000")]
    public async Task A_rate_limit_is_429_with_retry_after_and_retry_after_ms(string? retryAfter, string expectedSeconds, string expectedMs)
    {
        Upstream.Enqueue(retryAfter is null
            ? FakeReply.Error(429, "rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit")
            : FakeReply.Error(429, "rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit", ("retry-after", retryAfter)));

        var reply = await PostAsync(Body());

        var error = ShouldBeAzureError(reply, HttpStatusCode.TooManyRequests, "429");
        error["message"]!.GetValue<string>().ShouldContain($"retry after {expectedSeconds} seconds");
        reply.Header("retry-after").ShouldBe(expectedSeconds);
        reply.Header("retry-after-ms").ShouldBe(expectedMs);
    }

    [Theory]
    [InlineData("3", "3", "3000")]
    [InlineData(null, "10", "10000")]
    public async Task Overloaded_529_is_503_with_retry_after(string? retryAfter, string expectedSeconds, string expectedMs)
    {
        Upstream.Enqueue(retryAfter is null
            ? FakeReply.Error(529, "overloaded_error", "Overloaded")
            : FakeReply.Error(529, "overloaded_error", "Overloaded", ("retry-after", retryAfter)));

        var reply = await PostAsync(Body());

        ShouldBeAzureError(reply, HttpStatusCode.ServiceUnavailable, "ServiceUnavailable");
        reply.Header("retry-after").ShouldBe(expectedSeconds);
        reply.Header("retry-after-ms").ShouldBe(expectedMs);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public async Task An_overloaded_error_event_in_the_upstream_stream_is_503_for_a_non_streaming_caller(int afterEvents)
    {
        Upstream.Enqueue(FakeReply.Text("This answer will not finish") with { ErrorEvent = (afterEvents, "overloaded_error", "Overloaded") });

        var reply = await PostAsync(Body());

        ShouldBeAzureError(reply, HttpStatusCode.ServiceUnavailable, "ServiceUnavailable");
        reply.Header("retry-after").ShouldBe("10");
        reply.Text.ShouldNotContain("This answer");
    }

    [Fact]
    public async Task A_connection_cut_in_the_middle_of_the_answer_is_502_for_a_non_streaming_caller()
    {
        Upstream.Enqueue(FakeReply.Text("This answer will be cut off halfway") with { CutAfterEvents = 4 });

        var reply = await PostAsync(Body());

        ShouldBeAzureError(reply, HttpStatusCode.BadGateway, "BadGateway");
    }

    [Fact]
    public async Task An_unreachable_Anthropic_is_502()
    {
        var upstream = await FakeAnthropic.StartAsync();
        await using var proxy = await ProxyHost.StartAsync(upstream);
        await upstream.DisposeAsync(); // the port is closed now

        var reply = await Reply.ReadAsync(await proxy.PostChatAsync(Body(), cancellationToken: Token));

        ShouldBeAzureError(reply, HttpStatusCode.BadGateway, "BadGateway");
    }

    [Fact]
    public async Task An_upstream_that_sends_no_headers_in_time_is_504()
    {
        await using var proxy = await ProxyHost.StartAsync(Upstream, new Dictionary<string, string?> { ["Anthropic:ResponseHeadersTimeout"] = "00:00:00.300" });
        Upstream.Enqueue(FakeReply.Text("too late") with { Silence = (0, TimeSpan.FromSeconds(30)) });

        var reply = await Reply.ReadAsync(await proxy.PostChatAsync(Body(), cancellationToken: Token));

        ShouldBeAzureError(reply, HttpStatusCode.GatewayTimeout, "Timeout");
    }

    [Fact]
    public async Task An_upstream_that_goes_silent_mid_answer_is_504_for_a_non_streaming_caller()
    {
        await using var proxy = await ProxyHost.StartAsync(Upstream, new Dictionary<string, string?> { ["Anthropic:IdleTimeout"] = "00:00:00.300" });
        Upstream.Enqueue(FakeReply.Text("stalls after a few words") with { Silence = (4, TimeSpan.FromSeconds(30)) });

        var reply = await Reply.ReadAsync(await proxy.PostChatAsync(Body(), cancellationToken: Token));

        ShouldBeAzureError(reply, HttpStatusCode.GatewayTimeout, "Timeout");
    }

    [Fact]
    public async Task Upstream_error_bodies_never_leak_the_Anthropic_key_or_request_into_logs()
    {
        Upstream.Enqueue(FakeReply.Error(500, "api_error", "Internal server error"));

        await PostAsync(Body(messages: """[{"role":"user","content":"secret prompt text 9876"}]"""));

        Proxy.Logs.AllText.ShouldNotContain(FakeAnthropic.ApiKey);
        Proxy.Logs.AllText.ShouldNotContain("secret prompt text 9876");
    }
}
