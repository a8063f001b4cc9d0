namespace HaloClaude.Configuration;

/// <summary>The deployments every installation has unless configuration overrides them.</summary>
public static class DeploymentDefaults
{
    public static IReadOnlyDictionary<string, DeploymentConfig> All { get; } = new Dictionary<string, DeploymentConfig>(StringComparer.OrdinalIgnoreCase)
    {
        // Claude Sonnet 4.5 retires on 2026-11-30; its deployment keeps answering through the fallbacks.
        ["claude-sonnet-4-5"] = new() { Model = "claude-sonnet-4-5-20250929", Fallbacks = ["claude-sonnet-4-6", "claude-sonnet-5-5"] },
        ["claude-opus-4-5"] = new() { Model = "claude-opus-4-5-20251101", Fallbacks = ["claude-opus-5-5"] },
        ["claude-haiku-4-5"] = new() { Model = "claude-haiku-4-5-20251001", Fallbacks = ["claude-haiku-5-5"] },
        ["claude-sonnet-5-5"] = new() { Model = "claude-sonnet-5-5" },
        ["claude-opus-5-5"] = new() { Model = "claude-opus-5-5" },
        ["claude-haiku-5-5"] = new() { Model = "claude-haiku-5-5" },
    };
}
