using System.Net;

using Microsoft.Extensions.Http.Resilience;

using Polly;
using Polly.Timeout;

namespace HaloClaude.Halo.Api;

/// <summary>The Halo client's resilience: honour a 429's Retry-After (up to a cap, at most twice; a 429 without one is
/// retried once after a short back-off), retry a 5xx, a connection failure or a timed-out attempt once, and give each
/// attempt its own time limit.</summary>
public static class HaloRetry
{
    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, HaloOptions options, TimeProvider time, ILogger logger)
    {
        pipeline.AddRetry(new HttpRetryStrategyOptions
        {
            MaxRetryAttempts = 2,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromSeconds(1),
            ShouldRetryAfterHeader = false, // DelayGenerator below reads it, with a cap
            ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.AttemptNumber, options.MaxRetryAfter, time)),
            DelayGenerator = args => ValueTask.FromResult(args.Outcome.Result is { StatusCode: HttpStatusCode.TooManyRequests } response
                ? RetryAfter(response, time.GetUtcNow())
                : null),
            OnRetry = args =>
            {
                var path = args.Outcome.Result?.RequestMessage?.RequestUri?.AbsolutePath ?? string.Empty;
                if (args.Outcome.Result is { StatusCode: HttpStatusCode.TooManyRequests })
                {
                    HaloLog.RateLimited(logger, path, args.RetryDelay);
                }
                else
                {
                    HaloLog.RetryingOnce(logger, path, args.Outcome.Result is { } failed ? ((int)failed.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture) : args.Outcome.Exception?.GetType().Name ?? "failure", args.RetryDelay);
                }

                return ValueTask.CompletedTask;
            },
        });
        pipeline.AddTimeout(options.RequestTimeout);
    }

    private static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, int attempt, TimeSpan maxRetryAfter, TimeProvider time)
    {
        if (outcome.Result is { } response)
        {
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                // A long Retry-After means the window is spent: fail now with a clear message instead of stalling the answer.
                // Halo's 429s have not been seen carrying Retry-After (halo-api.md §1.2); its window is five minutes, so
                // without one a second quick retry would only spend more of the budget.
                return RetryAfter(response, time.GetUtcNow()) is { } wait ? wait <= maxRetryAfter : attempt == 0;
            }

            return attempt == 0 && ((int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.RequestTimeout);
        }

        return attempt == 0 && outcome.Exception is HttpRequestException or TimeoutRejectedException;
    }

    /// <summary>The wait a response asks for in <c>Retry-After</c> (seconds or a date), if any.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, DateTimeOffset now)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta)
        {
            return delta < TimeSpan.Zero ? TimeSpan.Zero : delta;
        }

        if (header?.Date is { } date)
        {
            var wait = date - now;
            return wait < TimeSpan.Zero ? TimeSpan.Zero : wait;
        }

        return null;
    }
}
