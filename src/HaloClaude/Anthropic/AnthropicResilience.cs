using System.Net;

using HaloClaude.Operations.Telemetry;

using Microsoft.Extensions.Http.Resilience;

using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace HaloClaude.Anthropic;

/// <summary>The retry and circuit-breaker pipeline on the Anthropic <see cref="HttpClient"/>, one pipeline per model.</summary>
/// <remarks>
/// It sits below <see cref="AnthropicClient"/>, which reads only response headers before handing the stream on: a
/// retry can therefore only happen before the answer started, never after a byte reached the caller. No attempt
/// timeout is added here; the client times each phase itself. Each model has its own breaker, so an overloaded model
/// does not stop calls to the deployment's overload fallback.
/// </remarks>
public static partial class AnthropicResilience
{
    /// <summary>Anthropic's "overloaded" status.</summary>
    public const int Overloaded = 529;

    /// <summary>The model a request is for; it selects the pipeline (and so the breaker).</summary>
    public static readonly HttpRequestOptionsKey<string> ModelOption = new("haloclaude.anthropic.model");

    private static readonly ResiliencePropertyKey<TimeSpan> Waited = new("haloclaude.anthropic.retry-waited");

    /// <summary>The pipeline key of a request: its model, or <c>-</c> for calls that name none (the readiness probe).</summary>
    public static string PipelineKey(HttpRequestMessage request) =>
        request.Options.TryGetValue(ModelOption, out var model) && !string.IsNullOrEmpty(model) ? model : "-";

    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> pipeline, ResilienceHandlerContext context)
    {
        var services = context.ServiceProvider;
        var options = services.GetRequiredService<Microsoft.Extensions.Options.IOptionsMonitor<AnthropicOptions>>().CurrentValue.Resilience;
        var circuits = services.GetRequiredService<AnthropicCircuits>();
        var instruments = services.GetRequiredService<HaloClaudeInstruments>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AnthropicResilience).FullName!);
        var model = context.InstanceName;

        if (options.MaxRetries > 0)
        {
            pipeline.AddRetry(new HttpRetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                ShouldRetryAfterHeader = false, // the delay generator honours retry-after itself, within the limits
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, options, args.Context.Properties.GetValue(Waited, TimeSpan.Zero))),
                DelayGenerator = args =>
                {
                    var waited = args.Context.Properties.GetValue(Waited, TimeSpan.Zero);
                    var delay = RetryDelay(args.Outcome, args.AttemptNumber, waited, options, Random.Shared.NextDouble());
                    args.Context.Properties.Set(Waited, waited + delay);
                    return ValueTask.FromResult<TimeSpan?>(delay);
                },
                OnRetry = args =>
                {
                    var status = args.Outcome.Result is { } response ? ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture) : "connection";
                    instruments.RecordUpstreamRetry(model, status);
                    LogRetry(logger, model, args.AttemptNumber + 1, status, args.RetryDelay.TotalMilliseconds);
                    return ValueTask.CompletedTask;
                },
            });
        }

        pipeline.AddCircuitBreaker(new HttpCircuitBreakerStrategyOptions
        {
            FailureRatio = options.BreakerFailureRatio,
            MinimumThroughput = options.BreakerMinimumThroughput,
            SamplingDuration = options.SamplingDuration,
            BreakDuration = options.BreakDuration,
            ShouldHandle = args => ValueTask.FromResult(IsServerFailure(args.Outcome)),
            OnOpened = args =>
            {
                circuits.Opened(model, args.BreakDuration);
                LogCircuitOpened(logger, model, args.BreakDuration.TotalSeconds);
                return ValueTask.CompletedTask;
            },
            OnClosed = _ =>
            {
                circuits.Closed(model);
                LogCircuitClosed(logger, model);
                return ValueTask.CompletedTask;
            },
        });
    }

    /// <summary>409, 5xx, 529 and connection failures; a 429 only when Anthropic asks for a short wait that still fits the
    /// retry budget. Nothing is retried once the budget (<see cref="AnthropicResilienceOptions.MaxRetryWait"/>) is spent.</summary>
    internal static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, AnthropicResilienceOptions options, TimeSpan waited)
    {
        var left = options.MaxRetryWait - waited;
        if (left <= TimeSpan.Zero)
        {
            return false;
        }

        if (outcome.Exception is not null)
        {
            return outcome.Exception is HttpRequestException;
        }

        var response = outcome.Result!;
        return (int)response.StatusCode switch
        {
            409 or 500 or 502 or 503 or 504 or Overloaded => true,
            // No retry-after (e.g. a monthly spend cap) means a retry cannot succeed soon.
            429 => RetryAfter(response) is { } wait && wait <= options.MaxRetryAfter && wait <= left,
            _ => false,
        };
    }

    /// <summary>The wait before retry <paramref name="attempt"/> (0-based): Anthropic's short <c>retry-after</c> when it
    /// sent one, else <c>BaseDelay·2^attempt</c> with ±20 % jitter, at most <c>MaxDelay</c>, and never past the budget.</summary>
    internal static TimeSpan RetryDelay(Outcome<HttpResponseMessage> outcome, int attempt, TimeSpan waited, AnthropicResilienceOptions options, double random)
    {
        var left = options.MaxRetryWait - waited;
        if (RetryAfter(outcome.Result) is { } asked && asked >= TimeSpan.Zero && asked <= options.MaxRetryAfter)
        {
            return asked <= left ? asked : left;
        }

        var backoff = options.BaseDelay * Math.Pow(2, Math.Min(attempt, 16)) * (0.8 + (0.4 * random));
        var delay = backoff > options.MaxDelay ? options.MaxDelay : backoff;
        return delay <= left ? delay : left;
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

    /// <summary>What the caller gets while the breaker is open: 503 with the time left until the breaker lets a call through.</summary>
    public static UpstreamFailure CircuitOpen(TimeSpan retryAfter) => new(
        UpstreamFailureKind.ApiError,
        (int)HttpStatusCode.ServiceUnavailable,
        "overloaded_error",
        "Claude is failing repeatedly; the proxy pauses calls for a short while.",
        new UpstreamHeaders { RetryAfter = retryAfter });

    [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "Retrying the Anthropic call for model {Model} (retry {Retry}) after {Status}, waiting {DelayMs:F0} ms")]
    private static partial void LogRetry(ILogger logger, string model, int retry, string status, double delayMs);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Warning, Message = "Circuit breaker for model {Model} opened: calls fail fast with 503 for {BreakSeconds:F0} s")]
    private static partial void LogCircuitOpened(ILogger logger, string model, double breakSeconds);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Information, Message = "Circuit breaker for model {Model} closed: calls go through again")]
    private static partial void LogCircuitClosed(ILogger logger, string model);
}

/// <summary>When each model's breaker opened and for how long, so a fast-failed call can say how long to wait.</summary>
public sealed class AnthropicCircuits(TimeProvider time)
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, DateTimeOffset> _openUntil = new(StringComparer.Ordinal);

    internal void Opened(string model, TimeSpan breakDuration) => _openUntil[model] = time.GetUtcNow() + breakDuration;

    internal void Closed(string model) => _openUntil.TryRemove(model, out _);

    /// <summary>The time left until the breaker of <paramref name="model"/> lets a probe through, or null when not known.</summary>
    public TimeSpan? RetryAfter(string model) =>
        _openUntil.TryGetValue(model, out var until) && until - time.GetUtcNow() is { } left && left > TimeSpan.Zero ? left : null;
}
