using HaloClaude.Anthropic;
using HaloClaude.Configuration;

using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace HaloClaude.Operations.Health;

/// <summary>Readiness: the configuration as it is now (it may have been reloaded since start-up) still passes every start-up check.</summary>
public sealed class ConfigurationHealthCheck(
    IOptionsMonitor<AnthropicOptions> anthropic,
    IOptionsMonitor<ProxyAuthOptions> auth,
    IOptionsMonitor<DeploymentOptions> deployments,
    IOptionsMonitor<RequestLimitOptions> limits) : IHealthCheck
{
    public const string Name = "configuration";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var problems = new List<string>();
        Validate(problems, () => anthropic.CurrentValue);
        Validate(problems, () => auth.CurrentValue);
        Validate(problems, () => deployments.CurrentValue);
        Validate(problems, () => limits.CurrentValue);
        return Task.FromResult(problems.Count == 0
            ? HealthCheckResult.Healthy("The configuration is valid.")
            : HealthCheckResult.Unhealthy(string.Join(" ", problems)));
    }

    private static void Validate<T>(List<string> problems, Func<T> read)
    {
        try
        {
            // Reading the current value runs the validators; a reload with a bad value throws here.
            _ = read();
        }
        catch (OptionsValidationException ex)
        {
            problems.AddRange(ex.Failures);
        }
    }
}
