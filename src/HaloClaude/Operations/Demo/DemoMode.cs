using HaloClaude.Anthropic;

using Microsoft.Extensions.Http;

namespace HaloClaude.Operations.Demo;

/// <summary>
/// The offline demo: a simulated Claude behind the real pipeline, so the whole flow can be tried with curl and no keys.
/// </summary>
/// <remarks>
/// Guard rails against switching it on by accident in production: it is only enabled by the <c>--demo</c>
/// command-line switch (never by an environment variable or a settings file), it refuses to start when a real
/// <c>ANTHROPIC_API_KEY</c> is present, it listens on loopback unless told otherwise, and every answer says it is simulated.
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
    public static string? Refusal(IConfiguration configuration) =>
        string.IsNullOrWhiteSpace(configuration["ANTHROPIC_API_KEY"])
            ? null
            : "Demo mode refuses to start while ANTHROPIC_API_KEY is set: a real key means a real deployment. Unset it, or run without --demo.";

    /// <summary>Points the proxy at the simulated Claude and fills in a demo proxy key when none is configured.</summary>
    public static WebApplicationBuilder AddDemoMode(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var hasKey = !string.IsNullOrWhiteSpace(configuration["LITELLM_MASTER_KEY"]) || !string.IsNullOrWhiteSpace(configuration["PROXY_API_KEYS"]);
        var overrides = new Dictionary<string, string?>
        {
            ["ANTHROPIC_API_KEY"] = "demo-mode-has-no-anthropic-key",
            ["ANTHROPIC_BASE_URL"] = SimulatedBaseUrl,
        };
        if (!hasKey)
        {
            overrides["LITELLM_MASTER_KEY"] = DemoProxyKey;
        }

        if (string.IsNullOrEmpty(configuration["urls"]) && string.IsNullOrEmpty(configuration["http_ports"]))
        {
            overrides["urls"] = DemoUrl;
            builder.WebHost.UseUrls(DemoUrl);
        }

        configuration.AddInMemoryCollection(overrides);
        builder.Services.AddTransient<SimulatedClaudeHandler>();
        // PostConfigure runs after AddAnthropicUpstream's handler set-up, whatever the registration order.
        builder.Services.PostConfigure<HttpClientFactoryOptions>(AnthropicClient.HttpClientName, options =>
            options.HttpMessageHandlerBuilderActions.Add(handlers => handlers.PrimaryHandler = handlers.Services.GetRequiredService<SimulatedClaudeHandler>()));
        builder.Services.AddHostedService<DemoBanner>();
        return builder;
    }
}
