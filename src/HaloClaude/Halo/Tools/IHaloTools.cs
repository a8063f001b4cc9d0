using System.Text.Json;

using HaloClaude.Anthropic;

namespace HaloClaude.Halo.Tools;

/// <summary>What a tool run gives back: text for a <c>tool_result</c> block, flagged when it reports a failure.</summary>
/// <param name="Text">The text Claude reads.</param>
/// <param name="IsError">Whether the run failed or was refused.</param>
/// <param name="Refused">Whether the scope rule refused it (the audit trail shows refusals apart from failures).</param>
public sealed record HaloToolResult(string Text, bool IsError, bool Refused = false);

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

    /// <summary>Runs a tool within a scope: lookups outside it are refused before they reach Halo, and records of other
    /// clients are never shown. A null scope means no limit (tests and single-customer tools).</summary>
    Task<HaloToolResult> ExecuteAsync(string name, JsonElement input, IHaloScope? scope, CancellationToken cancellationToken);
}
