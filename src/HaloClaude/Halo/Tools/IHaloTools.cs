using System.Text.Json;

using HaloClaude.Anthropic;

namespace HaloClaude.Halo.Tools;

/// <summary>What a tool run gives back: text for a <c>tool_result</c> block, flagged when it reports a failure.</summary>
public sealed record HaloToolResult(string Text, bool IsError);

/// <summary>Claude's read-only Halo tools: the definitions to offer and the executor that runs them.</summary>
public interface IHaloTools
{
    /// <summary>True when Halo is configured; otherwise <see cref="Definitions"/> is empty.</summary>
    bool IsEnabled { get; }

    /// <summary>The tool definitions to send to Claude (a fresh list on each call; empty when Halo is off).</summary>
    List<Tool> Definitions { get; }

    /// <summary>Runs a tool by name with its JSON input. Never throws for Halo or input problems: those come back as an
    /// error result in plain words (capped at 16 KB like every result). Only the caller's cancellation propagates.</summary>
    Task<HaloToolResult> ExecuteAsync(string name, JsonElement input, CancellationToken cancellationToken);
}
