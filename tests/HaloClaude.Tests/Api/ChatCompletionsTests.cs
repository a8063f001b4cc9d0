using System.Net;
using System.Text.Json.Nodes;

using HaloClaude.Tests.TestKit;

namespace HaloClaude.Tests.Api;

public sealed class ChatCompletionsTests : IAsyncLifetime
{
    private FakeAnthropic _upstream = null!;
    private ProxyHost _proxy = null!;

    public async ValueTask InitializeAsync()
    {
        _upstream = await FakeAnthropic.StartAsync();
        _proxy = await ProxyHost.StartAsync(_upstream);
    }

    public async ValueTask DisposeAsync()
    {
        await _proxy.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [Fact]
    public async Task Simple_chat_round_trips_through_Claude()
    {
        _upstream.Enqueue(FakeReply.Text("The printer needs a new toner cartridge."));

        using var response = await _proxy.PostChatAsync("""{"messages":[{"role":"system","content":"You help technicians."},{"role":"user","content":"Why is the printer blank?"}]}""", cancellationToken: TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
        body["object"]!.GetValue<string>().ShouldBe("chat.completion");
        body["choices"]![0]!["message"]!["content"]!.GetValue<string>().ShouldBe("The printer needs a new toner cartridge.");
        body["choices"]![0]!["finish_reason"]!.GetValue<string>().ShouldBe("stop");
        var sent = _upstream.LastRequest;
        sent.Headers["x-api-key"].ShouldBe(FakeAnthropic.ApiKey);
        sent.Headers["anthropic-version"].ShouldBe("2023-06-01");
        // Structured outputs, effort and caching are GA: no beta header is ever needed.
        sent.Headers.ContainsKey("anthropic-beta").ShouldBeFalse();
        sent.Body["model"]!.GetValue<string>().ShouldBe("claude-sonnet-5-5");
        sent.Body["stream"]!.GetValue<bool>().ShouldBeTrue();
        sent.Body["system"]![0]!["text"]!.GetValue<string>().ShouldBe("You help technicians.");
    }
}
