using System.Net;

using Microsoft.Extensions.Http.Resilience;

using Polly;
using Polly.Retry;

namespace HaloClaude.Anthropic;

/// <summary>The retry and circuit-breaker pipeline on the Anthropic <see cref="HttpClient"/>.</summary>
/// <remarks>
/// It sits below <see cref="AnthropicClient"/>, which reads only response headers before handing the stream on: a
/// retry can therefore only happen before the answer started, never after a byte reached the caller. No attempt
/// timeout is added here (the standard handler's 10 s would cut long streams); the client times each phase itself.
/// </remarks>
public static class AnthropicResilience
{
    /// <summary>Anthropic's "overloaded" status.</summary>
    public const int Overloaded = 529;

    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, AnthropicResilienceOptions options)
    {
        if (options.MaxRetries > 0)
        {
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.BaseDelay,
                MaxDelay = options.MaxDelay,
                ShouldRetryAfterHeader = false, // DelayGenerator honours retry-after itself, within MaxRetryAfter
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, options)),
                DelayGenerator = args => ValueTask.FromResult(RetryAfter(args.Outcome.Result) is { } wait && wait <= options.MaxRetryAfter ? wait : (TimeSpan?)null),
            });
        }

        pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
        {
            FailureRatio = options.BreakerFailureRatio,
            MinimumThroughput = options.BreakerMinimumThroughput,
            SamplingDuration = options.SamplingDuration,
            BreakDuration = options.BreakDuration,
            ShouldHandle = args => ValueTask.FromResult(IsServerFailure(args.Outcome)),
        });
    }

    /// <summary>409, 5xx, 529 and connection failures; a 429 only when Anthropic asks for a short wait.</summary>
    internal static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, AnthropicResilienceOptions options)
    {
        if (outcome.Exception is not null)
        {
            return outcome.Exception is HttpRequestException;
        }

        var response = outcome.Result!;
        return (int)response.StatusCode switch
        {
            409 or 500 or 502 or 503 or 504 or Overloaded => true,
            // No retry-after (e.g. a monthly spend cap) means a retry cannot succeed soon.
            429 => RetryAfter(response) is { } wait && wait <= options.MaxRetryAfter,
            _ => false,
        };
    }

    private static bool IsServerFailure(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception is HttpRequestException
        || (outcome.Result is { } response && ((int)response.StatusCode >= 500 || (int)response.StatusCode == Overloaded));

    private static TimeSpan? RetryAfter(HttpResponseMessage? response)
    {
        if (response?.Headers.RetryAfter is not { } header)
        {
            return null;
        }

        if (header.Delta is { } delta)
        {
            return delta;
        }

        return header.Date is { } date ? date - DateTimeOffset.UtcNow : null;
    }

    /// <summary>What the caller gets while the breaker is open.</summary>
    public static UpstreamFailure CircuitOpen(TimeSpan retryAfter) => new(
        UpstreamFailureKind.ApiError,
        (int)HttpStatusCode.ServiceUnavailable,
        "overloaded_error",
        "Claude is failing repeatedly; the proxy pauses calls for a short while.",
        new UpstreamHeaders { RetryAfter = retryAfter });
}
