using System.Globalization;

using HaloClaude.Agent;
using HaloClaude.Operations.Dashboard;

namespace HaloClaude.Operations.Telemetry;

/// <summary>Starts and finishes <see cref="RequestRecord"/>s: on finish, the request metrics and one summary log line.</summary>
public sealed partial class RequestTelemetry(
    HaloClaudeInstruments instruments, PriceTable prices, RecentRequests recent, ToolAudit audit, TimeProvider time, ILogger<RequestTelemetry> logger)
{
    public RequestRecord Begin() => new(time.GetUtcNow(), time.GetTimestamp());

    public void Complete(RequestRecord record, int status)
    {
        var seconds = time.GetElapsedTime(record.StartTimestamp).TotalSeconds;
        var model = record.Model ?? "(none)";
        var statusText = status.ToString(CultureInfo.InvariantCulture);
        var deployment = new KeyValuePair<string, object?>("deployment", record.Deployment);
        var modelTag = new KeyValuePair<string, object?>("model", model);
        instruments.Requests.Add(1, deployment, modelTag, new("status", statusText), new("outcome", record.Outcome));
        instruments.Duration.Record(seconds, deployment, new("status", statusText));

        var usage = record.Usage;
        decimal? cost = null;
        if (usage is not null && record.Model is not null)
        {
            AddTokens(usage.Input, "input");
            AddTokens(usage.Output, "output");
            AddTokens(usage.CacheRead, "cache_read");
            AddTokens(usage.CacheCreation, "cache_write");
            cost = prices.Estimate(record.Model, usage);
            if (cost is { } dollars && dollars > 0)
            {
                instruments.Cost.Add((double)dollars, deployment, modelTag);
            }
        }

        // The request has ended, so its lookups are complete: the dashboard keeps them with the request.
        var context = record.AuditId.Length == 0 ? null : audit.ContextFor(record.AuditId);
        var lookups = record.AuditId.Length == 0 ? [] : audit.ForRequest(record.AuditId);
        recent.Add(new RecentRequest(record.StartedAt, record.RequestId, record.Deployment, model, status, record.Outcome, record.Stream,
            Math.Round(seconds * 1000, 1), usage?.Input ?? 0, usage?.Output ?? 0, usage?.CacheRead ?? 0, usage?.CacheCreation ?? 0, cost, record.CacheHit,
            context, lookups));
        LogCompleted(logger, record.Deployment, model, status, record.Outcome, Math.Round(seconds * 1000), usage?.Input ?? 0, usage?.Output ?? 0,
            usage?.CacheRead ?? 0, usage?.CacheCreation ?? 0, cost ?? 0m, record.UpstreamRequestId);

        void AddTokens(long count, string type)
        {
            if (count > 0)
            {
                instruments.Tokens.Add(count, deployment, modelTag, new("type", type));
            }
        }
    }

    [LoggerMessage(EventId = 8201, Level = LogLevel.Information,
        Message = "Chat request on {Deployment} ({Model}) ended {Status} {Outcome} in {DurationMs} ms: {InputTokens} input, {OutputTokens} output, {CacheReadTokens} cache-read, {CacheWriteTokens} cache-write tokens, about ${CostUsd}; upstream request {UpstreamRequestId}")]
    private static partial void LogCompleted(ILogger logger, string deployment, string model, int status, string outcome, double durationMs,
        long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens, decimal costUsd, string? upstreamRequestId);
}
