using System.Net;
using System.Text;
using System.Text.Json.Nodes;

using HaloClaude.Tests.TestKit;

namespace HaloClaude.Tests.Agent;

/// <summary>A fake Anthropic scripted to call tools, a fake Halo serving the sample tenant, and the proxy between them.</summary>
public abstract class AgentTestBase : IAsyncLifetime
{
    protected FakeAnthropic Upstream { get; private set; } = null!;

    protected FakeHalo Halo { get; private set; } = null!;

    protected ProxyHost Proxy { get; private set; } = null!;

    protected static CancellationToken Token => TestContext.Current.CancellationToken;

    protected virtual Dictionary<string, string?> Settings => [];

    public async ValueTask InitializeAsync()
    {
        Upstream = await FakeAnthropic.StartAsync();
        Halo = await FakeHalo.StartAsync();
        Proxy = await StartProxyAsync(Settings);
    }

    /// <summary>Replaces the proxy with one that also has <paramref name="extra"/> settings (for a test that needs its own bounds).</summary>
    protected async Task RestartProxyAsync(Dictionary<string, string?> extra)
    {
        await Proxy.DisposeAsync();
        var settings = new Dictionary<string, string?>(Settings);
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        Proxy = await StartProxyAsync(settings);
    }

    private Task<ProxyHost> StartProxyAsync(Dictionary<string, string?> extra)
    {
        var settings = HaloTestServices.Settings(Halo);
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return ProxyHost.StartAsync(Upstream, settings);
    }

    public async ValueTask DisposeAsync()
    {
        await Proxy.DisposeAsync();
        await Halo.DisposeAsync();
        await Upstream.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    protected static FakeBlock Call(string id, string tool, JsonObject input) => FakeBlock.ToolUse(id, tool, input);

    protected async Task<JsonNode> PostAsync(string json)
    {
        var response = await Proxy.PostChatAsync(json, cancellationToken: Token);
        var body = await response.Content.ReadAsStringAsync(Token);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        return JsonNode.Parse(body)!;
    }

    protected async Task<List<SseItem>> StreamAsync(string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/openai/deployments/claude-sonnet-5-5/chat/completions?api-version=2024-02-01")
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        using var response = await Proxy.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Token);
        return await SseReader.ReadAllAsync(response, Token);
    }

    /// <summary>The tool_result blocks of the last user turn Anthropic received in request <paramref name="index"/>.</summary>
    protected List<JsonNode> ToolResults(int index) =>
        Upstream.Received[index].Body["messages"]!.AsArray()[^1]!["content"]!.AsArray()
            .Where(b => b!["type"]!.GetValue<string>() == "tool_result").Select(b => b!).ToList();

    protected static string ResultText(JsonNode result) =>
        string.Concat(result["content"]!.AsArray().Select(c => c!["text"]?.GetValue<string>()));

    protected static string Content(JsonNode completion) => completion["choices"]![0]!["message"]!["content"]!.GetValue<string>();
}
