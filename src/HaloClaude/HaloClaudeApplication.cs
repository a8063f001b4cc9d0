using HaloClaude.Agent;
using HaloClaude.Anthropic;
using HaloClaude.Api;
using HaloClaude.Configuration;
using HaloClaude.Operations;
using HaloClaude.Operations.Dashboard;
using HaloClaude.Operations.Health;
using HaloClaude.Operations.Logging;
using HaloClaude.Operations.Telemetry;

using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;

namespace HaloClaude;

/// <summary>The composition root: what <c>Program.cs</c> lists, one line per area.</summary>
public static class HaloClaudeApplication
{
    /// <summary>The port of the original proxy, used when neither ASPNETCORE_URLS nor --urls says otherwise.</summary>
    public const string DefaultUrl = "http://0.0.0.0:4000";

    public static WebApplicationBuilder AddHaloClaudeCore(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["http_ports"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // The chat route sets its own (configurable) limit; nothing else needs a large body.
            kestrel.Limits.MaxRequestBodySize = 1024 * 1024;
        });

        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ConfigurationValidators>();
        services.AddOptions<AnthropicOptions>().Configure<IConfiguration>(ConfigurationBinding.BindAnthropic).ValidateOnStart();
        services.AddOptions<ProxyAuthOptions>().Configure<IConfiguration>(ConfigurationBinding.BindProxyAuth).ValidateOnStart();
        services.AddOptions<DeploymentOptions>().Configure<IConfiguration>(ConfigurationBinding.BindDeployments).ValidateOnStart();
        services.AddOptions<RequestLimitOptions>().BindConfiguration("Limits").ValidateOnStart();
        services.AddSingleton<IValidateOptions<AnthropicOptions>>(sp => sp.GetRequiredService<ConfigurationValidators>());
        services.AddSingleton<IValidateOptions<ProxyAuthOptions>>(sp => sp.GetRequiredService<ConfigurationValidators>());
        services.AddSingleton<IValidateOptions<DeploymentOptions>>(sp => sp.GetRequiredService<ConfigurationValidators>());
        services.AddSingleton<IValidateOptions<RequestLimitOptions>>(sp => sp.GetRequiredService<ConfigurationValidators>());
        services.AddKeyRateLimits();
        // In-flight requests and streams get this long to finish when the container is asked to stop.
        var drain = builder.Configuration.GetValue<TimeSpan?>("Limits:ShutdownDrainTimeout") ?? new RequestLimitOptions().ShutdownDrainTimeout;
        services.Configure<HostOptions>(host => host.ShutdownTimeout = drain);
        services.AddSingleton<ShutdownDrain>();
        services.AddConfigurationReadiness();
        return builder;
    }

    public static WebApplicationBuilder AddAnthropicUpstream(this WebApplicationBuilder builder)
    {
        builder.Services
            .AddHttpClient<AnthropicClient>(AnthropicClient.HttpClientName)
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan) // the client sets its own limits per phase
            .ConfigurePrimaryHttpMessageHandler(sp => new SocketsHttpHandler
            {
                ConnectTimeout = sp.GetRequiredService<IOptionsMonitor<AnthropicOptions>>().CurrentValue.ConnectTimeout,
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                EnableMultipleHttp2Connections = true,
            })
            .RemoveAllLoggers() // per-request HttpClient logs on the hot path add nothing the proxy's own logs lack
            .AddResilienceHandler("anthropic", AnthropicResilience.Configure)
            .SelectPipelineBy(_ => AnthropicResilience.PipelineKey); // one breaker per model
        builder.Services.AddSingleton<AnthropicCircuits>();
        builder.Services.AddAnthropicReadiness();
        return builder;
    }

    /// <summary>Halo PSA: the OAuth token provider, the read-only client and Claude's Halo tools. Always registered;
    /// the tools report themselves disabled unless HALO_API_URL, HALO_CLIENT_ID and HALO_CLIENT_SECRET are set.</summary>
    public static WebApplicationBuilder AddHalo(this WebApplicationBuilder builder)
    {
        Halo.HaloRegistration.AddHaloServices(builder.Services);
        return builder;
    }

    public static WebApplicationBuilder AddChatPipeline(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<AgentOptions>().BindConfiguration("Agent").ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<AgentOptions>, AgentOptionsValidator>();
        builder.Services.AddSingleton<TicketReferenceFinder>();
        builder.Services.AddSingleton<ToolAudit>();
        builder.Services.AddSingleton<IServerToolbox, HaloServerToolbox>();
        builder.Services.AddSingleton<ServerTools>();
        builder.Services.AddSingleton<DeploymentCatalog>();
        builder.Services.AddSingleton<ChatOrchestrator>();
        builder.Services.AddSingleton<ChatServices>();
        builder.Services.AddSingleton<HaloClaudeInstruments>();
        builder.Services.AddOptions<PricingOptions>().BindConfiguration("Pricing");
        builder.Services.AddSingleton<PriceTable>();
        builder.Services.AddSingleton<RequestTelemetry>();
        builder.Services.AddPromptLog();
        builder.Services.AddDashboard();
        return builder;
    }

    public static WebApplication UseHaloClaudeEdge(this WebApplication app)
    {
        app.UseRequestCorrelation();
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = context => ErrorWriter.WriteAsync(context, new Translation.ApiError(500, "InternalServerError", "The proxy hit an unexpected error.", Type: "server_error")),
        });
        app.UseStatusCodePages(context => ErrorWriter.WriteStatusAsync(context.HttpContext));
        app.UseWhen(
            context => !OperationsPaths.SkipsProxyKey(context.Request.Path),
            branch => branch.UseMiddleware<ApiKeyMiddleware>());
        app.UseRateLimiter();
        return app;
    }
}
