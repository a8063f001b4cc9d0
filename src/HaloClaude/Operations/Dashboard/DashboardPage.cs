using System.Globalization;
using System.Net;
using System.Text;

using HaloClaude.Agent;

namespace HaloClaude.Operations.Dashboard;

/// <summary>The dashboard's HTML: totals, charts of tokens, cost and latency over time, and the recent requests table with
/// each request's Halo lookups (the ticket context read, what Claude looked up, and what the scope rule refused).
/// Server-rendered with inline CSS and SVG only, so it works with no CDN, no script and a strict content security policy.</summary>
public static class DashboardPage
{
    private const int TableRows = 100;

    public static string Render(IReadOnlyList<RecentRequest> newestFirst, int capacity, DateTimeOffset now)
    {
        var chronological = newestFirst.Reverse().ToList();
        var html = new StringBuilder(16 * 1024);
        html.Append("""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta http-equiv="refresh" content="30">
            <title>HaloClaude dashboard</title>
            <style>
            body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:1.5rem;color:#1f2933;background:#f7f9fb}
            h1{font-size:1.4rem;margin:0 0 .25rem}h2{font-size:1.05rem;margin:1.5rem 0 .5rem}
            .muted{color:#6b7785;fill:#6b7785}.cards{display:flex;gap:1rem;flex-wrap:wrap}
            .card{background:#fff;border:1px solid #dde3ea;border-radius:6px;padding:.6rem 1rem;min-width:7.5rem}
            .card b{display:block;font-size:1.3rem}.charts{display:flex;gap:1rem;flex-wrap:wrap}
            figure{background:#fff;border:1px solid #dde3ea;border-radius:6px;margin:0;padding:.5rem}
            figcaption{font-weight:600;margin-bottom:.25rem}svg{max-width:100%;height:auto;font-size:11px}
            svg text{fill:#3e4c59}.axis{stroke:#9aa5b1}
            table{border-collapse:collapse;background:#fff;width:100%;font-size:.85rem}
            th,td{border-bottom:1px solid #e4e7eb;padding:.3rem .5rem;text-align:left;white-space:nowrap}
            td.n{text-align:right;font-variant-numeric:tabular-nums}tr.bad td{background:#fdecea}
            code{font-size:.8rem}
            tr.lookups td{background:#fafbfc;white-space:normal;padding:.15rem .5rem .45rem 1.5rem;font-size:.8rem}
            ul.lookups{list-style:none;margin:.2rem 0 0;padding:0;display:flex;flex-wrap:wrap;gap:.25rem .4rem}
            ul.lookups li{border:1px solid #dde3ea;border-radius:4px;padding:.05rem .4rem;background:#fff}
            ul.lookups li.refused{background:#fdecea;border-color:#e0a39c;color:#8a1c12}
            ul.lookups li.error{background:#fff4e0;border-color:#e8c07a}
            ul.lookups code{word-break:break-all;white-space:normal}
            </style>
            </head>
            <body>
            <h1>HaloClaude</h1>
            """);
        html.Append(CultureInfo.InvariantCulture,
            $"<p class=\"muted\">This replica's last {newestFirst.Count} of at most {capacity} chat requests; rendered {now.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC, refreshes every 30 s. Costs are estimates from the configured price table.</p>\n");

        AppendTotals(html, newestFirst);
        html.Append("<h2>Over time</h2>\n<div class=\"charts\">\n");
        AppendChart(html, "Tokens per request", "tokens",
        [
            new("input (incl. cache)", "#2f6fdf", chronological.Select(r => (r.Time, (double)(r.InputTokens + r.CacheReadTokens + r.CacheWriteTokens))).ToList()),
            new("output", "#e07b24", chronological.Select(r => (r.Time, (double)r.OutputTokens)).ToList()),
        ]);
        var cumulative = 0m;
        AppendChart(html, "Cumulative cost", "USD",
        [
            new("estimated cost", "#1f9d55", chronological.Select(r => (r.Time, (double)(cumulative += r.CostUsd ?? 0m))).ToList()),
        ]);
        AppendChart(html, "Latency", "ms",
        [
            new("request duration", "#8e44ad", chronological.Select(r => (r.Time, r.DurationMs)).ToList()),
        ]);
        html.Append("</div>\n");

        AppendTable(html, newestFirst);
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static void AppendTotals(StringBuilder html, IReadOnlyList<RecentRequest> requests)
    {
        var failed = requests.Count(r => r.Outcome != "ok");
        var tokens = requests.Sum(r => r.InputTokens + r.OutputTokens + r.CacheReadTokens + r.CacheWriteTokens);
        var cost = requests.Sum(r => r.CostUsd ?? 0m);
        var median = requests.Count == 0 ? 0 : requests.Select(r => r.DurationMs).Order().ElementAt(requests.Count / 2);
        var lookups = requests.Sum(r => AllLookups(r).Count());
        var refused = requests.Sum(r => r.Lookups.Count(l => l.Outcome == Refused));
        html.Append("<div class=\"cards\">\n");
        Card(html, "Requests", requests.Count.ToString(CultureInfo.InvariantCulture));
        Card(html, "Failed", failed.ToString(CultureInfo.InvariantCulture));
        Card(html, "Tokens", tokens.ToString("#,0", CultureInfo.InvariantCulture));
        Card(html, "Estimated cost", "$" + cost.ToString("0.0000", CultureInfo.InvariantCulture));
        Card(html, "Median latency", median.ToString("#,0", CultureInfo.InvariantCulture) + " ms");
        Card(html, "Halo lookups", lookups.ToString(CultureInfo.InvariantCulture));
        Card(html, "Refused by scope", refused.ToString(CultureInfo.InvariantCulture));
        html.Append("</div>\n");
    }

    private static void Card(StringBuilder html, string name, string value) =>
        html.Append(CultureInfo.InvariantCulture, $"<div class=\"card\"><span class=\"muted\">{Encode(name)}</span><b>{Encode(value)}</b></div>\n");

    private static void AppendChart(StringBuilder html, string title, string unit, IReadOnlyList<SvgChart.Series> series) =>
        html.Append(CultureInfo.InvariantCulture, $"<figure><figcaption>{Encode(title)}</figcaption>{SvgChart.Render(title, unit, series)}</figure>\n");

    private static void AppendTable(StringBuilder html, IReadOnlyList<RecentRequest> requests)
    {
        html.Append("<h2>Recent requests</h2>\n");
        if (requests.Count == 0)
        {
            html.Append("<p class=\"muted\">No chat requests since this replica started.</p>\n");
            return;
        }

        html.Append("<table>\n<thead><tr><th>Time (UTC)</th><th>Deployment</th><th>Model</th><th>Status</th><th>Input</th><th>Output</th>" +
            "<th>Cache read</th><th>Cache write</th><th>Cost (USD)</th><th>Latency</th><th>Cache hit</th><th>Halo lookups</th><th>Request id</th></tr></thead>\n<tbody>\n");
        foreach (var r in requests.Take(TableRows))
        {
            var status = r.Outcome == "ok" ? r.Status.ToString(CultureInfo.InvariantCulture) : $"{r.Status} {r.Outcome}";
            var id = Encode(r.RequestId);
            html.Append(CultureInfo.InvariantCulture, $"<tr data-request=\"{id}\"{(r.Outcome == "ok" ? "" : " class=\"bad\"")}>");
            html.Append(CultureInfo.InvariantCulture, $"<td>{r.Time.UtcDateTime:yyyy-MM-dd HH:mm:ss}</td><td>{Encode(r.Deployment)}</td><td>{Encode(r.Model)}</td><td>{Encode(status)}{(r.Stream ? " <span class=\"muted\">stream</span>" : "")}</td>");
            html.Append(CultureInfo.InvariantCulture, $"<td class=\"n\">{r.InputTokens:#,0}</td><td class=\"n\">{r.OutputTokens:#,0}</td><td class=\"n\">{r.CacheReadTokens:#,0}</td><td class=\"n\">{r.CacheWriteTokens:#,0}</td>");
            html.Append(CultureInfo.InvariantCulture, $"<td class=\"n\">{(r.CostUsd is { } cost ? cost.ToString("0.000000", CultureInfo.InvariantCulture) : "–")}</td><td class=\"n\">{r.DurationMs:#,0} ms</td>");
            html.Append(CultureInfo.InvariantCulture, $"<td>{(r.CacheHit ? "yes" : "no")}</td><td>{LookupSummary(r)}</td><td><code>{id}</code></td></tr>\n");
            AppendLookups(html, r, id);
        }

