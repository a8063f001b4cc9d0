using System.Net;
using System.Text;
using System.Text.Json.Nodes;

using HaloClaude.Operations.Demo;
using HaloClaude.Tests.TestKit;

using Microsoft.Extensions.Configuration;

namespace HaloClaude.Tests.Operations;

public sealed class DemoModeTests : IAsyncLifetime
{
    private ProxyHost _proxy = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _proxy = await ProxyHost.StartDemoAsync();

    public async ValueTask DisposeAsync() => await _proxy.DisposeAsync();

    [Fact]
    public void Demo_mode_is_only_switched_on_by_the_command_line_switch_which_is_then_removed()
    {
        string[] args = ["--urls", "http://127.0.0.1:5000", "--demo"];

        DemoMode.Requested(ref args).ShouldBeTrue();
        args.ShouldBe(["--urls", "http://127.0.0.1:5000"]);

        string[] plain = ["--urls", "http://127.0.0.1:5000"];
        DemoMode.Requested(ref plain).ShouldBeFalse();
    }

    [Fact]
    public void Demo_mode_refuses_to_start_when_a_real_anthropic_key_is_set()
    {
        var withKey = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ANTHROPIC_API_KEY"] = "sk-ant-real" }).Build();
        var withoutKey = new ConfigurationBuilder().Build();

        DemoMode.Refusal(withKey).ShouldNotBeNull().ShouldContain("ANTHROPIC_API_KEY");
        DemoMode.Refusal(withoutKey).ShouldBeNull();
    }

    [Fact]
    public async Task A_demo_answer_runs_the_real_pipeline_and_says_it_is_simulated()
    {
        var response = await _proxy.PostChatAsync(
            """{"messages":[{"role":"system","content":"You are a service desk assistant."},{"role":"user","content":"Outlook keeps asking for my password."}]}""",
            "claude-sonnet-4-5",
            Token);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(Token))!;
        body["object"]!.GetValue<string>().ShouldBe("chat.completion");
        var content = body["choices"]![0]!["message"]!["content"]!.GetValue<string>();
        content.ShouldStartWith(DemoMode.AnswerPrefix);
        content.ShouldContain("Outlook keeps asking for my password.");
        body["usage"]!["total_tokens"]!.GetValue<int>().ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task A_streamed_demo_answer_is_a_complete_stream()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent("""{"model":"claude-haiku-4-5","stream":true,"messages":[{"role":"user","content":"Hello"}]}""", Encoding.UTF8, "application/json"),
        };
        using var response = await _proxy.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Token);

        var items = await SseReader.ReadAllAsync(response, Token);

        items[^1].IsDone.ShouldBeTrue();
        var text = string.Concat(items.Where(i => i.Data is not null && !i.IsDone)
            .Select(i => i.Json["choices"]!.AsArray() is { Count: > 0 } choices ? choices[0]!["delta"]!["content"]?.GetValue<string>() : null));
        text.ShouldStartWith(DemoMode.AnswerPrefix);
    }

    [Fact]
    public async Task A_demo_answer_in_json_mode_is_json_that_says_it_is_simulated()
    {
        var response = await _proxy.PostChatAsync(
            """{"response_format":{"type":"json_object"},"messages":[{"role":"user","content":"Classify this ticket as JSON."}]}""",
            "claude-haiku-4-5",
            Token);

        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(Token))!;
        var answer = JsonNode.Parse(body["choices"]![0]!["message"]!["content"]!.GetValue<string>())!;
        answer["simulated"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public async Task A_caller_tool_that_must_be_called_is_called_in_demo_mode()
    {
        var response = await _proxy.PostChatAsync(
            """{"tools":[{"type":"function","function":{"name":"create_note","parameters":{"type":"object","properties":{}}}}],"tool_choice":"required","messages":[{"role":"user","content":"Add a note"}]}""",
            "claude-haiku-4-5",
            Token);

        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(Token))!;
        body["choices"]![0]!["finish_reason"]!.GetValue<string>().ShouldBe("tool_calls");
        body["choices"]![0]!["message"]!["tool_calls"]![0]!["function"]!["name"]!.GetValue<string>().ShouldBe("create_note");
    }

    [Fact]
    public async Task The_demo_key_is_required_like_any_proxy_key()
    {
        using var anonymous = new HttpClient { BaseAddress = _proxy.BaseUrl };
        var response = await anonymous.PostAsync(
            "/v1/chat/completions",
            new StringContent("""{"model":"claude-haiku-4-5","messages":[{"role":"user","content":"Hello"}]}""", Encoding.UTF8, "application/json"),
            Token);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
