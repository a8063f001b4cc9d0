using System.Text;
using System.Text.Json;

using HaloClaude.Anthropic;
using HaloClaude.Operations.Telemetry;

namespace HaloClaude.Agent;

/// <summary>Runs one round of server-side tool calls in parallel (bounded) and turns them into <c>tool_result</c> blocks.</summary>
public sealed class ToolRound(IServerToolbox toolbox, ToolAudit audit, HaloClaudeInstruments instruments, TimeProvider time)
{
    /// <summary>A call Claude made, its input already assembled from the stream.</summary>
    public sealed record Call(string Id, string Name, JsonElement Input);

    public async Task<List<(ContentBlock Block, int Bytes)>> RunAsync(IReadOnlyList<Call> calls, ToolScope scope, AgentOptions options, CancellationToken cancellationToken)
    {
        var results = new (ContentBlock Block, int Bytes)[calls.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, calls.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.MaxParallelToolCalls), CancellationToken = cancellationToken },
            async (i, token) => results[i] = await RunOneAsync(calls[i], scope, options, token));
        return [.. results];
    }

    private async Task<(ContentBlock Block, int Bytes)> RunOneAsync(Call call, ToolScope scope, AgentOptions options, CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        using var activity = HaloClaudeInstruments.StartToolCall(call.Name);
        ToolResult result;
        try
        {
            result = await toolbox.RunAsync(call.Name, call.Input, scope, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            result = ToolResult.Error($"The tool {call.Name} failed unexpectedly; answer without it.");
        }

        instruments.RecordToolCall(call.Name, result.Outcome);
        if (result.Outcome == "error")
        {
            scope.NoteToolError();
        }

        activity?.SetTag("haloclaude.tool.outcome", result.Outcome);
        var content = Cap(result.Content, options.MaxResultBytes);
        var bytes = Encoding.UTF8.GetByteCount(content);
        audit.Record(new ToolCallRecord(
            time.GetUtcNow(), scope.RequestId, scope.KeyFingerprint, call.Name, call.Input.GetRawText(), scope.Describe(), result.Outcome, bytes, time.GetElapsedTime(started)));
        var block = new ContentBlock
        {
            Type = "tool_result",
            ToolUseId = call.Id,
            Content = [ContentBlock.FromText(content.Length == 0 ? "(no data)" : content)],
            IsError = result.IsError ? true : null,
        };
        return (block, bytes);
    }

    /// <summary>Cuts text to a UTF-8 byte budget on a character boundary, saying that it did.</summary>
    public static string Cap(string text, int maxBytes)
    {
        if (Encoding.UTF8.GetByteCount(text) <= maxBytes)
        {
            return text;
        }

        const string Note = "\n[… cut: the result was longer than the proxy passes on]";
        var budget = Math.Max(0, maxBytes - Encoding.UTF8.GetByteCount(Note));
        var length = 0;
        var bytes = 0;
        while (length < text.Length)
        {
            var step = char.IsHighSurrogate(text[length]) && length + 1 < text.Length ? 2 : 1;
            var size = Encoding.UTF8.GetByteCount(text.AsSpan(length, step));
            if (bytes + size > budget)
            {
                break;
            }

            bytes += size;
            length += step;
        }

        return string.Concat(text.AsSpan(0, length), Note);
    }
}
