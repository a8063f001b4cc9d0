using System.Diagnostics;
using System.Text.Json;

using HaloClaude.Anthropic;
using HaloClaude.Halo.Api;

using Microsoft.Extensions.Options;

namespace HaloClaude.Halo.Tools;

/// <summary>Runs the catalogue's tools against Halo through <see cref="HaloApiClient"/> and renders compact text.</summary>
public sealed class HaloToolExecutor(
    HaloApiClient halo,
    HaloStatusNames statuses,
    IOptionsMonitor<HaloOptions> options,
    ILogger<HaloToolExecutor> logger) : IHaloTools
{
    private const int MaxTicketRows = HaloToolCatalog.MaxTickets;

    public bool IsEnabled => options.CurrentValue.Enabled;

    public List<Tool> Definitions => IsEnabled ? HaloToolCatalog.Create() : [];

    public Task<HaloToolResult> ExecuteAsync(string name, JsonElement input, CancellationToken cancellationToken) =>
        ExecuteAsync(name, input, null, cancellationToken);

    public async Task<HaloToolResult> ExecuteAsync(string name, JsonElement input, IHaloScope? scope, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        HaloToolResult result;
        try
        {
            result = new HaloToolResult(TextCap.Limit(await RunAsync(name, input, new ScopeGuard(scope, halo), cancellationToken)), false);
        }
        catch (ScopeRefusedException ex)
        {
            HaloLog.ToolRefused(logger, name);
            result = new HaloToolResult(TextCap.Limit(ex.Message), true, Refused: true);
        }
        catch (ToolInputException ex)
        {
            result = Error($"Invalid input for {name}: {ex.Message}");
        }
        catch (HaloException ex)
        {
            result = Error(ex.Message);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            result = Error("Halo did not answer in time; try again shortly.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A tool must never take the conversation down; the model gets a plain error and the log keeps the details.
            HaloLog.ToolCrashed(logger, name, ex);
            result = Error("The Halo lookup failed unexpectedly; try a different tool or continue without it.");
        }

        HaloLog.ToolRan(logger, HaloToolCatalog.Contains(name) ? name : "(unknown)", (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds, result.IsError);
        return result;
    }

    private static HaloToolResult Error(string message) => new(TextCap.Limit(message), true);

    private async Task<string> RunAsync(string name, JsonElement input, ScopeGuard guard, CancellationToken ct)
    {
        if (!HaloToolCatalog.Contains(name))
        {
            var shown = name.Length > 64 ? name[..64] + "…" : name;
            throw new ToolInputException($"there is no Halo tool named '{shown}'. Available tools: {string.Join(", ", HaloToolCatalog.Names)}.");
        }

        if (!IsEnabled)
        {
            throw new HaloException(HaloFailure.NotConfigured, "Halo is not configured on this proxy, so Halo data cannot be looked up.");
        }

        switch (name)
        {
            case HaloToolCatalog.GetTicket:
                {
                    var id = ToolInput.From(input, "ticket_id").Id("ticket_id");
                    guard.Check(HaloRecordKind.Ticket, id);
                    var ticket = guard.Ticket(await halo.GetTicketAsync(id, ct));
                    IReadOnlyList<HaloAsset> assets = guard.Assets(ticket.Assets ?? (await halo.GetTicketAssetsAsync(id, ct)).Rows);
                    var names = await StatusesIfNeededAsync(ticket.StatusName is null, ct);
                    return TicketText.Ticket(ticket, assets, names);
                }

            case HaloToolCatalog.GetTicketActions:
                {
                    var args = ToolInput.From(input, "ticket_id", "include_private");
                    var id = args.Id("ticket_id");
                    var includePrivate = args.Flag("include_private", true);
                    guard.Check(HaloRecordKind.Ticket, id);
                    var actions = await halo.GetActionsAsync(id, ct);
                    if (actions.Rows.Count == 0)
                    {
                        guard.Ticket(await halo.GetTicketAsync(id, ct)); // an empty history of a ticket that does not exist should say so
                    }

                    return TicketText.Actions(id, actions, includePrivate);
                }

            case HaloToolCatalog.GetUser:
                {
                    var id = ToolInput.From(input, "user_id").Id("user_id");
                    guard.Check(HaloRecordKind.User, id);
                    return DirectoryText.User(guard.User(await halo.GetUserAsync(id, ct)));
                }

            case HaloToolCatalog.GetUserTickets:
                {
                    var args = ToolInput.From(input, "user_id", "open_only", "count");
                    var id = args.Id("user_id");
                    guard.Check(HaloRecordKind.User, id);
                    var filter = new TicketFilter(UserId: id, ClientId: await guard.ClientFilterAsync(null, ct), OpenOnly: args.Flag("open_only", false), Count: args.Count("count", 10, MaxTicketRows));
                    return await TicketListAsync($"{(filter.OpenOnly ? "Open tickets" : "Tickets")} of user {id}", filter, guard, ct);
                }

            case HaloToolCatalog.GetClient:
                {
                    var id = ToolInput.From(input, "client_id").Id("client_id");
                    await guard.ClientFilterAsync(id, ct);
                    return DirectoryText.Client(await halo.GetClientAsync(id, ct));
                }

            case HaloToolCatalog.GetClientTickets:
                {
                    var args = ToolInput.From(input, "client_id", "open_only", "count");
                    var id = args.Id("client_id");
                    await guard.ClientFilterAsync(id, ct);
                    var filter = new TicketFilter(ClientId: id, OpenOnly: args.Flag("open_only", false), Count: args.Count("count", 10, MaxTicketRows));
                    return await TicketListAsync($"{(filter.OpenOnly ? "Open tickets" : "Tickets")} of client {id}", filter, guard, ct);
                }

            case HaloToolCatalog.SearchTickets:
                {
                    var args = ToolInput.From(input, "query", "client_id", "user_id", "open_only", "count");
                    var query = args.Text("query", HaloToolCatalog.MaxQueryLength);
                    var userId = args.OptionalId("user_id");
                    if (userId is { } user)
                    {
                        guard.Check(HaloRecordKind.User, user);
                    }

                    var clientId = await guard.ClientFilterAsync(args.OptionalId("client_id"), ct);
                    var filter = new TicketFilter(userId, clientId, query, args.Flag("open_only", false), args.Count("count", 10, MaxTicketRows));
                    return await TicketListAsync($"Tickets matching \"{query}\"", filter, guard, ct);
                }

            case HaloToolCatalog.SearchKb:
                {
                    var args = ToolInput.From(input, "query", "count");
                    var query = args.Text("query", HaloToolCatalog.MaxQueryLength);
                    return KbText.Search(query, await halo.SearchKbAsync(query, args.Count("count", 5, HaloToolCatalog.MaxArticles), ct));
                }

            case HaloToolCatalog.GetKbArticle:
                return KbText.Article(await halo.GetKbArticleAsync(ToolInput.From(input, "article_id").Id("article_id"), ct));

            case HaloToolCatalog.GetAsset:
                {
                    var id = ToolInput.From(input, "asset_id").Id("asset_id");
                    guard.Check(HaloRecordKind.Asset, id);
                    return AssetText.Asset(guard.Asset(await halo.GetAssetAsync(id, ct)));
                }

            case HaloToolCatalog.GetAvailableActions:
                {
                    var id = ToolInput.From(input, "ticket_id").Id("ticket_id");
                    guard.Check(HaloRecordKind.Ticket, id);
                    var ticket = guard.Ticket(await halo.GetTicketAsync(id, ct));

                    // Halo has no "next actions" endpoint (halo-api.md §2.8). Of its three options we use the outcome list
                    // filtered by the ticket's type (option 3): one call, and the list itself (a bare array of outcomes with
                    // id, outcome, buttonname, ...) is read the same way by other integrations. Options 1 and 2 (the type's
                    // allowed_actions, the workflow's step transitions) need two more calls into nested shapes nobody has
                    // confirmed, and a wrong guess would list nothing. If Halo ignored the filter the list would be every
                    // outcome, so the rendering says these are the type's buttons, which the workflow step may narrow.
                    // docs/halo-setup.md documents the choice.
                    var outcomes = await halo.GetOutcomesAsync(ticket.TicketTypeId, ct);
                    return TicketText.AvailableActions(ticket, outcomes, await StatusesIfNeededAsync(true, ct));
                }

            default:
                throw new UnreachableException();
        }
    }

    private async Task<string> TicketListAsync(string heading, TicketFilter filter, ScopeGuard guard, CancellationToken ct)
    {
        var list = guard.Tickets(await halo.ListTicketsAsync(filter, ct));
        return TicketText.List(heading, list, await StatusesIfNeededAsync(list.Rows.Any(t => t.StatusName is null), ct));
    }

    private async Task<Func<long, string?>> StatusesIfNeededAsync(bool needed, CancellationToken ct) =>
        needed ? await statuses.GetAsync(ct) : _ => null;
}
