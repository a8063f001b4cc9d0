using HaloClaude.Halo.Api;

namespace HaloClaude.Halo.Tools;

/// <summary>Thrown when the request's scope refuses a lookup; the message is the refusal Claude reads.</summary>
public sealed class ScopeRefusedException(string message) : Exception(message);

/// <summary>Applies an <see cref="IHaloScope"/> inside one tool run: checks ids before a Halo call and vets records after it.</summary>
/// <remarks>With no scope every check passes, so the executor behaves the same for unscoped callers.</remarks>
internal sealed class ScopeGuard(IHaloScope? scope, HaloApiClient halo)
{
    /// <summary>Refuses a lookup of a record the scope does not reach, before anything is sent to Halo.</summary>
    public void Check(HaloRecordKind kind, long id)
    {
        if (scope?.Refusal(kind, id) is { } refusal)
        {
            throw new ScopeRefusedException(refusal);
        }
    }

    /// <summary>
    /// The client a client-wide lookup must use: the scope's client (read from the scope's own ticket if not yet known).
    /// A different client id is refused; without a scope the requested one (or none) stands.
    /// </summary>
    public async Task<long?> ClientFilterAsync(long? requested, CancellationToken ct)
    {
        if (scope is not { Restricted: true })
        {
            return requested;
        }

        if (scope.ClientId is null && scope.TicketId is { } ticketId)
        {
            var ticket = await halo.GetTicketAsync(ticketId, ct);
            scope.BindClient(ticket.ClientId, ticket.ClientName);
        }

        if (scope.ClientId is not { } own)
        {
            throw new ScopeRefusedException(scope.Refusal(HaloRecordKind.Client, requested ?? 0) ?? "Client data is not available for this request.");
        }

        if (requested is { } asked && asked != own)
        {
            throw new ScopeRefusedException($"Refused: client {asked} is outside this request's scope. Only the ticket's own client ({own}) can be looked up.");
        }

        return own;
    }

    public HaloTicket Ticket(HaloTicket ticket)
    {
        if (scope is { Restricted: true } && ticket.Id == scope.TicketId)
        {
            scope.BindClient(ticket.ClientId, ticket.ClientName);
        }

        Vet(HaloRecordKind.Ticket, ticket.Id, ticket.ClientId);
        if (scope is not null && ticket.UserId > 0)
        {
            scope.Accept(HaloRecordKind.User, ticket.UserId, ticket.ClientId);
        }

        return ticket;
    }

    public HaloUser User(HaloUser user)
    {
        Vet(HaloRecordKind.User, user.Id, user.ClientId);
        return user;
    }

    public HaloAsset Asset(HaloAsset asset)
    {
        Vet(HaloRecordKind.Asset, asset.Id, asset.ClientId);
        return asset;
    }

    /// <summary>Only the assets of the scope's client (others are dropped silently: they were never asked for by id).</summary>
    public IReadOnlyList<HaloAsset> Assets(IReadOnlyList<HaloAsset> assets) =>
        scope is null ? assets : [.. assets.Where(a => scope.Accept(HaloRecordKind.Asset, a.Id, a.ClientId))];

    /// <summary>Only the tickets of the scope's client; their users become reachable too.</summary>
    public HaloList<HaloTicket> Tickets(HaloList<HaloTicket> list)
    {
        if (scope is null)
        {
            return list;
        }

        var kept = list.Rows.Where(t => scope.Accept(HaloRecordKind.Ticket, t.Id, t.ClientId)).ToList();
        foreach (var ticket in kept.Where(t => t.UserId > 0))
        {
            scope.Accept(HaloRecordKind.User, ticket.UserId, ticket.ClientId);
        }

        return kept.Count == list.Rows.Count ? list : new HaloList<HaloTicket>(kept, kept.Count);
    }

    private void Vet(HaloRecordKind kind, long id, long clientId)
    {
        if (scope is not null && !scope.Accept(kind, id, clientId))
        {
            // Reported exactly like a record that does not exist: nothing about the other client leaks.
            throw new ScopeRefusedException($"{kind} {id} was not found.");
        }
    }
}
