using System.Collections.Concurrent;

using HaloClaude.Halo.Tools;

namespace HaloClaude.Agent;

/// <summary>
/// Which Halo data one request may reach. Enforced by the proxy before any Halo call, never left to the prompt: ticket
/// text, emails and KB articles are untrusted and may tell Claude to look elsewhere.
/// </summary>
/// <remarks>
/// A request tied to a ticket is limited to that ticket's client. A record is reachable by id only once the proxy has
/// seen it belong to that client (the ticket itself, its user and assets, rows of the client's ticket lists), so a
/// refused lookup never reaches Halo at all, and a record of another client that comes back anyway is withheld.
/// Without a ticket, client data is off unless <see cref="AgentOptions.ClientDataWithoutTicket"/> is set; the
/// knowledge base is always searchable.
/// </remarks>
public sealed class ToolScope : IHaloScope
{
    private readonly ConcurrentDictionary<(HaloRecordKind Kind, long Id), byte> _known = new();
    private readonly Lock _gate = new();

    public ToolScope(string requestId, string keyFingerprint, long? ticketId, bool clientDataWithoutTicket)
    {
        RequestId = requestId;
        KeyFingerprint = keyFingerprint;
        TicketId = ticketId;
        Restricted = ticketId is not null || !clientDataWithoutTicket;
        if (ticketId is { } ticket)
        {
            _known.TryAdd((HaloRecordKind.Ticket, ticket), 0);
        }
    }

    public string RequestId { get; }

    /// <summary>A short, non-reversible fingerprint of the caller's proxy key (never the key).</summary>
    public string KeyFingerprint { get; }

    public long? TicketId { get; }

    public long? ClientId { get; private set; }

    public string? ClientName { get; private set; }

    public bool Restricted { get; }

    /// <summary>Whether a tool call failed (Halo down, a timeout): the answer may lack data, so it is not cached.</summary>
    public bool HadToolErrors { get; private set; }

    internal void NoteToolError() => HadToolErrors = true;

    /// <summary>A human-readable description for the audit trail.</summary>
    public string Describe() => TicketId is { } ticket
        ? $"ticket {ticket}" + (ClientId is { } client ? $", client {client}" : string.Empty)
        : Restricted ? "no ticket: knowledge base only" : "no ticket: client data allowed by configuration";

    public string? Refusal(HaloRecordKind kind, long id)
    {
        if (!Restricted)
        {
            return null;
        }

        if (TicketId is null)
        {
            return "Refused: this request is not tied to a Halo ticket, so only the knowledge base can be searched. Mention the ticket number to look up its details.";
        }

        return _known.ContainsKey((kind, id)) || (kind == HaloRecordKind.Client && id == ClientId)
            ? null
            : $"Refused: {kind.ToString().ToLowerInvariant()} {id} is outside this request's scope (ticket {TicketId} and its client's records). Look it up through the ticket's client instead.";
    }

    public void BindClient(long clientId, string? clientName)
    {
        lock (_gate)
        {
            if (ClientId is null && clientId > 0)
            {
                ClientId = clientId;
                ClientName = clientName;
            }
        }
    }

    public bool Accept(HaloRecordKind kind, long id, long clientId)
    {
        if (!Restricted)
        {
            return true;
        }

        if (ClientId is not { } own || clientId != own)
        {
            return false;
        }

        _known.TryAdd((kind, id), 0);
        return true;
    }
}
