using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HaloClaude.Caching;

/// <summary>Readiness: Redis reachable. Degraded, not unhealthy, when it is not: the replica still serves, from memory.</summary>
public sealed class RedisHealthCheck(RedisConnection redis) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var multiplexer = await redis.GetAsync();
            if (multiplexer.IsConnected)
            {
                await multiplexer.GetDatabase().PingAsync();
                return HealthCheckResult.Healthy("Redis reachable: the cache is shared across replicas.");
            }
        }
        catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
        {
            // Reported below.
        }

        return HealthCheckResult.Degraded("Redis (REDIS_CONNECTION_STRING) is unreachable: this replica serves its cache from memory only.");
    }
}
