using HaloClaude.Halo.Api;

namespace HaloClaude.Halo.Tools;

/// <summary>Ticket status names by id (list rows carry only <c>status_id</c>), fetched from <c>GET /api/Status</c> and
/// kept for ten minutes. A failed lookup is not fatal: renderings fall back to "status 2".</summary>
public sealed class HaloStatusNames(HaloApiClient halo, TimeProvider time)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    private volatile Snapshot? _cached;

    public async Task<Func<long, string?>> GetAsync(CancellationToken cancellationToken)
    {
        var cached = _cached;
        if (cached is null || time.GetUtcNow() >= cached.Until)
        {
            try
            {
                var list = await halo.GetStatusesAsync(cancellationToken);
                var names = list.Rows.Where(s => !string.IsNullOrWhiteSpace(s.Name)).GroupBy(s => s.Id).ToDictionary(g => g.Key, g => g.First().Name!.Trim());
                cached = new Snapshot(names, time.GetUtcNow() + Lifetime);
                _cached = cached;
            }
            catch (HaloException)
            {
                return _ => null;
            }
        }

        var map = cached.Names;
        return id => map.TryGetValue(id, out var name) ? name : null;
    }

    private sealed record Snapshot(Dictionary<long, string> Names, DateTimeOffset Until);
}
