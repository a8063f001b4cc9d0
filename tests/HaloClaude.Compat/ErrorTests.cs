using System.ClientModel;
using System.Text.Json.Nodes;

using HaloClaude.Tests.TestKit;

using OpenAI.Chat;

namespace HaloClaude.Compat;

/// <summary>Errors surface through the real clients as <see cref="ClientResultException"/>s with the status and body they expect.</summary>
public sealed class ErrorTests : ProxyTest
{
    [Theory]
    [InlineData(ClientKind.Azure)]
    [InlineData(ClientKind.OpenAi)]
    public async Task A_wrong_key_is_a_401_and_never_reaches_Claude(ClientKind kind)
    {
        var client = CompatClients.Chat(Proxy, kind, key: "not-the-proxy-key", retries: false);

        var error = await Should.ThrowAsync<ClientResultException>(() => client.CompleteChatAsync([new UserChatMessage("Hi")], cancellationToken: Token));

        error.Status.ShouldBe(401);
        Body(error)["error"]!["code"]!.GetValue<string>().ShouldBe("401");
        Upstream.Received.ShouldBeEmpty();
    }

    [Theory]
    [InlineData(ClientKind.Azure)]
    [InlineData(ClientKind.OpenAi)]
    public async Task An_unknown_deployment_is_a_404_DeploymentNotFound(ClientKind kind)
    {
        var client = CompatClients.Chat(Proxy, kind, deployment: "gpt-4o-halo", retries: false);

        var error = await Should.ThrowAsync<ClientResultException>(() => client.CompleteChatAsync([new UserChatMessage("Hi")], cancellationToken: Token));

        error.Status.ShouldBe(404);
        Body(error)["error"]!["code"]!.GetValue<string>().ShouldBe("DeploymentNotFound");
        error.Message.ShouldContain("DeploymentNotFound");
        Upstream.Received.ShouldBeEmpty();
    }

    [Theory]
    [InlineData(ClientKind.Azure)]
    [InlineData(ClientKind.OpenAi)]
    public async Task An_upstream_rate_limit_is_a_429_with_retry_after(ClientKind kind)
    {
        Upstream.Enqueue(FakeReply.Error(429, "rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit", ("retry-after", "7")));
        var client = CompatClients.Chat(Proxy, kind, retries: false);

        var error = await Should.ThrowAsync<ClientResultException>(() => client.CompleteChatAsync([new UserChatMessage("Hi")], cancellationToken: Token));

        error.Status.ShouldBe(429);
        var response = error.GetRawResponse()!;
        response.Headers.TryGetValue("retry-after", out var retryAfter).ShouldBeTrue();
        retryAfter.ShouldBe("7");
        response.Headers.TryGetValue("retry-after-ms", out var retryAfterMs).ShouldBeTrue();
        retryAfterMs.ShouldBe("7000");
        Upstream.Received.Count.ShouldBe(1);
    }

    [Theory]
    [InlineData(ClientKind.Azure)]
    [InlineData(ClientKind.OpenAi)]
    public async Task With_its_default_retries_the_client_honours_retry_after_and_succeeds(ClientKind kind)
    {
        Upstream.Enqueue(FakeReply.Error(429, "rate_limit_error", "rate limited", ("retry-after", "1")), FakeReply.Text("Second time lucky."));
        var client = CompatClients.Chat(Proxy, kind);

        ChatCompletion completion = await client.CompleteChatAsync([new UserChatMessage("Hi")], cancellationToken: Token);

        completion.Content[0].Text.ShouldBe("Second time lucky.");
        Upstream.Received.Count.ShouldBe(2);
    }

    private static JsonNode Body(ClientResultException error) => JsonNode.Parse(error.GetRawResponse()!.Content.ToString())!;
}
