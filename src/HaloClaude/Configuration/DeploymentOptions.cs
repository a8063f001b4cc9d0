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
}

/// <summary>The <c>Deployments</c> section: deployment name → <see cref="DeploymentConfig"/>.</summary>
public sealed class DeploymentOptions
{
    public Dictionary<string, DeploymentConfig> Deployments { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
