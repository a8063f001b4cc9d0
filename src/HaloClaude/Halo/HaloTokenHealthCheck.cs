using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace HaloClaude.Halo;

/// <summary>Readiness: when Halo is configured, the proxy can obtain (or already holds) an access token. Healthy when
/// Halo is off; degraded rather than unhealthy on failure, because the proxy still answers without Halo's tools.</summary>
public sealed class HaloTokenHealthCheck(HaloTokenProvider tokens, IOptionsMonitor<HaloOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!options.CurrentValue.Enabled)
        {
            return HealthCheckResult.Healthy("Halo is not configured; the proxy runs without Halo tools.");
        }

        try
        {
            await tokens.GetTokenAsync(cancellationToken);
            return HealthCheckResult.Healthy("Halo access token available.");
        }
        catch (HaloException ex)
        {
            return HealthCheckResult.Degraded(ex.Message);
        }
    }
}
