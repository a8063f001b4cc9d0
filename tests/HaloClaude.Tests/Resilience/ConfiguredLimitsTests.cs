using System.Net;
using System.Text.Json.Nodes;

using HaloClaude.Tests.TestKit;

namespace HaloClaude.Tests.Resilience;

/// <summary>Each request limit comes from configuration: set lower, it is the one enforced.</summary>
public sealed class ConfiguredLimitsTests : IAsyncLifetime
{
    private FakeAnthropic _upstream = null!;
    private ProxyHost _proxy = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _upstream = await FakeAnthropic.StartAsync();
        _proxy = await ProxyHost.StartAsync(_upstream, new Dictionary<string, string?>
        {
            ["Limits:MaxRequestBodyBytes"] = "2048",
            ["Limits:MaxJsonDepth"] = "12",
            ["Limits:MaxMessages"] = "3",
            ["Limits:MaxTokensCeiling"] = "100",
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _proxy.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [Fact]
    public async Task A_body_over_the_configured_size_gets_413()
    {
        var response = await _proxy.PostChatAsync($$"""{"messages":[{"role":"user","content":"{{new string('a', 3000)}}"}]}""", cancellationToken: Token);

        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await Error(response))["code"]!.GetValue<string>().ShouldBe("request_too_large");
        _upstream.Received.ShouldBeEmpty();
    }

    [Fact]
    public async Task Json_nested_deeper_than_the_configured_depth_gets_400()
    {
        // 13 levels: the body object and a parameter nested 12 arrays deep.
        var nested = string.Concat(Enumerable.Repeat("[", 12)) + "1" + string.Concat(Enumerable.Repeat("]", 12));
        var response = await _proxy.PostChatAsync($$"""{"messages":[{"role":"user","content":"Hi"}],"stop":{{nested}}}""", cancellationToken: Token);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Error(response))["message"]!.GetValue<string>().ShouldContain("more than 12 levels");
        _upstream.Received.ShouldBeEmpty();
    }

    [Fact]
    public async Task Json_within_the_configured_depth_is_accepted()
    {
        var response = await _proxy.PostChatAsync("""{"messages":[{"role":"user","content":[{"type":"text","text":"Hi"}]}]}""", cancellationToken: Token);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task More_messages_than_configured_get_400_naming_messages()
    {
        var response = await _proxy.PostChatAsync("""{"messages":[{"role":"user","content":"1"},{"role":"assistant","content":"2"},{"role":"user","content":"3"},{"role":"assistant","content":"4"}]}""", cancellationToken: Token);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Error(response))["param"]!.GetValue<string>().ShouldBe("messages");
        _upstream.Received.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_max_tokens_above_the_configured_ceiling_is_lowered_to_it()
    {
        var response = await _proxy.PostChatAsync("""{"max_tokens":5000,"messages":[{"role":"user","content":"Hi"}]}""", cancellationToken: Token);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        _upstream.LastRequest.Body["max_tokens"]!.GetValue<int>().ShouldBe(100);
    }

    private static async Task<JsonNode> Error(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync(Token))!["error"]!;
}
