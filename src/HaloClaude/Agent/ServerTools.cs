using HaloClaude.Anthropic;
using HaloClaude.Configuration;

using Microsoft.Extensions.Options;

namespace HaloClaude.Agent;

/// <summary>Decides whether a request gets the proxy's own tools, and adds them.</summary>
public sealed class ServerTools(IEnumerable<IServerToolbox> toolboxes, IOptionsMonitor<AgentOptions> options, TicketReferenceFinder tickets)
{
    private readonly IServerToolbox? _toolbox = toolboxes.FirstOrDefault(t => t.IsEnabled);

    public IServerToolbox? Toolbox => _toolbox;

    /// <summary>The scope of a request, or null when it gets no server tools.</summary>
    /// <remarks>A caller that forces a tool (<c>required</c> or a named tool) or forbids tools gets none of ours: a forced
    /// choice would be spent on our tools and loop, and "none" means none.</remarks>
    public ToolScope? Scope(MessagesRequest upstream, DeploymentRoute route, ChatCaller caller)
    {
        if (_toolbox is null || !route.HaloTools || upstream.ToolChoice is { Type: not "auto" })
        {
            return null;
        }

        return new ToolScope(caller.RequestId, caller.KeyFingerprint, tickets.Find(upstream), options.CurrentValue.ClientDataWithoutTicket);
    }

    /// <summary>Adds the tool definitions the scope allows; a caller tool with the same name keeps its name.</summary>
    /// <returns>The names of the tools the proxy added, and the names of the caller's own tools (the only calls the caller ever sees).</returns>
    public (HashSet<string> Server, HashSet<string> Caller) Inject(MessagesRequest upstream, ToolScope scope)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        var tools = upstream.Tools ??= [];
        var callers = tools.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var tool in _toolbox!.Definitions(scope))
        {
            if (!callers.Contains(tool.Name) && names.Add(tool.Name))
            {
                tools.Add(tool);
            }
        }

        if (tools.Count == 0)
        {
            upstream.Tools = null;
        }

        return (names, callers);
    }
}
