namespace HaloClaude.Agent;

/// <summary>Bounds of the server-side tool loop (section <c>Agent</c>). When one is reached, Claude is asked for a final answer without tools.</summary>
public sealed class AgentOptions
{
    /// <summary>Most model turns per request, the final answer included. Default 8.</summary>
    public int MaxTurns { get; set; } = 8;

    /// <summary>Most tool calls per request. Default 16.</summary>
    public int MaxToolCalls { get; set; } = 16;

    /// <summary>Most tool calls of one round run at the same time. Default 4.</summary>
    public int MaxParallelToolCalls { get; set; } = 4;

    /// <summary>Largest single tool result in bytes (UTF-8); longer results are cut with a note. Default 16 KB.</summary>
    public int MaxResultBytes { get; set; } = 16 * 1024;

    /// <summary>Most tool-result bytes per request; past it, Claude is asked to answer with what it has. Default 64 KB.</summary>
    public int MaxTotalResultBytes { get; set; } = 64 * 1024;

    /// <summary>Wall time after which no new tool round starts. Default 2 minutes.</summary>
    public TimeSpan MaxWallTime { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Text of a turn held back (and dropped if the turn turns out to call tools) before streaming starts, so a short
    /// "let me look that up" never reaches the caller. Default 240 characters.
    /// </summary>
    public int NarrationHoldChars { get; set; } = 240;

    /// <summary>Whether tools and system text are marked for Anthropic prompt caching. Default true.</summary>
    public bool PromptCaching { get; set; } = true;

    /// <summary>
    /// Without a ticket in the request, whether Claude may still read client data (tickets, users, clients, assets).
    /// Default false: only the knowledge base. Turn on only for a single-customer installation.
    /// </summary>
    public bool ClientDataWithoutTicket { get; set; }

    /// <summary>
    /// Regular expressions that find the ticket a request is about; each captures the number as <c>id</c>. Checked in
    /// order on the system text, then on the user turns from the latest backwards.
    /// </summary>
    public List<string> TicketPatterns { get; set; } =
    [
        @"tickets?\?(?:[^\s#]*&)?(?:ticket_?id|id)=(?<id>\d{1,12})\b",
        @"/tickets?/(?<id>\d{1,12})\b",
        @"\bticket[\s_-]*(?:id|number|no\.?|nr\.?|ref(?:erence)?)?\s*[:#=]?\s*#?\s*(?<id>\d{1,12})\b",
    ];
}
