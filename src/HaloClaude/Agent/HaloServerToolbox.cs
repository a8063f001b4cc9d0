using System.Text.Json;

using HaloClaude.Anthropic;
using HaloClaude.Halo.Tools;

namespace HaloClaude.Agent;

/// <summary>The Halo tools as the proxy's own server-side tools, run within the request's scope.</summary>
public sealed class HaloServerToolbox(IHaloTools halo) : IServerToolbox
{
    public bool IsEnabled => halo.IsEnabled;

    /// <summary>All tools for a ticket's request (or when unscoped access is allowed); only the knowledge base otherwise.</summary>
    public IReadOnlyList<Tool> Definitions(ToolScope scope) =>
        scope.Restricted && scope.TicketId is null
            ? [.. halo.Definitions.Where(t => t.Name is HaloToolCatalog.SearchKb or HaloToolCatalog.GetKbArticle)]
            : halo.Definitions;

    public async Task<ToolResult> RunAsync(string name, JsonElement input, ToolScope scope, CancellationToken cancellationToken)
    {
        var result = await halo.ExecuteAsync(name, input, scope, cancellationToken);
        var outcome = result.Refused ? "refused" : result.IsError ? "error" : "ok";
        return new ToolResult(result.Text, result.IsError, outcome);
    }
}
