namespace HaloClaude.Halo.Tools;

/// <summary>Kinds of Halo records a scope tracks.</summary>
public enum HaloRecordKind
{
    Ticket,
    User,
    Client,
    Asset,
}

/// <summary>
/// Which Halo records one request may reach. The executor asks before every Halo call (so a refused lookup never
/// reaches Halo) and reports every record it read (so only the scope's client's records are shown, and records seen
/// to belong to that client become reachable).
/// </summary>
public interface IHaloScope
{
    /// <summary>The ticket the request is about, if any.</summary>
    long? TicketId { get; }

    /// <summary>The client records are limited to, once known; null with no limit (or before the ticket was read).</summary>
    long? ClientId { get; }

    /// <summary>Whether lookups are limited to one client (false only when unscoped access is allowed).</summary>
    bool Restricted { get; }

    /// <summary>Null when the record may be read; otherwise the refusal to give Claude.</summary>
    string? Refusal(HaloRecordKind kind, long id);

    /// <summary>Ties the scope to the client of its own ticket, as read from Halo.</summary>
    void BindClient(long clientId, string? clientName);

    /// <summary>Reports a record read from Halo; false when it belongs to another client and must not be shown.</summary>
    bool Accept(HaloRecordKind kind, long id, long clientId);
}
