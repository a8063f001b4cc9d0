using HaloClaude.Anthropic;
using HaloClaude.Halo;
using HaloClaude.Halo.Api;

using Microsoft.Extensions.Http;

namespace HaloClaude.Operations.Demo;

/// <summary>
/// The offline demo: a simulated Claude and a simulated Halo serving the fictional sample tenant behind the real pipeline,
/// so the whole flow (ticket context, a Halo tool call, the answer, the dashboard) can be tried with curl and no keys.
/// </summary>
/// <remarks>
/// Guard rails against switching it on by accident in production: it is only enabled by the <c>--demo</c>
/// command-line switch (never by an environment variable or a settings file), it refuses to start when a real
/// <c>ANTHROPIC_API_KEY</c> or a real Halo (<c>HALO_*</c>, <c>Halo:</c> connection settings) is configured, it listens
/// on loopback unless told otherwise, and every answer says it is simulated.
/// </remarks>
public static class DemoMode
{
    public const string Switch = "--demo";

    /// <summary>The proxy key demo mode uses when none is configured.</summary>
    public const string DemoProxyKey = "demo-key";

    public const string DemoUrl = "http://127.0.0.1:4000";

    /// <summary>The base address the simulated Claude answers on; it is never resolved on the network.</summary>
    public const string SimulatedBaseUrl = "http://simulated-claude.invalid";

    public const string AnswerPrefix = "[Simulated Claude — demo mode, no real model was called]";

    /// <summary>The dashboard key demo mode uses when <c>ADMIN_API_KEY</c> is not set (the password of the browser's sign-in).</summary>
    public const string DemoAdminKey = "demo-admin";

    /// <summary>The Halo address the simulated Halo answers on; it is never resolved on the network.</summary>
    public const string SimulatedHaloUrl = "http://simulated-halo.invalid";

    public const string SimulatedHaloClientId = "demo-halo-client";

    public const string SimulatedHaloClientSecret = "demo-mode-has-no-halo-secret";

    /// <summary>Settings that connect to a real Halo; any of them set means a real deployment.</summary>
    private static readonly string[] HaloConnectionSettings =
    [
        "HALO_API_URL", "HALO_CLIENT_ID", "HALO_CLIENT_SECRET", "HALO_TENANT", "HALO_AUTH_URL",
        "Halo:ApiUrl", "Halo:ClientId", "Halo:ClientSecret", "Halo:Tenant", "Halo:AuthUrl",
    ];

    /// <summary>Removes the switch from the arguments and says whether it was there.</summary>
    public static bool Requested(ref string[] args)
    {
        if (!args.Contains(Switch, StringComparer.OrdinalIgnoreCase))
        {
            return false;
        }

        args = [.. args.Where(a => !string.Equals(a, Switch, StringComparison.OrdinalIgnoreCase))];
        return true;
    }

    /// <summary>Why demo mode must not start here, or <c>null</c> when it may.</summary>
    public static string? Refusal(IConfiguration configuration)
    {
        if (!string.IsNullOrWhiteSpace(configuration["ANTHROPIC_API_KEY"]))
        {
            return "Demo mode refuses to start while ANTHROPIC_API_KEY is set: a real key means a real deployment. Unset it, or run without --demo.";
        }

        var halo = HaloConnectionSettings.Where(name => !string.IsNullOrWhiteSpace(configuration[name])).ToList();
        return halo.Count == 0
            ? null
            : $"Demo mode refuses to start while {string.Join(", ", halo)} {(halo.Count == 1 ? "is" : "are")} set: demo mode serves its own fictional Halo " +
              "tenant and never reads a real one. Unset the Halo settings, or run without --demo.";
    }

    /// <summary>Points the proxy at the simulated Claude and fills in a demo proxy key when none is configured.</summary>
    public static WebApplicationBuilder AddDemoMode(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var keys = new DemoKeys(
            DemoProxyKey: string.IsNullOrWhiteSpace(configuration["LITELLM_MASTER_KEY"]) && string.IsNullOrWhiteSpace(configuration["PROXY_API_KEYS"]),
            DemoAdminKey: !AdminKeyMiddleware.IsConfigured(configuration));
        var overrides = new Dictionary<string, string?>
        {
            ["ANTHROPIC_API_KEY"] = "demo-mode-has-no-anthropic-key",
            ["ANTHROPIC_BASE_URL"] = SimulatedBaseUrl,
            ["HALO_API_URL"] = SimulatedHaloUrl,
            ["HALO_CLIENT_ID"] = SimulatedHaloClientId,
            ["HALO_CLIENT_SECRET"] = SimulatedHaloClientSecret,
        };
        if (keys.DemoProxyKey)
        {
            overrides["LITELLM_MASTER_KEY"] = DemoProxyKey;
        }

        if (keys.DemoAdminKey)
        {
            overrides[AdminKeyMiddleware.Setting] = DemoAdminKey;
        }

        if (string.IsNullOrEmpty(configuration["urls"]) && string.IsNullOrEmpty(configuration["http_ports"]))
        {
            overrides["urls"] = DemoUrl;
            builder.WebHost.UseUrls(DemoUrl);
        }

        configuration.AddInMemoryCollection(overrides);
        builder.Services.AddTransient<SimulatedClaudeHandler>();
        builder.Services.AddTransient<SimulatedHaloHandler>();
        // PostConfigure runs after AddAnthropicUpstream's and AddHalo's handler set-up, whatever the registration order.
        ReplacePrimaryHandler<SimulatedClaudeHandler>(builder.Services, AnthropicClient.HttpClientName);
        ReplacePrimaryHandler<SimulatedHaloHandler>(builder.Services, HaloTokenProvider.HttpClientName);
        ReplacePrimaryHandler<SimulatedHaloHandler>(builder.Services, HaloApiClient.HttpClientName);
        builder.Services.AddSingleton(keys);
        builder.Services.AddKeyedSingleton(DemoBanner.OutputKey, Console.Out);
        builder.Services.AddHostedService<DemoBanner>();
        return builder;
    }

    private static void ReplacePrimaryHandler<THandler>(IServiceCollection services, string clientName)
        where THandler : HttpMessageHandler =>
        services.PostConfigure<HttpClientFactoryOptions>(clientName, options =>
            options.HttpMessageHandlerBuilderActions.Add(handlers => handlers.PrimaryHandler = handlers.Services.GetRequiredService<THandler>()));
}

/// <summary>Which keys demo mode filled in itself, so the banner may print them (a configured key is never printed).</summary>
public sealed record DemoKeys(bool DemoProxyKey, bool DemoAdminKey);
