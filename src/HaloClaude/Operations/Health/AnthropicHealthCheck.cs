using System.Net;

using HaloClaude.Anthropic;

using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace HaloClaude.Operations.Health;

/// <summary>Readiness: Anthropic answers and accepts the key, checked with <c>GET {base}/v1/models</c>, which spends no tokens.</summary>
/// <remarks>A singleton: the last result is kept for <see cref="CacheFor"/>, and concurrent probes share one upstream call,
/// so frequent platform probes never hammer Anthropic.</remarks>
public sealed partial class AnthropicHealthCheck(
    IHttpClientFactory httpClientFactory,
    IOptionsMonitor<AnthropicOptions> options,
    TimeProvider time,
    ILogger<AnthropicHealthCheck> logger) : IHealthCheck
{
    public const string Name = "anthropic";

    /// <summary>How long a result is reused before Anthropic is asked again.</summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(30);

    /// <summary>How long the probe waits for Anthropic's answer.</summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private Cached? _cached;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (Fresh() is { } result)
        {
            return result;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (Fresh() is { } shared)
            {
                return shared; // another probe finished while this one waited
            }

            var probed = await ProbeAsync(cancellationToken);
            _cached = new Cached(probed, time.GetUtcNow() + CacheFor);
            return probed;
        }
        finally
        {
            _gate.Release();
        }
    }

    private HealthCheckResult? Fresh() => _cached is { } cached && time.GetUtcNow() < cached.Until ? cached.Result : null;

    private async Task<HealthCheckResult> ProbeAsync(CancellationToken cancellationToken)
    {
        var o = options.CurrentValue;
        var baseUrl = o.BaseUrl.TrimEnd('/');
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProbeTimeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(baseUrl + "/v1/models?limit=1"));
            request.Headers.TryAddWithoutValidation("x-api-key", o.ApiKey);
            request.Headers.TryAddWithoutValidation("anthropic-version", o.ApiVersion);
            var http = httpClientFactory.CreateClient(AnthropicClient.HttpClientName);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            var result = Classify(response.StatusCode, baseUrl);
            if (result.Status != HealthStatus.Healthy)
            {
                LogProbeAnswered(logger, status);
            }

            return result;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            LogProbeFailed(logger, "timeout");
            return HealthCheckResult.Unhealthy($"Anthropic did not answer within {ProbeTimeout.TotalSeconds:0} s at {baseUrl}.");
        }
        catch (HttpRequestException ex)
        {
            LogProbeFailed(logger, ex.HttpRequestError.ToString());
            return HealthCheckResult.Unhealthy($"Anthropic could not be reached at {baseUrl} ({ex.HttpRequestError}): check ANTHROPIC_BASE_URL and outbound network access.");
        }
    }

    internal static HealthCheckResult Classify(HttpStatusCode code, string baseUrl) => (int)code switch
    {
        >= 200 and < 300 => HealthCheckResult.Healthy("Anthropic answered and accepted ANTHROPIC_API_KEY."),
        401 => HealthCheckResult.Unhealthy("ANTHROPIC_API_KEY rejected: Anthropic answered 401 (authentication_error). Set a valid key in the container's secrets."),
        403 => HealthCheckResult.Unhealthy("ANTHROPIC_API_KEY is not allowed to use the API: Anthropic answered 403 (permission_error)."),
        429 => HealthCheckResult.Degraded("Anthropic is rate-limiting this key (429): chat requests may be refused until the limit resets."),
        >= 500 => HealthCheckResult.Degraded($"Anthropic answered {(int)code} (overloaded or failing): chat requests may fail until it recovers."),
        var other => HealthCheckResult.Unhealthy($"Anthropic answered {other} at {baseUrl}/v1/models: check ANTHROPIC_BASE_URL."),
    };

    private sealed record Cached(HealthCheckResult Result, DateTimeOffset Until);

    [LoggerMessage(EventId = 8001, Level = LogLevel.Warning, Message = "Readiness probe: Anthropic answered {Status}")]
    private static partial void LogProbeAnswered(ILogger logger, int status);

    [LoggerMessage(EventId = 8002, Level = LogLevel.Warning, Message = "Readiness probe: Anthropic could not be reached ({Reason})")]
    private static partial void LogProbeFailed(ILogger logger, string reason);
}
