using System.Net;
using System.Text.Json.Nodes;

using HaloClaude.Tests.TestKit;

namespace HaloClaude.Tests.Operations;

public sealed class LoggingTests
{
    private const string PromptCanary = "CANARY-PROMPT-7e1f3a";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static string ChatBody(bool stream = false) =>
        $$"""{"stream":{{(stream ? "true" : "false")}},"messages":[{"role":"user","content":"Ticket 4411: {{PromptCanary}} cannot log in."}]}""";

    [Fact]
    public async Task Prompts_and_answers_stay_out_of_the_logs_by_default_even_at_trace_level()
    {
        await using var upstream = await FakeAnthropic.StartAsync();
        await using var proxy = await ProxyHost.StartAsync(upstream, new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Trace" });

        using var response = await proxy.PostChatAsync(ChatBody(), cancellationToken: Cancel);
        using var streamed = await proxy.PostChatAsync(ChatBody(stream: true), cancellationToken: Cancel);
        await streamed.Content.ReadAsStringAsync(Cancel);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync(Cancel)).ShouldContain(PromptCanary); // the fake echoes it, so the answer has it too
        proxy.Logs.Lines.ShouldContain(l => l.Contains("Chat request on claude-sonnet-5-5", StringComparison.Ordinal));
        proxy.Logs.AllText.ShouldNotContain(PromptCanary);
    }

    [Fact]
    public async Task With_LOG_PROMPTS_the_prompt_and_the_answer_are_logged()
    {
        await using var upstream = await FakeAnthropic.StartAsync();
        await using var proxy = await ProxyHost.StartAsync(upstream, new Dictionary<string, string?> { ["LOG_PROMPTS"] = "true" });

        using var streamed = await proxy.PostChatAsync(ChatBody(stream: true), cancellationToken: Cancel);
        await streamed.Content.ReadAsStringAsync(Cancel);

        proxy.Logs.Lines.ShouldContain(l => l.Contains("Prompt for claude-sonnet-5-5", StringComparison.Ordinal) && l.Contains(PromptCanary, StringComparison.Ordinal));
        proxy.Logs.Lines.ShouldContain(l => l.Contains("Answer on claude-sonnet-5-5", StringComparison.Ordinal) && l.Contains("Echo: Ticket 4411: " + PromptCanary, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Keys_never_reach_the_logs()
    {
        const string wrongKey = "sk-CANARY-presented-key-31337";
        const string adminKey = "admin-CANARY-key-90210";
        await using var upstream = await FakeAnthropic.StartAsync();
        await using var proxy = await ProxyHost.StartAsync(upstream, new Dictionary<string, string?> { ["ADMIN_API_KEY"] = adminKey, ["LOG_PROMPTS"] = "true" });

        using var ok = await proxy.PostChatAsync(ChatBody(), cancellationToken: Cancel);
        using var wrong = new HttpClient { BaseAddress = proxy.BaseUrl };
        wrong.DefaultRequestHeaders.Add("api-key", wrongKey);
        using var rejected = await wrong.PostAsync("/v1/chat/completions", new StringContent(ChatBody()), Cancel);
        using var admin = new HttpClient { BaseAddress = proxy.BaseUrl };
        admin.DefaultRequestHeaders.Authorization = new("Bearer", adminKey);
        using var metrics = await admin.GetAsync("/metrics", Cancel);
        using var ready = await admin.GetAsync("/health/ready", Cancel);

        ok.StatusCode.ShouldBe(HttpStatusCode.OK);
        rejected.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        metrics.StatusCode.ShouldBe(HttpStatusCode.OK);
        ready.StatusCode.ShouldBe(HttpStatusCode.OK);
        var logs = proxy.Logs.AllText;
        logs.ShouldNotContain(FakeAnthropic.ApiKey);
        logs.ShouldNotContain(ProxyHost.Key);
        logs.ShouldNotContain("CANARY-presented");
        logs.ShouldNotContain("CANARY-key");
    }

    [Fact]
    public async Task Json_log_lines_carry_the_request_id_the_response_returns()
    {
        await using var upstream = await FakeAnthropic.StartAsync();
        await using var proxy = await ProxyHost.StartAsync(upstream);

        using var response = await proxy.PostChatAsync(ChatBody(), cancellationToken: Cancel);
        var requestId = response.Headers.GetValues("x-request-id").Single();
        using var anonymous = new HttpClient { BaseAddress = proxy.BaseUrl };
        using var rejected = await anonymous.PostAsync("/v1/chat/completions", new StringContent(ChatBody()), Cancel);
        var rejectedId = rejected.Headers.GetValues("apim-request-id").Single();

        response.Headers.GetValues("apim-request-id").Single().ShouldBe(requestId);
        var completed = JsonLine(proxy, 8201, requestId);
        completed["LogLevel"]!.GetValue<string>().ShouldBe("Information");
        completed["State"]!["Deployment"]!.GetValue<string>().ShouldBe("claude-sonnet-5-5");
        JsonLine(proxy, 1101, rejectedId)["LogLevel"]!.GetValue<string>().ShouldBe("Warning");
    }

    /// <summary>The single JSON line with this event id whose scopes carry this correlation id.</summary>
    private static JsonObject JsonLine(ProxyHost proxy, int eventId, string correlationId) =>
        proxy.Logs.JsonLines
            .Select(line => JsonNode.Parse(line)!.AsObject())
            .Single(json => json["EventId"]!.GetValue<int>() == eventId
                && json["Scopes"]!.AsArray().Any(scope => scope?["CorrelationId"]?.GetValue<string>() == correlationId));
}
