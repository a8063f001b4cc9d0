using System.Text.Json;

using HaloClaude.Anthropic;

namespace HaloClaude.Agent;

/// <summary>Tools the proxy runs itself (the Halo lookups); the caller never sees their calls, only the answer.</summary>
public interface IServerToolbox
{
    /// <summary>False when the tools cannot run (e.g. Halo is not configured); then none are offered.</summary>
    bool IsEnabled { get; }

    /// <summary>The tool definitions offered to Claude within a scope.</summary>
    IReadOnlyList<Tool> Definitions(ToolScope scope);

    /// <summary>Runs one call. Failures and refusals are results (<see cref="ToolResult.IsError"/>), never exceptions.</summary>
    Task<ToolResult> RunAsync(string name, JsonElement input, ToolScope scope, CancellationToken cancellationToken);
}

/// <summary>What a tool call gave back, as text for Claude.</summary>
/// <param name="Content">The text Claude reads.</param>
/// <param name="IsError">Whether the call failed or was refused (sent to Claude as <c>is_error</c>).</param>
/// <param name="Outcome">A short word for the audit trail: <c>ok</c>, <c>error</c>, <c>refused</c>, <c>not_found</c>.</param>
public sealed record ToolResult(string Content, bool IsError, string Outcome = "ok")
{
    public static ToolResult Error(string message, string outcome = "error") => new(message, true, outcome);
}
