using HaloClaude.Halo.Api;
using HaloClaude.Halo.Tools;

using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace HaloClaude.Halo;

/// <summary>Registers the Halo area: options, the token provider, the typed read-only client, the tools and the readiness check.</summary>
public static class HaloRegistration
{
    public static IServiceCollection AddHaloServices(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<HaloOptions>().Configure<IConfiguration>(HaloConfiguration.Bind).ValidateOnStart();
        services.AddSingleton<IValidateOptions<HaloOptions>, HaloOptionsValidator>();

        services.AddSingleton<HaloTokenProvider>();
        services.AddTransient<HaloAuthHandler>();
        services.AddHttpClient(HaloTokenProvider.HttpClientName)
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan) // the provider sets its own limit
            .RemoveAllLoggers();
        services.AddHttpClient<HaloApiClient>(HaloApiClient.HttpClientName)
            .ConfigureHttpClient(client => client.Timeout = Timeout.InfiniteTimeSpan) // the resilience pipeline limits each attempt
            .AddResilienceHandler("halo", (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptionsMonitor<HaloOptions>>().CurrentValue;
                HaloRetry.Configure(
                    pipeline,
                    options,
                    context.ServiceProvider.GetRequiredService<TimeProvider>(),
                    context.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(HaloRetry)));
            })
            .Services.AddHttpClient(HaloApiClient.HttpClientName)
            .AddHttpMessageHandler<HaloAuthHandler>()
            .RemoveAllLoggers();

        services.AddSingleton<HaloStatusNames>();
        services.AddSingleton<IHaloTools, HaloToolExecutor>();
        services.AddHybridCache();
        services.AddSingleton<HaloTicketContext>();
        services.AddHealthChecks().AddCheck<HaloTokenHealthCheck>("halo", tags: ["ready"]);
        return services;
    }
}
