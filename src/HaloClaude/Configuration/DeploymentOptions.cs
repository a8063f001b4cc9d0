namespace HaloClaude.Configuration;

/// <summary>One Azure-style deployment: the Claude model it answers with and the models tried when that one is retired.</summary>
public sealed class DeploymentConfig
{
    /// <summary>The Claude model id, e.g. <c>claude-sonnet-5-5</c>.</summary>
    public string Model { get; set; } = string.Empty;

    /// <summary>Model ids tried in order when the upstream answers 404 <c>not_found_error</c> (a retired model).</summary>
    public List<string> Fallbacks { get; set; } = [];

    /// <summary>Whether Claude gets the read-only Halo tools on this deployment (when Halo is configured). Default true.</summary>
    public bool HaloTools { get; set; } = true;

    /// <summary>Another deployment whose model answers when this deployment's model is still overloaded (529,
    /// <c>overloaded_error</c>, or its circuit breaker open) after the retries. Optional; unset means the caller gets 503.
    /// Only one hop: the fallback deployment's own <see cref="OverloadFallback"/> is not followed.</summary>
    public string? OverloadFallback { get; set; }
}

/// <summary>The <c>Deployments</c> section: deployment name → <see cref="DeploymentConfig"/>.</summary>
public sealed class DeploymentOptions
{
    public Dictionary<string, DeploymentConfig> Deployments { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
