using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;

namespace HaloClaude.Operations.Demo;

/// <summary>
/// The fictional "Kestrelpoint IT" Halo tenant (<c>HaloSample/*.json</c>, embedded in the assembly): which body Halo's REST
/// API would return for a path and query. The simulated Halo of <c>--demo</c> and the tests' FakeHalo both answer from here,
/// so the sample and its mapping exist once.
/// </summary>
/// <remarks>Covers what the proxy calls: records by id (<c>Tickets/10231</c>, <c>Users/201</c>, <c>Client/12</c>,
/// <c>Asset/3001</c>, <c>KBArticle/501</c>), the lists with the filters the client sends (<c>client_id</c>, <c>user_id</c>,
/// <c>ticket_id</c>, <c>search</c>, <c>open_only</c>, <c>count</c>, <c>excludeprivate</c>, <c>excludesys</c>) and the
/// status, priority and outcome lookups. Anything else is <c>null</c>, which a server answers with Halo's 404.</remarks>
public static class HaloSampleTenant
{
    public const string Name = "Kestrelpoint IT";

    /// <summary>Halo's body for a record that does not exist.</summary>
    public const string NotFoundBody = """{"ClassName":"HaloNotFoundException","Message":"The record you requested could not be found."}""";

    private const string ResourcePrefix = "HaloSample/";

    private static readonly ConcurrentDictionary<string, string?> Files = new(StringComparer.Ordinal);

    /// <summary>The body of one sample file (e.g. <c>tickets.10231.json</c>), parsed afresh so callers may change it; null when there is none.</summary>
    public static JsonNode? Load(string file)
    {
        var text = Files.GetOrAdd(file, static name =>
        {
            using var stream = typeof(HaloSampleTenant).Assembly.GetManifestResourceStream(ResourcePrefix + name);
            if (stream is null)
            {
                return null;
            }

            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        });
        return text is null ? null : JsonNode.Parse(text);
    }

    /// <summary>What <c>GET /api/{path}?{query}</c> returns on the sample tenant, or null for Halo's 404.</summary>
    /// <param name="path">The path after <c>/api/</c>, any casing, e.g. <c>Tickets/10231</c>.</param>
    /// <param name="query">The query string's values.</param>
    public static JsonNode? Resolve(string path, IQueryCollection query)
    {
        var segments = path.Trim('/').ToLowerInvariant().Split('/');
        var resource = segments[0];
        if (segments.Length == 2)
        {
            var file = resource switch
            {
                "tickets" => "tickets",
                "users" => "users",
                "client" => "clients",
                "asset" => "assets",
                "kbarticle" => "kbarticles",
                _ => null,
            };
            return file is null || !long.TryParse(segments[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? null : Load($"{file}.{id}.json");
        }

        if (segments.Length != 1)
        {
            return null;
        }

        string? Q(string name) => query[name].Count > 0 ? query[name].ToString() : null;
        var count = int.TryParse(Q("count"), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : int.MaxValue;
        return resource switch
        {
            "tickets" => Tickets(Q, count),
            "actions" => Actions(Q),
            "asset" => Take(Q("ticket_id") is { } ticket ? Load($"assets.list.ticket-{ticket}.json") ?? EmptyList("assets")
                : Q("user_id") is { } assetUser ? Load($"assets.list.user-{assetUser}.json") ?? EmptyList("assets")
                : Q("client_id") is { } assetClient ? Load($"assets.list.client-{assetClient}.json") ?? EmptyList("assets")
                : EmptyList("assets"), "assets", count),
            "kbarticle" => Take(Q("search") is { } kb
                ? Load($"kbarticles.list.search-{kb.ToLowerInvariant()}.json") ?? EmptyList("articles")
                : Load("kbarticles.list.json")!, "articles", count),
            "users" => Take(Q("client_id") is { } userClient ? Load($"users.list.client-{userClient}.json") ?? EmptyList("users") : EmptyList("users"), "users", count),
            "client" => Take(Load("clients.list.json")!, "clients", count),
            "status" => Load("statuses.json"),
            "priority" => Load("priorities.json"),
            "outcome" => Load($"outcomes.tickettype-{Q("tickettype_id")}.json") ?? new JsonArray(),
            _ => null,
        };
    }

    private static JsonNode Tickets(Func<string, string?> q, int count)
    {
        var search = q("search")?.ToLowerInvariant();
        var list = search is not null
            ? Load($"tickets.list.search-{search}.json") ?? Load("tickets.list.search-nomatch.json")
            : q("user_id") is { } user ? Load($"tickets.list.user-{user}.json")
            : q("client_id") is { } client ? Load($"tickets.list.client-{client}.json")
            : Load("tickets.list.json");
        list ??= EmptyList("tickets");

        // Closed (9) and cancelled (8) tickets are not open; a search keeps Halo's other filters.
        Filter(list, "tickets", row =>
            (q("open_only") != "true" || row["status_id"]!.GetValue<long>() is not (8 or 9))
            && (search is null || q("client_id") is not { } c || row["client_id"]!.ToString() == c)
            && (search is null || q("user_id") is not { } u || row["user_id"]!.ToString() == u));
        return Take(list, "tickets", count);
    }

    private static JsonNode Actions(Func<string, string?> q)
    {
        var ticketId = q("ticket_id");
        var list = Load($"actions.ticket-{ticketId}.json") ?? EmptyList("actions");
        if (q("excludeprivate") == "true")
        {
            Filter(list, "actions", row => row["hiddenfromuser"]?.GetValue<bool>() != true);
        }

        if (q("excludesys") != "true" && list["actions"]!.AsArray().Count > 0)
        {
            // Halo's own bookkeeping entries, which excludesys=true leaves out.
            list["actions"]!.AsArray().Add(new JsonObject
            {
                ["id"] = 99,
                ["ticket_id"] = long.Parse(ticketId!, CultureInfo.InvariantCulture),
                ["outcome"] = "SLA Hold Released",
                ["who"] = "Halo System",
                ["who_type"] = 0,
                ["datetime"] = "2025-06-02T11:00:00.0",
                ["note"] = "SYSTEM-ACTION: SLA timer resumed",
                ["hiddenfromuser"] = true,
            });
            list["record_count"] = list["actions"]!.AsArray().Count;
        }

        return list;
    }

    private static JsonObject EmptyList(string key) => new() { ["record_count"] = 0, [key] = new JsonArray() };

    private static void Filter(JsonNode list, string key, Func<JsonNode, bool> keep)
    {
        var rows = list[key]!.AsArray();
        var kept = rows.Where(r => keep(r!)).Select(r => r!.DeepClone()).ToList();
        rows.Clear();
        foreach (var row in kept)
        {
            rows.Add(row);
        }

        list["record_count"] = kept.Count;
    }

    private static JsonNode Take(JsonNode list, string key, int count)
    {
        var rows = list[key]!.AsArray();
        while (rows.Count > count)
        {
            rows.RemoveAt(rows.Count - 1);
        }

        return list;
    }
}
