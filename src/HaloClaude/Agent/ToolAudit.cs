namespace HaloClaude.Agent;

/// <summary>One server-side tool call, as the audit trail keeps it.</summary>
public sealed record ToolCallRecord(
    DateTimeOffset At,
    string RequestId,
    string KeyFingerprint,
    string Tool,
    string Arguments,
    string Scope,
    string Outcome,
    int Bytes,
    TimeSpan Duration);

/// <summary>The audit trail of tool calls: a structured log line each, and the most recent ones in memory for the dashboard.</summary>
public sealed partial class ToolAudit(ILogger<ToolAudit> logger)
{
    private const int Capacity = 1000;
    private const int MaxArgumentChars = 300;
    private readonly Queue<ToolCallRecord> _recent = new();
    private readonly Lock _gate = new();

    public void Record(ToolCallRecord record)
    {
        if (record.Arguments.Length > MaxArgumentChars)
        {
            record = record with { Arguments = record.Arguments[..MaxArgumentChars] + "…" };
        }

        LogToolCall(logger, record.RequestId, record.KeyFingerprint, record.Tool, record.Arguments, record.Scope, record.Outcome, record.Bytes, record.Duration.TotalMilliseconds);
        lock (_gate)
        {
            if (_recent.Count == Capacity)
            {
                _recent.Dequeue();
            }

            _recent.Enqueue(record);
        }
    }

    /// <summary>The most recent calls, newest first.</summary>
    public IReadOnlyList<ToolCallRecord> Recent(int count = 100)
    {
        lock (_gate)
        {
            return [.. _recent.Reverse().Take(count)];
        }
    }

    /// <summary>The calls made for one request, in order.</summary>
    public IReadOnlyList<ToolCallRecord> ForRequest(string requestId)
    {
        lock (_gate)
        {
            return [.. _recent.Where(r => r.RequestId == requestId)];
        }
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information,
        Message = "Tool call {Tool} for request {RequestId} (key {KeyFingerprint}, scope {Scope}): {Outcome}, {Bytes} bytes in {DurationMs:F0} ms, arguments {Arguments}")]
    private static partial void LogToolCall(ILogger logger, string requestId, string keyFingerprint, string tool, string arguments, string scope, string outcome, int bytes, double durationMs);
}
