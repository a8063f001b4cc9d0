using System.Globalization;
using System.Threading.RateLimiting;

using HaloClaude.Configuration;
using HaloClaude.Translation;

using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace HaloClaude.Api;

/// <summary>Per-key request limits (requests per minute and requests in flight), answered like Azure: 429 with <c>retry-after</c>.</summary>
/// <remarks>The platform's rate limiter answers 503 by default; Azure clients treat 429 as "slow down", so we do too.
/// Limits are per replica.</remarks>
public static class KeyRateLimits
{
    public static IServiceCollection AddKeyRateLimits(this IServiceCollection services)
    {
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = (context, cancellationToken) =>
            {
                var retry = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                var error = new ApiError(
                    429,
                    "429",
                    $"This proxy key has exceeded its request limit. Please retry after {Math.Ceiling(retry.TotalSeconds).ToString(CultureInfo.InvariantCulture)} seconds.",
                    Type: "rate_limit_error",
                    RetryAfter: retry);
                return new ValueTask(ErrorWriter.WriteAsync(context.HttpContext, error));
            };
            options.GlobalLimiter = PartitionedRateLimiter.CreateChained(PerMinute(), InFlight());
        });
        return services;
    }

    private static PartitionedRateLimiter<HttpContext> PerMinute() => PartitionedRateLimiter.Create<HttpContext, string>(context =>
    {
        var limit = Limits(context).RequestsPerMinutePerKey;
        return Exempt(context) || limit <= 0
            ? RateLimitPartition.GetNoLimiter("unlimited")
            : RateLimitPartition.GetFixedWindowLimiter(CallerKey.Of(context).KeyFingerprint, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = limit,
                Window = TimeSpan.FromMinutes(1),
                QueueLimit = 0,
            });
    });

    private static PartitionedRateLimiter<HttpContext> InFlight() => PartitionedRateLimiter.Create<HttpContext, string>(context =>
    {
        var limit = Limits(context).ConcurrentRequestsPerKey;
        return Exempt(context) || limit <= 0
            ? RateLimitPartition.GetNoLimiter("unlimited")
            : RateLimitPartition.GetConcurrencyLimiter(CallerKey.Of(context).KeyFingerprint, _ => new ConcurrencyLimiterOptions
            {
                PermitLimit = limit,
                QueueLimit = 0,
            });
    });

    private static RequestLimitOptions Limits(HttpContext context) =>
        context.RequestServices.GetRequiredService<IOptionsMonitor<RequestLimitOptions>>().CurrentValue;

    /// <summary>Probes and unauthenticated requests (already answered 401) are not counted.</summary>
    private static bool Exempt(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/health") || context.Features.Get<CallerKey>() is null;
}
