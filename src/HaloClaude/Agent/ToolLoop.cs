using System.Runtime.CompilerServices;

using HaloClaude.Anthropic;

namespace HaloClaude.Agent;

/// <summary>
/// The server-side tool loop: while Claude stops to call the proxy's tools, run them and call Claude again; the caller
/// sees one answer, as if Claude had answered in a single turn, with the usage of all turns summed.
/// </summary>
/// <remarks>
/// When a bound is reached (turns, tool calls, result bytes, wall time) the pending calls get "not run" results and
/// Claude is asked for a final answer with <c>tool_choice: none</c> (the tools stay defined: Anthropic requires them
/// while the history holds tool calls). A turn that calls both caller tools and server tools ends the loop: the caller
/// gets its own calls and the server calls are not run (Claude may call them again on the next request), so the
/// conversation the caller sends back stays valid for Anthropic. A call to a tool the caller did not define is the
/// proxy's to answer (with an error result when no such tool exists), so the caller only ever sees calls of its own tools.
/// </remarks>
public sealed class ToolLoop(
    AnthropicClient anthropic,
    MessagesRequest request,
    AnthropicEventStream firstStream,
    IAsyncEnumerator<StreamEvent> firstEvents,
    ToolRound round,
    ToolScope scope,
    ISet<string> callerTools,
    AgentOptions options,
    TimeProvider time)
{
    private const string BudgetSpent = "Not run: the lookup budget for this request is used up. Answer now with what you have.";

    public async IAsyncEnumerable<StreamEvent> RunAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var stream = firstStream;
        var events = firstEvents;
        var positioned = true; // the first event of the first turn has been read already
        var outIndex = 0;
        var turns = 1;
        var toolCalls = 0;
        var resultBytes = 0;
        long input = 0, output = 0, cacheRead = 0, cacheCreation = 0;
        StreamEvent? opening = null;
        try
        {
            while (true)
            {
                var toolsOpen = request.ToolChoice?.Type != "none";
                var turn = new AgentTurn(callerTools, toolsOpen, options.NarrationHoldChars, () => outIndex++);
                while (positioned || await events.MoveNextAsync())
                {
                    positioned = false;
                    var item = events.Current;
                    if (item.Type == "message_stop")
                    {
                        break;
                    }

                    if (item.Type == "message_start" && opening is null)
                    {
                        opening = item;
                        turn.Handle(item);
                        yield return item;
                        continue;
                    }

                    foreach (var shown in turn.Handle(item))
                    {
                        yield return shown;
                    }
                }

                input += turn.Usage.Input;
                output += turn.Usage.Output;
                cacheRead += turn.Usage.CacheRead;
                cacheCreation += turn.Usage.CacheCreation;

                var calls = turn.ServerCalls.ToList();
                if (turn.StopReason != "tool_use" || calls.Count == 0 || turn.HasCallerToolCall || !toolsOpen)
                {
                    foreach (var held in turn.Release())
                    {
                        yield return held;
                    }

                    yield return new StreamEvent
                    {
                        Type = "message_delta",
                        Delta = new StreamDelta { StopReason = turn.StopReason },
                        Usage = new Usage { InputTokens = input, OutputTokens = output, CacheReadInputTokens = cacheRead, CacheCreationInputTokens = cacheCreation },
                    };
                    yield return new StreamEvent { Type = "message_stop" };
                    yield break;
                }

                request.Messages.Add(turn.ToAssistantMessage());
                var results = await RunRoundAsync(calls, toolCalls, resultBytes, time.GetElapsedTime(started), cancellationToken);
                toolCalls += calls.Count;
                resultBytes += results.Sum(r => r.Bytes);
                request.Messages.Add(new Message { Role = "user", Content = [.. results.Select(r => r.Block)] });

                turns++;
                if (turns >= options.MaxTurns || toolCalls >= options.MaxToolCalls || resultBytes >= options.MaxTotalResultBytes || time.GetElapsedTime(started) >= options.MaxWallTime)
                {
                    request.ToolChoice = new ToolChoice { Type = "none" };
                }

                await events.DisposeAsync();
                await stream.DisposeAsync();
                var (next, failure) = await anthropic.StartAsync(request, cancellationToken);
                if (next is null)
                {
                    // Keep the disposals in finally safe: the old stream is already gone.
                    events = EmptyEvents();
                    stream = null!;
                    throw new UpstreamStreamException(failure!);
                }

                stream = next;
                events = stream.ReadAllAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
            }
        }
        finally
        {
            await events.DisposeAsync();
            if (stream is not null)
            {
                await stream.DisposeAsync();
            }
        }
    }

    private async Task<List<(ContentBlock Block, int Bytes)>> RunRoundAsync(
        List<AgentTurn.Block> calls, int callsSoFar, int bytesSoFar, TimeSpan elapsed, CancellationToken cancellationToken)
    {
        var budget = options.MaxToolCalls - callsSoFar;
        var overBudget = bytesSoFar >= options.MaxTotalResultBytes || elapsed >= options.MaxWallTime;
        var runnable = new List<ToolRound.Call>();
        var results = new (ContentBlock Block, int Bytes)[calls.Count];
        var positions = new List<int>();
        for (var i = 0; i < calls.Count; i++)
        {
            var call = calls[i];
            var id = call.Id ?? $"toolu_{i}";
            if (overBudget || runnable.Count >= budget)
            {
                results[i] = (NotRun(id, BudgetSpent), 0);
            }
            else if (call.ParsedInput() is not { } input)
            {
                results[i] = (NotRun(id, $"The arguments for {call.Name} were not a valid JSON object; call it again with valid arguments."), 0);
            }
            else
            {
                runnable.Add(new ToolRound.Call(id, call.Name ?? string.Empty, input));
                positions.Add(i);
            }
        }

        var ran = await round.RunAsync(runnable, scope, options, cancellationToken);
        for (var i = 0; i < ran.Count; i++)
        {
            results[positions[i]] = ran[i];
        }

        return [.. results];
    }

    private static ContentBlock NotRun(string id, string reason) => new()
    {
        Type = "tool_result",
        ToolUseId = id,
        Content = [ContentBlock.FromText(reason)],
        IsError = true,
    };

    private static async IAsyncEnumerator<StreamEvent> EmptyEvents()
    {
        await Task.CompletedTask;
        yield break;
    }
}
