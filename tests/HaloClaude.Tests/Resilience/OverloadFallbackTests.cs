using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

using HaloClaude.Tests.TestKit;

namespace HaloClaude.Tests.Resilience;

public sealed class OverloadFallbackTests : IAsyncLifetime
{
    private const string Request = """{"messages":[{"role":"user","content":"Draft a reply about the outage."}]}""";
    private const string AdminKey = "admin-key-for-overload-tests";

    // Deployments only these tests use, so metric series from tests running in parallel cannot be mistaken for theirs.
    private const string Primary = "overload-primary";
    private const string Spare = "overload-spare";

    private FakeAnthropic _upstream = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _upstream = await FakeAnthropic.StartAsync();

    public async ValueTask DisposeAsync() => await _upstream.DisposeAsync();

    private Task<ProxyHost> StartAsync(params (string Key, string? Value)[] extra)
    {
        var settings = new Dictionary<string, string?>
        {
            [$"Deployments:{Primary}:Model"] = "claude-sonnet-5-5",
            [$"Deployments:{Primary}:OverloadFallback"] = Spare,
            [$"Deployments:{Spare}:Model"] = "claude-haiku-5-5",
            ["ADMIN_API_KEY"] = AdminKey,
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return ProxyHost.StartAsync(_upstream, settings);
    }

    [Fact]
    public async Task A_model_still_overloaded_after_the_retries_is_answered_by_the_overload_fallback_deployment()
    {
        await using var proxy = await StartAsync();
        _upstream.OverloadedModels["claude-sonnet-5-5"] = true;
        _upstream.Enqueue(FakeReply.Text("Our engineers are on it."));

        var response = await proxy.PostChatAsync(Request, Primary, Token);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(Token))!;
        body["choices"]![0]!["message"]!["content"]!.GetValue<string>().ShouldBe("Our engineers are on it.");
        _upstream.Received.Select(r => r.Body["model"]!.GetValue<string>())
            .ShouldBe(["claude-sonnet-5-5", "claude-sonnet-5-5", "claude-sonnet-5-5", "claude-haiku-5-5"]);
        proxy.Logs.AllText.ShouldContain($"answered by overload fallback deployment {Spare} with model claude-haiku-5-5");
        (await ScrapeAsync(proxy)).Split('\n').ShouldContain(l => l.StartsWith("haloclaude_fallbacks_total{", StringComparison.Ordinal)
            && l.Contains($"deployment=\"{Primary}\"", StringComparison.Ordinal)
            && l.Contains("model=\"claude-haiku-5-5\"", StringComparison.Ordinal)
            && l.Contains("reason=\"overloaded\"", StringComparison.Ordinal)
            && l.EndsWith(" 1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_built_in_deployment_gets_an_overload_fallback_from_that_one_setting()
    {
        await using var proxy = await ProxyHost.StartAsync(_upstream, new Dictionary<string, string?> { ["Deployments:claude-sonnet-5-5:OverloadFallback"] = "claude-haiku-5-5" });
        _upstream.OverloadedModels["claude-sonnet-5-5"] = true;

        var response = await proxy.PostChatAsync(Request, "claude-sonnet-5-5", Token);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        _upstream.LastRequest.Body["model"]!.GetValue<string>().ShouldBe("claude-haiku-5-5");
    }

    [Fact]
    public async Task An_overloaded_error_event_before_the_first_byte_moves_a_stream_to_the_overload_fallback()
    {
        await using var proxy = await StartAsync();
        _upstream.Enqueue(
            FakeReply.Text("unused") with { ErrorEvent = (0, "overloaded_error", "Overloaded") },
            FakeReply.Text("Streamed by the spare model."));
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/openai/deployments/{Primary}/chat/completions?api-version=2024-02-01")
        {
            Content = new StringContent("""{"stream":true,"messages":[{"role":"user","content":"Status?"}]}""", Encoding.UTF8, "application/json"),
        };

        using var response = await proxy.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Token);
        var items = await SseReader.ReadAllAsync(response, Token);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        items[^1].IsDone.ShouldBeTrue();
        string.Concat(items.Where(i => !i.IsDone && i.Data is not null)
            .Select(i => i.Json["choices"]!.AsArray().FirstOrDefault()?["delta"]?["content"]?.GetValue<string>())).ShouldBe("Streamed by the spare model.");
        _upstream.Received.Select(r => r.Body["model"]!.GetValue<string>()).ShouldBe(["claude-sonnet-5-5", "claude-haiku-5-5"]);
    }

    [Fact]
    public async Task Without_an_overload_fallback_the_caller_gets_503_with_both_retry_headers()
    {
        await using var proxy = await StartAsync();
        _upstream.OverloadedModels["claude-haiku-5-5"] = true;

        var response = await proxy.PostChatAsync(Request, Spare, Token);

        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        response.Headers.GetValues("retry-after").ShouldBe(["10"]);
        response.Headers.GetValues("retry-after-ms").ShouldBe(["10000"]);
        _upstream.Received.Count.ShouldBe(3);
    }

    [Fact]
    public async Task Other_upstream_errors_never_use_the_overload_fallback()
    {
        await using var proxy = await StartAsync(("Anthropic:Resilience:MaxRetries", "0"));
        _upstream.Enqueue(FakeReply.Error(500, "api_error", "Internal server error"), FakeReply.Text("never reached"));

        var response = await proxy.PostChatAsync(Request, Primary, Token);

        response.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
        _upstream.Received.Select(r => r.Body["model"]!.GetValue<string>()).ShouldBe(["claude-sonnet-5-5"]);
    }

    [Fact]
    public async Task While_the_primary_models_circuit_is_open_the_fallback_answers_without_calling_the_primary()
    {
        await using var proxy = await StartAsync(
            ("Anthropic:Resilience:MaxRetries", "0"),
            ("Anthropic:Resilience:BreakerMinimumThroughput", "2"),
            ("Anthropic:Resilience:BreakDuration", "00:01:00"));
        _upstream.OverloadedModels["claude-sonnet-5-5"] = true;

        for (var i = 0; i < 3; i++)
        {
            (await proxy.PostChatAsync(Request, Primary, Token)).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        // Two overloaded calls opened the primary's breaker; the third request never reached the primary model, and the
        // spare model (its own breaker) answered all three.
        _upstream.Received.Select(r => r.Body["model"]!.GetValue<string>())
            .ShouldBe(["claude-sonnet-5-5", "claude-haiku-5-5", "claude-sonnet-5-5", "claude-haiku-5-5", "claude-haiku-5-5"]);
    }

    [Fact]
    public async Task An_overload_fallback_answer_is_not_cached_so_the_primary_answers_once_it_recovers()
    {
        await using var proxy = await StartAsync(("Cache:ResponseTtl", "00:05:00"));
        _upstream.OverloadedModels["claude-sonnet-5-5"] = true;
        _upstream.Enqueue(FakeReply.Text("From the spare model."), FakeReply.Text("From the primary model."));
        (await proxy.PostChatAsync(Request, Primary, Token)).StatusCode.ShouldBe(HttpStatusCode.OK);

        _upstream.OverloadedModels.Clear();
        var recovered = await proxy.PostChatAsync(Request, Primary, Token);

        recovered.Headers.GetValues("x-cache").ShouldBe(["MISS"]);
        JsonNode.Parse(await recovered.Content.ReadAsStringAsync(Token))!["choices"]![0]!["message"]!["content"]!.GetValue<string>().ShouldBe("From the primary model.");
        _upstream.LastRequest.Body["model"]!.GetValue<string>().ShouldBe("claude-sonnet-5-5");
    }

    private static async Task<string> ScrapeAsync(ProxyHost proxy)
    {
        using var client = new HttpClient { BaseAddress = proxy.BaseUrl };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        return await client.GetStringAsync("/metrics", Token);
    }
}
