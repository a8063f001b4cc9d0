using HaloClaude.Translation;

namespace HaloClaude.Operations.Telemetry;

/// <summary>What one chat request did, filled in along the way and recorded once when it ends (metrics, the completion log line).</summary>
public sealed class RequestRecord(DateTimeOffset startedAt, long startTimestamp)
{
    /// <summary>The label for requests whose deployment is not configured (keeps metric label values bounded).</summary>
    public const string UnknownDeployment = "(unknown)";

    public DateTimeOffset StartedAt { get; } = startedAt;

    internal long StartTimestamp { get; } = startTimestamp;

    public string Deployment { get; set; } = UnknownDeployment;

    /// <summary>The model that answered, once one did.</summary>
    public string? Model { get; set; }

    public bool Stream { get; set; }

    /// <summary><c>ok</c>, <c>error</c> (an HTTP error before the answer), <c>stream_error</c> (failed after it started) or <c>client_disconnected</c>.</summary>
    public string Outcome { get; set; } = RequestOutcomes.Ok;

    /// <summary>Claude's reported usage, once an answer started.</summary>
    public ResponseMapping.UsageTracker? Usage { get; set; }

    /// <summary>The id the response returned in <c>x-request-id</c> / <c>apim-request-id</c>.</summary>
    public string RequestId { get; set; } = string.Empty;

    /// <summary>The proxy's own id of the request (its trace identifier), under which the tool audit files its Halo lookups.</summary>
    public string AuditId { get; set; } = string.Empty;

    /// <summary>The answer came from the proxy's response cache.</summary>
    public bool CacheHit { get; set; }

    /// <summary>Anthropic's <c>request-id</c>, once it answered.</summary>
    public string? UpstreamRequestId { get; set; }
}

/// <summary>The fixed set of <see cref="RequestRecord.Outcome"/> values.</summary>
public static class RequestOutcomes
{
    public const string Ok = "ok";
    public const string Error = "error";
    public const string StreamError = "stream_error";
    public const string ClientDisconnected = "client_disconnected";
}
