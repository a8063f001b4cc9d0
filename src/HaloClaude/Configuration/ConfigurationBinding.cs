using HaloClaude.Anthropic;

namespace HaloClaude.Configuration;

/// <summary>Reads the environment-variable contract (flat names such as <c>ANTHROPIC_API_KEY</c>) and the structured sections.</summary>
public static class ConfigurationBinding
{
    public static void BindAnthropic(AnthropicOptions options, IConfiguration configuration)
    {
        configuration.GetSection("Anthropic").Bind(options);
        options.ApiKey = configuration["ANTHROPIC_API_KEY"] ?? options.ApiKey;
        options.BaseUrl = NonEmpty(configuration["ANTHROPIC_BASE_URL"]) ?? options.BaseUrl;
    }

    public static void BindProxyAuth(ProxyAuthOptions options, IConfiguration configuration)
    {
        var keys = new List<string>();
        if (NonEmpty(configuration["LITELLM_MASTER_KEY"]) is { } master)
        {
            keys.Add(master.Trim());
        }

        foreach (var key in (configuration["PROXY_API_KEYS"] ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            keys.Add(key);
        }

        options.Keys = keys;
    }

    public static void BindDeployments(DeploymentOptions options, IConfiguration configuration)
    {
        var deployments = new Dictionary<string, DeploymentConfig>(StringComparer.OrdinalIgnoreCase);
        foreach (var section in configuration.GetSection("Deployments").GetChildren())
        {
            // "Deployments:name" may be a bare model id or an object with Model and Fallbacks.
            var config = new DeploymentConfig();
            if (section.Value is { Length: > 0 } model)
            {
                config.Model = model;
            }
            else
            {
                section.Bind(config);
                // A built-in deployment given only some settings (say OverloadFallback) keeps its model and fallbacks.
                if (DeploymentDefaults.All.TryGetValue(section.Key, out var builtIn) && string.IsNullOrWhiteSpace(config.Model))
                {
                    config.Model = builtIn.Model;
                    if (!section.GetSection(nameof(DeploymentConfig.Fallbacks)).Exists())
                    {
                        config.Fallbacks = [.. builtIn.Fallbacks];
                    }
                }
            }

            deployments[section.Key] = config;
        }

        // Env-only mappings: DEPLOYMENT__<name>=<model id>.
        foreach (var section in configuration.GetSection("DEPLOYMENT").GetChildren())
        {
            if (section.Value is { Length: > 0 } model)
            {
                deployments[section.Key] = new DeploymentConfig { Model = model.Trim() };
            }
        }

        foreach (var (name, config) in DeploymentDefaults.All)
        {
            deployments.TryAdd(name, new DeploymentConfig { Model = config.Model, Fallbacks = [.. config.Fallbacks] });
        }

        options.Deployments = deployments;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
