using System.Security.Cryptography;
using System.Text;

using HaloClaude.Halo;

using Microsoft.Extensions.Caching.StackExchangeRedis;

namespace HaloClaude.Caching;

/// <summary>The response and lookup caches: HybridCache in memory, with Redis behind it when <c>REDIS_CONNECTION_STRING</c> is set.</summary>
public static class CachingRegistration
{
    public static WebApplicationBuilder AddCaching(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ResponseCacheOptions>()
            .BindConfiguration("Cache")
            .Configure<IConfiguration>((options, configuration) =>
                options.RedisConnectionString = configuration["REDIS_CONNECTION_STRING"] is { Length: > 0 } redis ? redis : options.RedisConnectionString)
            .Validate(o => o.ResponseTtl >= TimeSpan.Zero && o.HaloLookupTtl >= TimeSpan.Zero, "Cache:ResponseTtl and Cache:HaloLookupTtl must be 0 (off) or a positive duration.")
            .ValidateOnStart();
        services.AddHybridCache(options => options.MaximumPayloadBytes = 4 * 1024 * 1024);
        services.AddSingleton<ResponseCache>();

        var redis = builder.Configuration["REDIS_CONNECTION_STRING"] ?? builder.Configuration["Cache:RedisConnectionString"];
        if (!string.IsNullOrWhiteSpace(redis))
        {
            services.AddSingleton<RedisConnection>();
            var instance = InstanceName(builder.Configuration);
            services.AddStackExchangeRedisCache(options => options.InstanceName = instance);
            services.AddOptions<RedisCacheOptions>().Configure<RedisConnection>((options, connection) => options.ConnectionMultiplexerFactory = connection.GetAsync);
            services.AddHealthChecks().AddCheck<RedisHealthCheck>("redis", tags: ["ready"]);
        }

        return builder;
    }

    /// <summary>The prefix of every Redis key: <c>haloclaude:</c> and a short hash of the Halo address.</summary>
    /// <remarks>Halo lookups are keyed by Halo record ids, which mean something only within one Halo. Replicas of one
    /// installation share a prefix; two installations pointed at one Redis by mistake never see each other's entries.</remarks>
    internal static string InstanceName(IConfiguration configuration)
    {
        var halo = new HaloOptions { ApiUrl = configuration["HALO_API_URL"] ?? configuration["Halo:ApiUrl"] ?? string.Empty }.Root;
        var tag = halo.Length == 0
            ? "no-halo"
            : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(halo.ToLowerInvariant())))[..12];
        return $"haloclaude:{tag}:";
    }
}
