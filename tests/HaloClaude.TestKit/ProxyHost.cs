using System.Net.Http.Headers;
using System.Text;

using HaloClaude.Api;
using HaloClaude.Caching;
using HaloClaude.Operations.Dashboard;
using HaloClaude.Operations.Demo;
using HaloClaude.Operations.Logging;
using HaloClaude.Operations.Telemetry;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace HaloClaude.Tests.TestKit;

/// <summary>The proxy itself, running on Kestrel at 127.0.0.1 on a free port, configured like a real deployment.</summary>
public sealed class ProxyHost : IAsyncDisposable
{
    public const string Key = "halo-proxy-test-key-0123456789";

    private readonly WebApplication _app;
    private readonly string _key;

    private ProxyHost(WebApplication app, Uri baseUrl, CapturingLoggerProvider logs, string key)
    {
        _app = app;
        Logs = logs;
        BaseUrl = baseUrl;
        _key = key;
        Client = NewClient();
    }

    public Uri BaseUrl { get; }

    /// <summary>An HttpClient that sends the proxy key as <c>api-key</c>.</summary>
    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>A client of its own, with its own connections: for a request right after a failed stream, whose connection
    /// the proxy closes as soon as the stream has ended (a request sent on it in that instant would fail to connect).</summary>
    public HttpClient NewClient()
    {
        var client = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Add("api-key", _key);
        return client;
    }

    public CapturingLoggerProvider Logs { get; }

    public static Task<ProxyHost> StartAsync(FakeAnthropic upstream, IDictionary<string, string?>? settings = null, Action<WebApplicationBuilder>? configure = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["ANTHROPIC_API_KEY"] = FakeAnthropic.ApiKey,
            ["ANTHROPIC_BASE_URL"] = upstream.BaseUrl.ToString(),
            ["LITELLM_MASTER_KEY"] = Key,
            ["Limits:KeepAliveInterval"] = "00:00:15",
            // Retries stay on, with short waits; the breaker only opens in tests that lower its threshold.
            ["Anthropic:Resilience:BaseDelay"] = "00:00:00.010",
            ["Anthropic:Resilience:MaxDelay"] = "00:00:00.050",
            ["Anthropic:Resilience:BreakerMinimumThroughput"] = "1000",
            // Most tests send the same request twice on purpose; the cache tests switch it on.
            ["Cache:ResponseTtl"] = "00:00:00",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        return StartAsync(values, Key, before: null, configure);
    }

    /// <summary>The proxy as <c>--demo</c> starts it: simulated Claude and Halo, the demo keys, no Anthropic or Halo settings
    /// at all. What the demo prints for the user is kept in <see cref="DemoOutput"/> instead of going to the console.</summary>
    public static async Task<ProxyHost> StartDemoAsync(IDictionary<string, string?>? settings = null)
    {
        var output = new StringWriter();
        var host = await StartAsync(
            new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>()),
            settings?.TryGetValue("LITELLM_MASTER_KEY", out var key) == true && key is not null ? key : DemoMode.DemoProxyKey,
            before: builder => builder.AddDemoMode(),
            configure: builder => builder.Services.AddKeyedSingleton<TextWriter>(DemoBanner.OutputKey, output));
        host.DemoOutput = output;
        return host;
    }

    /// <summary>What demo mode printed for the user (its banner with the curl and the dashboard sign-in).</summary>
    public StringWriter? DemoOutput { get; private set; }

    private static async Task<ProxyHost> StartAsync(Dictionary<string, string?> values, string key, Action<WebApplicationBuilder>? before, Action<WebApplicationBuilder>? configure)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Testing", Args = ["--urls", "http://127.0.0.1:0"] });
        builder.Configuration.AddInMemoryCollection(values);
        var logs = new CapturingLoggerProvider();
        builder.AddStructuredLogging(); // registers the JSON formatter; the console itself is replaced by the capture below
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.Logging.SetMinimumLevel(LogLevel.Trace);
        before?.Invoke(builder);
        builder.AddHaloClaudeCore();
        builder.AddAnthropicUpstream();
        builder.AddCaching();
        builder.AddHalo();
        builder.AddChatPipeline();
        builder.AddTelemetry();
        configure?.Invoke(builder);
        var app = builder.Build();
        logs.UseJsonFormatter(app.Services.GetServices<ConsoleFormatter>().Single(f => f.Name == ConsoleFormatterNames.Json));
        app.UseHaloClaudeEdge();
        app.MapHealth();
        app.MapMetrics();
        app.MapDashboard();
        app.MapModels();
        app.MapChatCompletions();
        app.MapUnsupportedRoutes();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ProxyHost(app, new Uri(address), logs, key);
    }

    /// <summary>POSTs a raw JSON body to the Azure route of a deployment.</summary>
    public Task<HttpResponseMessage> PostChatAsync(string json, string deployment = "claude-sonnet-5-5", CancellationToken cancellationToken = default)
    {
        var content = new StringContent(json, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        return Client.PostAsync($"/openai/deployments/{deployment}/chat/completions?api-version=2024-02-01", content, cancellationToken);
    }

    /// <summary>Stops the proxy as a container stop would: no new requests, in-flight ones may finish.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) => _app.StopAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
