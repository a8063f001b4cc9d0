using System.Net;
using System.Text;
using System.Text.Json.Nodes;

using HaloClaude.Tests.TestKit;

namespace HaloClaude.Tests.Support;

/// <summary>A fresh fake Anthropic and proxy per test, plus the few helpers every end-to-end test uses.</summary>
public abstract class ProxyTest : IAsyncLifetime
{
    /// <summary>Deployments added for tests, so each capability generation has a name to post to.</summary>
    private static readonly Dictionary<string, string?> TestDeployments = new()
    {
        ["Deployments:sonnet-4-6"] = "claude-sonnet-4-6",
        ["Deployments:opus-4-6"] = "claude-opus-4-6",
        ["Deployments:opus-4-8"] = "claude-opus-4-8",
        ["Deployments:sonnet-5"] = "claude-sonnet-5",
        ["Deployments:fable-5-1"] = "claude-fable-5-1",
    };

    protected FakeAnthropic Upstream { get; private set; } = null!;

    protected ProxyHost Proxy { get; private set; } = null!;

    protected static CancellationToken Token => TestContext.Current.CancellationToken;

    /// <summary>Extra proxy settings for the whole test class.</summary>
    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>();

    /// <summary>The body the fake received last.</summary>
    protected JsonObject Sent => Upstream.LastRequest.Body;

    public virtual async ValueTask InitializeAsync()
    {
        Upstream = await FakeAnthropic.StartAsync();
        var settings = new Dictionary<string, string?>(TestDeployments);
        foreach (var (key, value) in Settings)
        {
            settings[key] = value;
        }

        Proxy = await ProxyHost.StartAsync(Upstream, settings);
    }

    public virtual async ValueTask DisposeAsync()
    {
        await Proxy.DisposeAsync();
        await Upstream.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>A request body: one user turn plus the given members (a JSON fragment such as <c>"temperature":0.5</c>).</summary>
    protected static string Body(string members = "", string messages = """[{"role":"user","content":"Summarise ticket 123"}]""") =>
        members.Length == 0 ? $$$"""{"messages":{{{messages}}}}""" : $$$"""{"messages":{{{messages}}},{{{members}}}}""";

    protected async Task<Reply> PostAsync(string json, string deployment = "claude-sonnet-5-5")
    {
        var response = await Proxy.PostChatAsync(json, deployment, Token);
        return await Reply.ReadAsync(response);
    }

    protected async Task<Reply> SendAsync(HttpRequestMessage request, HttpClient? client = null)
    {
        var response = await (client ?? Proxy.Client).SendAsync(request, Token);
        return await Reply.ReadAsync(response);
    }

    /// <summary>Posts and expects a 200; returns what Anthropic received.</summary>
    protected async Task<JsonObject> UpstreamBodyAsync(string json, string deployment = "claude-sonnet-5-5")
    {
        var reply = await PostAsync(json, deployment);
        reply.Status.ShouldBe(HttpStatusCode.OK, reply.Text);
        return Sent;
    }

    protected static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    /// <summary>Asserts the Azure error shape <c>{"error":{"code","message","param","type"}}</c> and returns the error object.</summary>
    protected static JsonObject ShouldBeAzureError(Reply reply, HttpStatusCode status, string? code = null, string? param = null)
    {
        reply.Status.ShouldBe(status, reply.Text);
        reply.Response.Content.Headers.ContentType?.MediaType.ShouldBe("application/json");
        var root = reply.Body.ShouldBeOfType<JsonObject>();
        root.Select(p => p.Key).ShouldBe(["error"]);
        var error = root["error"].ShouldBeOfType<JsonObject>();
        error.Select(p => p.Key).ShouldBe(["code", "message", "param", "type"], ignoreOrder: true);
        error["message"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        if (code is not null)
        {
            error["code"]!.GetValue<string>().ShouldBe(code);
        }

        if (param is not null)
        {
            error["param"]?.GetValue<string>().ShouldBe(param);
        }

        // Never a stack trace or a .NET type name.
        reply.Text.ShouldNotContain("   at ");
        reply.Text.ShouldNotContain("System.");
        reply.Text.ShouldNotContain("Exception");
        return error;
    }
}

/// <summary>A proxy response read in full.</summary>
public sealed record Reply(HttpStatusCode Status, string Text, JsonNode? Body, HttpResponseMessage Response)
{
    public static async Task<Reply> ReadAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        JsonNode? body = null;
        try
        {
            body = text.Length == 0 ? null : JsonNode.Parse(text);
        }
        catch (System.Text.Json.JsonException)
        {
        }

        return new Reply(response.StatusCode, text, body, response);
    }

    public JsonNode Message => Body!["choices"]![0]!["message"]!;

    public string? Content => Message["content"]?.GetValue<string>();

    public string FinishReason => Body!["choices"]![0]!["finish_reason"]!.GetValue<string>();

    public string Header(string name) =>
        Response.Headers.TryGetValues(name, out var values) || Response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(",", values)
            : throw new ShouldAssertException($"Header '{name}' is missing.");

    public bool HasHeader(string name) => Response.Headers.TryGetValues(name, out _) || Response.Content.Headers.TryGetValues(name, out _);
}
