using System.Collections.Concurrent;

namespace HaloClaude.Agent;

/// <summary>
/// Which Halo data one request may reach. Enforced by the proxy before any Halo call, never left to the prompt: ticket
/// text, emails and KB articles are untrusted and may tell Claude to look elsewhere.
/// </summary>
/// <remarks>
/// A request tied to a ticket is limited to that ticket's client. Records are reachable only when the proxy has seen
/// them belong to that client (the ticket itself, its user and assets, the client's ticket lists), so a refused lookup
/// never reaches Halo at all. Without a ticket, client data is off unless <see cref="ClientDataWithoutTicket"/> is set;
/// the knowledge base is always searchable.
/// </remarks>
public sealed class ToolScope
{
    private readonly ConcurrentDictionary<(ScopedKind Kind, long Id), byte> _known = new();

    public ToolScope(string requestId, string keyFingerprint, long? ticketId, bool clientDataWithoutTicket)
    {
        RequestId = requestId;
        KeyFingerprint = keyFingerprint;
        TicketId = ticketId;
        ClientDataWithoutTicket = clientDataWithoutTicket && ticketId is null;
        if (ticketId is { } ticket)
        {
            Observe(ScopedKind.Ticket, ticket);
        }
    }

    public string RequestId { get; }

    /// <summary>A short, non-reversible fingerprint of the caller's proxy key (never the key).</summary>
    public string KeyFingerprint { get; }

    /// <summary>The ticket the request is about, when one was found.</summary>
    public long? TicketId { get; }

    /// <summary>The client of <see cref="TicketId"/>, once the ticket has been read.</summary>
    public long? ClientId { get; private set; }

    public string? ClientName { get; private set; }

    /// <summary>Unscoped mode: no ticket, and the administrator allowed client data anyway.</summary>
    public bool ClientDataWithoutTicket { get; }

    /// <summary>Whether client data (tickets, users, clients, assets) may be read at all.</summary>
    public bool ClientDataAllowed => TicketId is not null || ClientDataWithoutTicket;

    /// <summary>A human-readable description for the audit trail.</summary>
    public string Describe() => TicketId is { } ticket
        ? $"ticket {ticket}" + (ClientId is { } client ? $", client {client}" : ", client not yet known")
        : ClientDataWithoutTicket ? "no ticket (client data allowed by configuration)" : "no ticket (knowledge base only)";

    /// <summary>Ties the scope to the ticket's client. Called once, with the ticket as read from Halo.</summary>
    public void BindClient(long clientId, string? clientName)
    {
        if (ClientId is null)
        {
            ClientId = clientId;
            ClientName = clientName;
            Observe(ScopedKind.Client, clientId);
        }
    }

    /// <summary>Records a record the proxy has seen belong to the scope's client.</summary>
    public void Observe(ScopedKind kind, long id) => _known.TryAdd((kind, id), 0);

    /// <summary>Whether a record may be read: anything when unscoped mode is on, otherwise only records seen in scope.</summary>
    public bool Allows(ScopedKind kind, long id) => ClientDataWithoutTicket || (TicketId is not null && _known.ContainsKey((kind, id)));

    /// <summary>Whether a record of some client belongs to this scope (used to filter lists).</summary>
    public bool BelongsToScope(long? clientId) => ClientDataWithoutTicket || (ClientId is { } own && clientId == own);
}

/// <summary>Kinds of Halo records the scope tracks.</summary>
public enum ScopedKind
{
    Ticket,
    User,
    Client,
    Asset,
    Site,
}
