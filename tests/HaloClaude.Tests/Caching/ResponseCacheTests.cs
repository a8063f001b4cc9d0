using System.Net;
using System.Text;
using System.Text.Json.Nodes;

using HaloClaude.Tests.TestKit;

namespace HaloClaude.Tests.Caching;

public sealed class ResponseCacheTests : IAsyncLifetime
{
    private const string Request = """{"messages":[{"role":"system","content":"You are a service desk assistant."},{"role":"user","content":"Outlook asks for the password again and again."}]}""";
    private const string SecondKey = "second-proxy-key-for-cache-tests";

    private FakeAnthropic _upstream = null!;
    private ProxyHost _proxy = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _upstream = await FakeAnthropic.StartAsync();
        _proxy = await ProxyHost.StartAsync(_upstream, new Dictionary<string, string?>
        {
            ["Cache:ResponseTtl"] = "00:05:00",
            ["PROXY_API_KEYS"] = SecondKey,
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _proxy.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [Fact]
    public async Task Two_identical_requests_make_one_upstream_call_and_get_the_same_answer()
    {
        _upstream.Enqueue(FakeReply.Text("Remove the stored credentials in Credential Manager."), FakeReply.Text("A different answer"));

        var first = await _proxy.PostChatAsync(Request, cancellationToken: Token);
        var second = await _proxy.PostChatAsync(Request, cancellationToken: Token);

        first.Headers.GetValues("x-cache").ShouldBe(["MISS"]);
        second.Headers.GetValues("x-cache").ShouldBe(["HIT"]);
        Content(await second.Content.ReadAsStringAsync(Token)).ShouldBe("Remove the stored credentials in Credential Manager.");
        _upstream.Received.Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_cache_miss_is_a_miss_and_not_a_cache_failure()
    {
        var response = await _proxy.PostChatAsync(Request, cancellationToken: Token);

        response.Headers.GetValues("x-cache").ShouldBe(["MISS"]);
        _proxy.Logs.AllText.ShouldNotContain("Response cache read failed");
    }

    [Fact]
    public async Task A_cached_answer_to_a_streaming_request_is_replayed_as_a_complete_stream()
    {
        _upstream.Enqueue(FakeReply.Answer(
            "tool_use",
            FakeBlock.Text("Checking."),
            FakeBlock.ToolUse("toolu_01", "lookup_user", new JsonObject { ["email"] = "kim@example.com" })));
        const string WithTools = """{"tools":[{"type":"function","function":{"name":"lookup_user","parameters":{"type":"object","properties":{"email":{"type":"string"}}}}}],"messages":[{"role":"user","content":"Who is kim@example.com?"}]""";
        await _proxy.PostChatAsync(WithTools + "}", cancellationToken: Token);

        var items = await StreamAsync(WithTools + ""","stream":true,"stream_options":{"include_usage":true}}""");

        items[^1].IsDone.ShouldBeTrue();
        var chunks = items.Where(i => !i.IsDone && i.Data is not null).Select(i => i.Json).ToList();
        var ids = chunks.Select(c => c["id"]!.GetValue<string>()).Distinct().ToList();
        ids.Count.ShouldBe(1);
        var deltas = chunks.Where(c => c["choices"]!.AsArray().Count > 0).Select(c => c["choices"]![0]!).ToList();
        string.Concat(deltas.Select(d => d["delta"]!["content"]?.GetValue<string>())).ShouldBe("Checking.");
        var call = deltas.SelectMany(d => d["delta"]!["tool_calls"]?.AsArray() ?? []).ToList();
        call[0]!["id"]!.GetValue<string>().ShouldBe("toolu_01");
        call[0]!["function"]!["name"]!.GetValue<string>().ShouldBe("lookup_user");
        JsonNode.Parse(string.Concat(call.Select(c => c!["function"]!["arguments"]!.GetValue<string>())))!["email"]!.GetValue<string>().ShouldBe("kim@example.com");
        deltas.Last(d => d["finish_reason"] is not null)["finish_reason"]!.GetValue<string>().ShouldBe("tool_calls");
        chunks.Last()["usage"]!["prompt_tokens"]!.GetValue<int>().ShouldBeGreaterThan(0);
        _upstream.Received.Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_cached_streamed_answer_serves_a_later_non_streaming_request_as_json()
    {
        _upstream.Enqueue(FakeReply.Text("Clear the Outlook profile cache.") with { DeltaSize = 5 }, FakeReply.Text("A different answer"));
        const string Question = """{"messages":[{"role":"user","content":"Outlook profile keeps breaking"}]""";
        (await StreamAsync(Question + ""","stream":true}"""))[^1].IsDone.ShouldBeTrue();

        var response = await _proxy.PostChatAsync(Question + "}", cancellationToken: Token);

        response.Headers.GetValues("x-cache").ShouldBe(["HIT"]);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(Token))!;
        body["object"]!.GetValue<string>().ShouldBe("chat.completion");
        body["choices"]![0]!["message"]!["content"]!.GetValue<string>().ShouldBe("Clear the Outlook profile cache.");
        body["choices"]![0]!["finish_reason"]!.GetValue<string>().ShouldBe("stop");
        body["usage"]!["completion_tokens"]!.GetValue<int>().ShouldBe(12);
        _upstream.Received.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Another_key_gets_its_own_entry()
    {
        await _proxy.PostChatAsync(Request, cancellationToken: Token);
        using var other = new HttpClient { BaseAddress = _proxy.BaseUrl };
        other.DefaultRequestHeaders.Add("api-key", SecondKey);

        var response = await other.PostAsync("/openai/deployments/claude-sonnet-5-5/chat/completions?api-version=2024-02-01", new StringContent(Request, Encoding.UTF8, "application/json"), Token);

        response.Headers.GetValues("x-cache").ShouldBe(["MISS"]);
        _upstream.Received.Count.ShouldBe(2);
    }

    [Fact]
    public async Task Another_deployment_gets_its_own_entry()
    {
        await _proxy.PostChatAsync(Request, "claude-sonnet-5-5", Token);
        var other = await _proxy.PostChatAsync(Request, "claude-haiku-5-5", Token);

        other.Headers.GetValues("x-cache").ShouldBe(["MISS"]);
        _upstream.Received.Count.ShouldBe(2);
    }

    [Fact]
    public async Task Another_ticket_scope_gets_its_own_entry()
    {
        await _proxy.PostChatAsync("""{"messages":[{"role":"system","content":"Ticket #1001"},{"role":"user","content":"Summarise"}]}""", cancellationToken: Token);
        await _proxy.PostChatAsync("""{"messages":[{"role":"system","content":"Ticket #1002"},{"role":"user","content":"Summarise"}]}""", cancellationToken: Token);
        var repeat = await _proxy.PostChatAsync("""{"messages":[{"role":"system","content":"Ticket #1001"},{"role":"user","content":"Summarise"}]}""", cancellationToken: Token);

        repeat.Headers.GetValues("x-cache").ShouldBe(["HIT"]);
        _upstream.Received.Count.ShouldBe(2);
    }

    [Fact]
    public async Task Cache_control_no_cache_bypasses_the_cache()
    {
        await _proxy.PostChatAsync(Request, cancellationToken: Token);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/openai/deployments/claude-sonnet-5-5/chat/completions?api-version=2024-02-01")
        {
            Content = new StringContent(Request, Encoding.UTF8, "application/json"),
        };
        request.Headers.CacheControl = new System.Net.Http.Headers.CacheControlHeaderValue { NoCache = true };

        var response = await _proxy.Client.SendAsync(request, Token);

        response.Headers.GetValues("x-cache").ShouldBe(["BYPASS"]);
        _upstream.Received.Count.ShouldBe(2);
    }

    [Fact]
    public async Task Errors_are_never_cached()
    {
        _upstream.Enqueue(FakeReply.Error(400, "invalid_request_error", "messages: bad"));

        (await _proxy.PostChatAsync(Request, cancellationToken: Token)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var second = await _proxy.PostChatAsync(Request, cancellationToken: Token);

        second.StatusCode.ShouldBe(HttpStatusCode.OK);
        _upstream.Received.Count.ShouldBe(2);
    }

    [Fact]
    public async Task An_incomplete_stream_is_never_cached()
    {
        _upstream.Enqueue(FakeReply.Text("This answer is cut off before it ends.") with { DeltaSize = 3, CutAfterEvents = 5 });
        const string Streamed = """{"stream":true,"messages":[{"role":"user","content":"Explain the VPN outage"}]}""";

        (await StreamAsync(Streamed)).ShouldNotContain(i => i.IsDone);
        using var newcomer = _proxy.NewClient(); // the failed stream's connection is being closed
        var again = await StreamAsync(Streamed, newcomer);

        again[^1].IsDone.ShouldBeTrue();
        _upstream.Received.Count.ShouldBe(2);
    }

    [Fact]
    public async Task A_zero_ttl_turns_the_cache_off()
    {
        await using var uncached = await ProxyHost.StartAsync(_upstream, new Dictionary<string, string?> { ["Cache:ResponseTtl"] = "00:00:00" });

        await uncached.PostChatAsync(Request, cancellationToken: Token);
        var second = await uncached.PostChatAsync(Request, cancellationToken: Token);

        second.Headers.GetValues("x-cache").ShouldBe(["BYPASS"]);
        _upstream.Received.Count.ShouldBe(2);
    }

    private async Task<List<SseItem>> StreamAsync(string body, HttpClient? client = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/openai/deployments/claude-sonnet-5-5/chat/completions?api-version=2024-02-01")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        using var response = await (client ?? _proxy.Client).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Token);
        return await SseReader.ReadAllAsync(response, Token);
    }

    private static string Content(string json) => JsonNode.Parse(json)!["choices"]![0]!["message"]!["content"]!.GetValue<string>();
}
