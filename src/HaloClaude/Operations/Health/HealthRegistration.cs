using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HaloClaude.Operations.Health;

/// <summary>Readiness checks are plain <see cref="IHealthCheck"/>s tagged <see cref="ReadyTag"/>; any area adds its own with
/// <c>services.AddHealthChecks().AddCheck&lt;T&gt;(name, tags: [HealthRegistration.ReadyTag])</c>.</summary>
public static class HealthRegistration
{
    public const string ReadyTag = "ready";

    /// <summary>The configuration check; registered with the core so <c>/health/ready</c> always has something to run.</summary>
    public static IServiceCollection AddConfigurationReadiness(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<ConfigurationHealthCheck>(ConfigurationHealthCheck.Name, tags: [ReadyTag]);
        return services;
    }

    /// <summary>The Anthropic check; registered with the upstream client it probes.</summary>
    public static IServiceCollection AddAnthropicReadiness(this IServiceCollection services)
    {
        services.AddSingleton<AnthropicHealthCheck>(); // a singleton so its cached result is shared by every probe
        services.AddHealthChecks().AddCheck<AnthropicHealthCheck>(AnthropicHealthCheck.Name, tags: [ReadyTag]);
        return services;
    }
}
