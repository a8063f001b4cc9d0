using System.Net;
using System.Net.Http.Headers;

using HaloClaude.Tests.Support;
using HaloClaude.Tests.TestKit;

namespace HaloClaude.Tests.Api;

/// <summary>Inbound keys: <c>api-key</c> or <c>Authorization: Bearer</c>; a rejected request never reaches Anthropic; keys never reach the logs.</summary>
public sealed class AuthTests : ProxyTest
{
    private const string RotatedKey = "halo-rotated-key-abcdefghij";
    private const string ChatPath = "/openai/deployments/claude-sonnet-5-5/chat/completions?api-version=2024-02-01";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["PROXY_API_KEYS"] = $"first-unused-key, {RotatedKey}" };

    private HttpClient Anonymous() => new() { BaseAddress = Proxy.BaseUrl };

    private async Task<Reply> PostWithAsync(Action<HttpRequestHeaders> headers, string path = ChatPath)
    {
        using var client = Anonymous();
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Json(Body()) };
        headers(request.Headers);
        return await SendAsync(request, client);
    }

    [Fact]
    public async Task A_request_without_a_key_is_401_and_never_reaches_Anthropic()
    {
        var reply = await PostWithAsync(_ => { });

        ShouldBeAzureError(reply, HttpStatusCode.Unauthorized, "401")["message"]!.GetValue<string>().ShouldContain("Access denied");
        Upstream.Received.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("api-key", "wrong-key")]
    [InlineData("api-key", ProxyHost.Key + "x")]
    [InlineData("api-key", "halo-proxy-test-key-012345678")]
    [InlineData("Authorization", "Bearer wrong-key")]
    [InlineData("Authorization", "Basic " + ProxyHost.Key)]
    [InlineData("Authorization", ProxyHost.Key)]
    [InlineData("x-api-key", ProxyHost.Key)]
    public async Task A_wrong_key_is_401_and_never_reaches_Anthropic(string header, string value)
    {
        var reply = await PostWithAsync(h => h.TryAddWithoutValidation(header, value));

        ShouldBeAzureError(reply, HttpStatusCode.Unauthorized, "401");
        Upstream.Received.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("api-key", ProxyHost.Key)]
    [InlineData("Authorization", "Bearer " + ProxyHost.Key)]
    [InlineData("Authorization", "bearer " + ProxyHost.Key)]
    [InlineData("api-key", RotatedKey)]
    [InlineData("Authorization", "Bearer " + RotatedKey)]
    public async Task The_api_key_header_and_a_bearer_token_both_work(string header, string value)
    {
        var reply = await PostWithAsync(h => h.TryAddWithoutValidation(header, value));

        reply.Status.ShouldBe(HttpStatusCode.OK, reply.Text);
        Upstream.Received.Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_key_in_the_query_string_is_not_accepted()
    {
        var reply = await PostWithAsync(_ => { }, ChatPath + "&api-key=" + ProxyHost.Key);

        ShouldBeAzureError(reply, HttpStatusCode.Unauthorized, "401");
    }

    [Fact]
    public async Task The_callers_key_is_never_forwarded_to_Anthropic()
    {
        var reply = await PostWithAsync(h => h.Authorization = new AuthenticationHeaderValue("Bearer", ProxyHost.Key));

        reply.Status.ShouldBe(HttpStatusCode.OK);
        var headers = Upstream.LastRequest.Headers;
        headers["x-api-key"].ShouldBe(FakeAnthropic.ApiKey);
        headers.ContainsKey("authorization").ShouldBeFalse();
        headers.ContainsKey("api-key").ShouldBeFalse();
        string.Join("\n", headers.Values).ShouldNotContain(ProxyHost.Key);
    }

    [Fact]
    public async Task Keys_never_appear_in_the_logs()
    {
        await PostWithAsync(h => h.TryAddWithoutValidation("api-key", "wrong-key-that-must-not-be-logged"));
        await PostWithAsync(h => h.TryAddWithoutValidation("Authorization", "Bearer " + ProxyHost.Key));
        await PostWithAsync(h => h.TryAddWithoutValidation("api-key", RotatedKey));

        var logs = Proxy.Logs.AllText;
        logs.ShouldContain("Rejected"); // the rejection itself is logged
        logs.ShouldNotContain("wrong-key-that-must-not-be-logged");
        logs.ShouldNotContain(ProxyHost.Key);
        logs.ShouldNotContain(RotatedKey);
        logs.ShouldNotContain(FakeAnthropic.ApiKey);
    }

    [Fact]
    public async Task Health_needs_no_key()
    {
        using var client = Anonymous();

        var reply = await Reply.ReadAsync(await client.GetAsync("/health", Token));

        reply.Status.ShouldBe(HttpStatusCode.OK);
        reply.Body!["status"]!.GetValue<string>().ShouldBe("healthy");
    }

    [Theory]
    [InlineData("/openai/models")]
    [InlineData("/v1/models")]
    [InlineData("/openai/deployments/x/embeddings")]
    [InlineData("/no/such/route")]
    public async Task Every_other_route_needs_a_key(string path)
    {
        using var client = Anonymous();

        var reply = await Reply.ReadAsync(await client.GetAsync(path, Token));

        ShouldBeAzureError(reply, HttpStatusCode.Unauthorized, "401");
    }
}
