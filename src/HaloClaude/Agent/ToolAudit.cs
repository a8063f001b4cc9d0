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

/// <summary>The audit trail of tool calls: a structured log line each, and the most recent ones in memory for the dashboard.
/// The ticket context the proxy read before Claude answered is kept beside them (<see cref="RecordContext"/>), not among them.</summary>
public sealed partial class ToolAudit(ILogger<ToolAudit> logger)
{
    /// <summary>The <see cref="ToolCallRecord.Tool"/> of a ticket context pre-fetch.</summary>
    public const string TicketContext = "ticket_context";

    private const int Capacity = 1000;
    private const int ContextCapacity = 500;
    private const int MaxArgumentChars = 300;
    private readonly Queue<ToolCallRecord> _recent = new();
    private readonly Queue<ToolCallRecord> _contexts = new();
    // How many kept records (calls and contexts) each request has: the dashboard asks for every request, most have none.
    private readonly Dictionary<string, int> _kept = new(StringComparer.Ordinal);
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
            Keep(_recent, Capacity, record);
        }
    }

    /// <summary>Records the ticket context read for a request tied to a ticket: <c>ok</c> with its size, or <c>error</c>
    /// when Halo could not give it (Claude then answered without it). Requests without a ticket or tools record nothing.</summary>
    public void RecordContext(ToolScope? scope, string? context, DateTimeOffset at, TimeSpan duration)
    {
        if (scope?.TicketId is not { } ticket)
        {
            return;
        }

        var record = new ToolCallRecord(
            at, scope.RequestId, scope.KeyFingerprint, TicketContext, $$"""{"ticket_id":{{ticket}}}""", scope.Describe(),
            context is null ? "error" : "ok", context is null ? 0 : System.Text.Encoding.UTF8.GetByteCount(context), duration);
        LogContext(logger, record.RequestId, ticket, record.Scope, record.Outcome, record.Bytes, duration.TotalMilliseconds);
        lock (_gate)
        {
            Keep(_contexts, ContextCapacity, record);
        }
    }

    /// <summary>The ticket context pre-fetch of one request, if it had one.</summary>
    public ToolCallRecord? ContextFor(string requestId)
    {
        lock (_gate)
        {
            return _kept.ContainsKey(requestId) ? _contexts.LastOrDefault(r => r.RequestId == requestId) : null;
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
            return _kept.ContainsKey(requestId) ? [.. _recent.Where(r => r.RequestId == requestId)] : [];
        }
    }

    private void Keep(Queue<ToolCallRecord> queue, int capacity, ToolCallRecord record)
    {
        if (queue.Count == capacity)
        {
            var dropped = queue.Dequeue().RequestId;
            if (--_kept[dropped] == 0)
            {
                _kept.Remove(dropped);
            }
        }

        queue.Enqueue(record);
        _kept[record.RequestId] = _kept.GetValueOrDefault(record.RequestId) + 1;
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information,
        Message = "Tool call {Tool} for request {RequestId} (key {KeyFingerprint}, scope {Scope}): {Outcome}, {Bytes} bytes in {DurationMs:F0} ms, arguments {Arguments}")]
    private static partial void LogToolCall(ILogger logger, string requestId, string keyFingerprint, string tool, string arguments, string scope, string outcome, int bytes, double durationMs);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information,
        Message = "Ticket context of ticket {TicketId} for request {RequestId} (scope {Scope}): {Outcome}, {Bytes} bytes in {DurationMs:F0} ms")]
    private static partial void LogContext(ILogger logger, string requestId, long ticketId, string scope, string outcome, int bytes, double durationMs);
}