        html.Append("</tbody>\n</table>\n");
    }

    private const string Refused = "refused";
    private const int Columns = 13;

    private static IEnumerable<ToolCallRecord> AllLookups(RecentRequest r) =>
        r.TicketContext is { } context ? r.Lookups.Prepend(context) : r.Lookups;

    private static string LookupSummary(RecentRequest r)
    {
        var total = AllLookups(r).Count();
        var refused = r.Lookups.Count(l => l.Outcome == Refused);
        return total == 0 ? "–" : refused == 0 ? total.ToString(CultureInfo.InvariantCulture) : $"{total}, <b>{refused} refused</b>";
    }

    /// <summary>The request's lookups under its row, in order: the ticket context first, then Claude's tool calls.
    /// Arguments come from Claude, which read them from ticket text anyone can write, so everything is encoded.</summary>
    private static void AppendLookups(StringBuilder html, RecentRequest r, string id)
    {
        var all = AllLookups(r).ToList();
        if (all.Count == 0)
        {
            return;
        }

        html.Append(CultureInfo.InvariantCulture, $"<tr class=\"lookups\" data-lookups-for=\"{id}\"><td colspan=\"{Columns}\"><span class=\"muted\">Halo lookups, scope: {Encode(all[^1].Scope)}</span><ul class=\"lookups\">");
        foreach (var lookup in all)
        {
            var outcome = lookup.Outcome switch { "ok" => "ok", Refused => Refused, _ => "error" };
            var name = lookup.Tool == ToolAudit.TicketContext ? "ticket context (read by the proxy)" : lookup.Tool;
            var size = lookup.Outcome == "ok" ? $" · {Size(lookup.Bytes)}" : string.Empty;
            html.Append(CultureInfo.InvariantCulture,
                $"<li class=\"{outcome}\"><b>{Encode(name)}</b> <code>{Encode(lookup.Arguments)}</code> {Encode(lookup.Outcome)}{size} · {lookup.Duration.TotalMilliseconds:#,0} ms</li>");
        }

        html.Append("</ul></td></tr>\n");
    }

    private static string Size(int bytes) => bytes < 1024
        ? bytes.ToString(CultureInfo.InvariantCulture) + " B"
        : (bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture) + " KB";

    private static string Encode(string value) => WebUtility.HtmlEncode(value);
}
