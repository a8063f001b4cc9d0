namespace HaloClaude.Operations;

/// <summary>Routes that are not part of the OpenAI surface and so never take a proxy key: the probes (open) and the admin
/// surface (its own key).</summary>
public static class OperationsPaths
{
    public const string Metrics = "/metrics";

    public static bool SkipsProxyKey(PathString path) =>
        path.StartsWithSegments("/health") || path.StartsWithSegments(Metrics) || path.StartsWithSegments(Dashboard.DashboardEndpoints.Path);
}
