using HaloClaude.Anthropic;

using Microsoft.Extensions.Options;

namespace HaloClaude.Configuration;

/// <summary>A resolved deployment: its name and the Claude models to try, in order.</summary>
public sealed record DeploymentRoute(string Name, IReadOnlyList<string> Models, bool HaloTools = true)
{
    /// <summary>The deployment tried when every model of this one is overloaded; null when none is configured.</summary>
    public DeploymentRoute? OverloadFallback { get; init; }
}

/// <summary>Resolves Azure deployment names to Claude models, skipping models already past their retirement date.</summary>
public sealed class DeploymentCatalog(IOptionsMonitor<DeploymentOptions> options, TimeProvider time)
{
    public bool TryResolve(string name, out DeploymentRoute route)
    {
        if (!options.CurrentValue.Deployments.TryGetValue(name, out var config))
        {
            route = null!;
            return false;
        }

        route = Resolve(name, config);
        if (config.OverloadFallback is { Length: > 0 } fallback
            && !string.Equals(fallback, name, StringComparison.OrdinalIgnoreCase)
            && options.CurrentValue.Deployments.TryGetValue(fallback, out var fallbackConfig))
        {
            route = route with { OverloadFallback = Resolve(fallback, fallbackConfig) };
        }

        return true;
    }

    private DeploymentRoute Resolve(string name, DeploymentConfig config)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var candidates = new List<string>(1 + config.Fallbacks.Count) { config.Model };
        foreach (var fallback in config.Fallbacks)
        {
            if (!candidates.Contains(fallback))
            {
                candidates.Add(fallback);
            }
        }

        // A retired model only costs a 404 round trip: go straight to the first fallback that is still served.
        var live = candidates.FindAll(model => ModelCapabilities.For(model).RetiresOn is not { } retires || retires > today);
        return new DeploymentRoute(name, live.Count > 0 ? live : candidates, config.HaloTools);
    }

    public IEnumerable<KeyValuePair<string, DeploymentConfig>> All => options.CurrentValue.Deployments;
}
