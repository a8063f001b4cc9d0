using System.Text.Json.Nodes;

using HaloClaude.Anthropic;

namespace HaloClaude.Halo.Tools;

/// <summary>The read-only Halo tools offered to Claude, as Anthropic tool definitions. Arguments are ids, short search
/// text, flags and counts only: no tool takes a path, a URL or a raw query, and none writes to Halo.</summary>
public static class HaloToolCatalog
{
    public const string GetTicket = "get_ticket";
    public const string GetTicketActions = "get_ticket_actions";
    public const string GetUser = "get_user";
    public const string GetUserTickets = "get_user_tickets";
    public const string GetClient = "get_client";
    public const string GetClientTickets = "get_client_tickets";
    public const string SearchTickets = "search_tickets";
    public const string SearchKb = "search_kb";
    public const string GetKbArticle = "get_kb_article";
    public const string GetAsset = "get_asset";
    public const string GetAvailableActions = "get_available_actions";

    /// <summary>Longest search text accepted.</summary>
    public const int MaxQueryLength = 200;

    /// <summary>Most tickets a list tool returns.</summary>
    public const int MaxTickets = 25;

    /// <summary>Most articles search_kb returns.</summary>
    public const int MaxArticles = 10;

    private static readonly (string Name, string Description, Func<JsonObject> Schema)[] Definitions =
    [
        (GetTicket,
            "Look up one Halo ticket by its number: summary, status, priority, type, client, site, end user, assigned agent and team, " +
            "SLA dates, linked assets, custom fields and the original request text. Does not include the conversation; use get_ticket_actions for that.",
            () => Schema(["ticket_id"], ("ticket_id", Id("The Halo ticket number, e.g. 10231.")))),
        (GetTicketActions,
            "Read a ticket's history (notes, e-mails in and out, status changes), newest first, without Halo's system entries. " +
            "Private notes are internal to the service desk and are marked [PRIVATE NOTE]; never quote them to the end user.",
            () => Schema(["ticket_id"],
                ("ticket_id", Id("The Halo ticket number.")),
                ("include_private", Flag(true, "false to leave out private (internal) notes, e.g. when drafting text for the end user.")))),
        (GetUser,
            "Look up a Halo end user (a contact at a client) by id: name, job title, client, site, department, e-mail, phone numbers, " +
            "whether they are an important contact (VIP) and notes about them.",
            () => Schema(["user_id"], ("user_id", Id("The Halo user id, e.g. the user id shown on a ticket.")))),
        (GetUserTickets,
            "List the recent tickets raised by one end user, newest first, to spot repeat or related problems.",
            () => Schema(["user_id"], ("user_id", Id("The Halo user id.")), ("open_only", OpenOnly()), ("count", TicketCount()))),
        (GetClient,
            "Look up a Halo client (the customer organisation) by id: name, VIP status, main site and contact, phone, " +
            "assigned technicians and account manager, ticket counts and the service desk's notes about the client.",
            () => Schema(["client_id"], ("client_id", Id("The Halo client id, e.g. the client id shown on a ticket.")))),
        (GetClientTickets,
            "List the recent tickets of one client (customer organisation), newest first, to spot wider outages or recurring issues.",
            () => Schema(["client_id"], ("client_id", Id("The Halo client id.")), ("open_only", OpenOnly()), ("count", TicketCount()))),
        (SearchTickets,
            "Search Halo tickets by keyword (matches ticket number, summary and details), optionally within one client or end user. " +
            "Use it to find similar past tickets and how they were resolved.",
            () => Schema(["query"],
                ("query", Query("Keywords, e.g. 'vpn disconnect'.")),
                ("client_id", Id("Only tickets of this client.")),
                ("user_id", Id("Only tickets of this end user.")),
                ("open_only", OpenOnly()),
                ("count", TicketCount()))),
        (SearchKb,
            "Search the Halo knowledge base by keyword. Returns article ids, titles and short descriptions; use get_kb_article to read an article's full steps.",
            () => Schema(["query"],
                ("query", Query("Keywords, e.g. 'password reset'.")),
                ("count", Count(MaxArticles, 5, $"How many articles to return (at most {MaxArticles})")))),
        (GetKbArticle,
            "Read one Halo knowledge base article in full: title, description, resolution steps, tags and when it was last edited.",
            () => Schema(["article_id"], ("article_id", Id("The knowledge base article id, e.g. from search_kb.")))),
        (GetAsset,
            "Look up a Halo asset (device) by id: asset tag, hostname, type, status, client, site, users, hardware and software fields " +
            "(serial number, model, operating system, IP address, last logged-in user), warranty and notes.",
            () => Schema(["asset_id"], ("asset_id", Id("The Halo asset id, e.g. from a ticket's linked assets.")))),
        (GetAvailableActions,
            "List the actions (buttons such as Add Note, Email User, Close Ticket) Halo offers for a ticket's type, with what each does " +
            "(e-mails the user, is private, changes the status); the ticket's workflow step may allow only some of them. " +
            "Read-only: it does not perform any action.",
            () => Schema(["ticket_id"], ("ticket_id", Id("The Halo ticket number.")))),
    ];

    /// <summary>The tool names, in catalogue order.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. Definitions.Select(d => d.Name)];

    /// <summary>Every tool, in a stable order (a stable prefix keeps Claude's prompt cache warm). A fresh list each
    /// time, so a caller may mark it (e.g. with cache_control) without touching anyone else's copy.</summary>
    public static List<Tool> Create() =>
        [.. Definitions.Select(d => new Tool { Name = d.Name, Description = d.Description, InputSchema = d.Schema() })];

    /// <summary>True when <paramref name="name"/> is one of the catalogue's tools.</summary>
    public static bool Contains(string name) => Names.Contains(name, StringComparer.Ordinal);

    private static JsonObject Schema(string[] required, params (string Name, JsonObject Schema)[] properties)
    {
        var props = new JsonObject();
        foreach (var (name, schema) in properties)
        {
            props[name] = schema;
        }

        return new JsonObject
        {
            ["type"] = "object",
            ["properties"] = props,
            ["required"] = new JsonArray([.. required.Select(r => (JsonNode)r)]),
            ["additionalProperties"] = false,
        };
    }

    private static JsonObject Id(string description) =>
        new() { ["type"] = "integer", ["minimum"] = 1, ["maximum"] = int.MaxValue, ["description"] = description };

    private static JsonObject Query(string description) =>
        new() { ["type"] = "string", ["minLength"] = 2, ["maxLength"] = MaxQueryLength, ["description"] = description };

    private static JsonObject Flag(bool defaultValue, string description) =>
        new() { ["type"] = "boolean", ["default"] = defaultValue, ["description"] = description };

    private static JsonObject OpenOnly() => Flag(false, "true to list only tickets that are not closed.");

    private static JsonObject TicketCount() => Count(MaxTickets, 10, $"How many tickets to return, newest first (at most {MaxTickets})");

    private static JsonObject Count(int max, int defaultValue, string description) =>
        new() { ["type"] = "integer", ["minimum"] = 1, ["maximum"] = max, ["default"] = defaultValue, ["description"] = description + "." };
}
