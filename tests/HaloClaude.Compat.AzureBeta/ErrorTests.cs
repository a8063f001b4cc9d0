using Azure;
using Azure.AI.OpenAI;

using HaloClaude.Tests.TestKit;

namespace HaloClaude.Compat.AzureBeta;

/// <summary>Errors surface through the beta.6 client as <see cref="RequestFailedException"/>s with Azure's status and error code.</summary>
public sealed class ErrorTests : ProxyTest
{
    private static ChatCompletionsOptions Hi() => new() { Messages = { new ChatMessage(ChatRole.User, "Hi") } };

    [Fact]
    public async Task A_wrong_key_is_a_401_and_never_reaches_Claude()
    {
        var client = BetaClient.Create(Proxy, key: "not-the-proxy-key", retries: false);

        var error = await Should.ThrowAsync<RequestFailedException>(() => client.GetChatCompletionsAsync(BetaClient.Deployment, Hi(), Token));

        error.Status.ShouldBe(401);
        error.ErrorCode.ShouldBe("401");
        Upstream.Received.ShouldBeEmpty();
    }

    [Fact]
    public async Task An_unknown_deployment_is_a_404_DeploymentNotFound()
    {
        var client = BetaClient.Create(Proxy, retries: false);

        var error = await Should.ThrowAsync<RequestFailedException>(() => client.GetChatCompletionsAsync("gpt-35-turbo-halo", Hi(), Token));

        error.Status.ShouldBe(404);
        error.ErrorCode.ShouldBe("DeploymentNotFound");
        Upstream.Received.ShouldBeEmpty();
    }

    [Fact]
    public async Task An_upstream_rate_limit_is_a_429_with_retry_after()
    {
        Upstream.Enqueue(FakeReply.Error(429, "rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit", ("retry-after", "7")));
        var client = BetaClient.Create(Proxy, retries: false);

        var error = await Should.ThrowAsync<RequestFailedException>(() => client.GetChatCompletionsAsync(BetaClient.Deployment, Hi(), Token));

        error.Status.ShouldBe(429);
        error.ErrorCode.ShouldBe("429");
        var response = error.GetRawResponse().ShouldNotBeNull();
        response.Headers.TryGetValue("retry-after", out var retryAfter).ShouldBeTrue();
        retryAfter.ShouldBe("7");
        response.Headers.TryGetValue("retry-after-ms", out var retryAfterMs).ShouldBeTrue();
        retryAfterMs.ShouldBe("7000");
        Upstream.Received.Count.ShouldBe(1);
    }

    [Fact]
    public async Task With_its_default_retries_the_client_honours_retry_after_and_succeeds()
    {
        Upstream.Enqueue(FakeReply.Error(429, "rate_limit_error", "rate limited", ("retry-after", "1")), FakeReply.Text("Second time lucky."));
        var client = BetaClient.Create(Proxy);

        ChatCompletions completions = await client.GetChatCompletionsAsync(BetaClient.Deployment, Hi(), Token);

        completions.Choices[0].Message.Content.ShouldBe("Second time lucky.");
        Upstream.Received.Count.ShouldBe(2);
    }
}
