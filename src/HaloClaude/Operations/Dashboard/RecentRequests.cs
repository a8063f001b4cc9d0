using HaloClaude.Agent;

using Microsoft.Extensions.Options;

namespace HaloClaude.Operations.Dashboard;

/// <summary>One finished chat request as the dashboard shows it, with its Halo lookups: the ticket context the proxy read
/// (<paramref name="TicketContext"/>) and Claude's tool calls, refused ones included (<paramref name="Lookups"/>). Holds no
/// prompt or answer text; tool arguments are Claude's (so untrusted) and must be encoded wherever they are shown.</summary>
public sealed record RecentRequest(
    DateTimeOffset Time,
    string RequestId,
    string Deployment,
    string Model,
    int Status,
    string Outcome,
    bool Stream,
    double DurationMs,
    long InputTokens,
    long OutputTokens,
    long CacheReadTokens,
    long CacheWriteTokens,
    decimal? CostUsd,
    bool CacheHit,
    ToolCallRecord? TicketContext = null,
    IReadOnlyList<ToolCallRecord>? Lookups = null)
{
    /// <summary>Claude's tool calls for this request, in order (none for most requests).</summary>
    public IReadOnlyList<ToolCallRecord> Lookups { get; init; } = Lookups ?? [];
}

/// <summary>Section <c>Dashboard</c>.</summary>
public sealed class DashboardOptions
{
    /// <summary>How many recent requests each replica keeps in memory for the dashboard. Default 500.</summary>
    public int RecentRequests { get; set; } = 500;
}

/// <summary>The last <see cref="DashboardOptions.RecentRequests"/> requests of this replica, in a fixed-size ring: memory
/// stays flat however long the proxy runs, and nothing survives a restart.</summary>
public sealed class RecentRequests(IOptions<DashboardOptions> options)
{
    private readonly RecentRequest?[] _ring = new RecentRequest?[Math.Max(1, options.Value.RecentRequests)];
    private readonly Lock _lock = new();
    private long _added;

    public int Capacity => _ring.Length;

    public void Add(RecentRequest request)
    {
        lock (_lock)
        {
            _ring[_added % _ring.Length] = request;
            _added++;
        }
    }

    /// <summary>The kept requests, newest first.</summary>
    public IReadOnlyList<RecentRequest> Snapshot()
    {
        lock (_lock)
        {
            var count = (int)Math.Min(_added, _ring.Length);
            var list = new List<RecentRequest>(count);
            for (var i = 1; i <= count; i++)
            {
                list.Add(_ring[(_added - i) % _ring.Length]!);
            }

            return list;
        }
    }
}
