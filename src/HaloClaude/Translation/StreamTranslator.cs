using HaloClaude.Anthropic;
using HaloClaude.OpenAi;

namespace HaloClaude.Translation;

/// <summary>Turns Anthropic stream events into <c>chat.completion.chunk</c>s, one event at a time (mapping §6.2).</summary>
/// <remarks>Tool calls are numbered by their own count, not by Anthropic's content-block index; id, type and name
/// appear only on a call's first chunk; a call that received no argument text ends with <c>"{}"</c>; in JSON mode a
/// Markdown code fence around the answer is removed as it streams.</remarks>
public sealed class StreamTranslator(ResponseShape shape, long created)
{
    private readonly Dictionary<int, ToolState> _toolByBlock = [];
    private readonly ResponseMapping.UsageTracker _usage = new();
    private readonly StreamedFenceStripper? _fence = shape.JsonMode ? new StreamedFenceStripper() : null;
    private string _id = ResponseMapping.CompletionId(null);
    private string _model = string.Empty;
    private string? _stopReason;
    private int _toolCount;
    private ChatCompletionChunk? _textChunk;
    private ChunkDelta? _textDelta;

    /// <summary>The chunk for one event, or null when the event shows nothing to an OpenAI client.</summary>
    /// <remarks>Write the chunk before the next call: text chunks are one object per stream whose content each call
    /// replaces, since a long answer is hundreds of them.</remarks>
    public ChatCompletionChunk? Translate(StreamEvent item)
    {
        switch (item.Type)
        {
            case "message_start":
                _id = ResponseMapping.CompletionId(item.Message?.Id);
                _model = item.Message?.Model ?? _model;
                _usage.Update(item.Message?.Usage);
                _textChunk = null; // it carries the id and model
                return Chunk(new ChunkDelta { Role = "assistant", Content = string.Empty });
            case "content_block_start" when item.ContentBlock is { } block:
                if (block.Type == "text" && !string.IsNullOrEmpty(block.Text))
                {
                    return Text(block.Text);
                }

                if (block.Type == "tool_use")
                {
                    var state = new ToolState(_toolCount++);
                    ShowedContent = true;
                    _toolByBlock[item.Index ?? -1] = state;
                    var name = shape.ToolNames.ToClient(block.Name ?? string.Empty);
                    if (shape.LegacyFunctions)
                    {
                        return state.Index == 0 ? Chunk(new ChunkDelta { Role = null, FunctionCall = new ResponseFunctionCall { Name = name, Arguments = string.Empty } }) : null;
                    }

                    return Chunk(new ChunkDelta
                    {
                        ToolCalls = [new ResponseToolCall { Index = state.Index, Id = block.Id, Type = "function", Function = new ResponseFunctionCall { Name = name, Arguments = string.Empty } }],
                    });
                }

                return null;
            case "content_block_delta" when item.Delta is { } delta:
                if (delta.Type == "text_delta")
                {
                    return string.IsNullOrEmpty(delta.Text) ? null : Text(delta.Text);
                }

                if (delta.Type == "input_json_delta" && !string.IsNullOrEmpty(delta.PartialJson) && _toolByBlock.TryGetValue(item.Index ?? -1, out var tool))
                {
                    tool.HasArguments = true;
                    return Arguments(tool, delta.PartialJson);
                }

                return null; // thinking, signature and citation deltas are never shown
            case "content_block_stop" when _toolByBlock.TryGetValue(item.Index ?? -1, out var finished) && !finished.HasArguments:
                // A tool without parameters would otherwise end with arguments "", which clients cannot parse.
                finished.HasArguments = true;
                return Arguments(finished, "{}");
            case "message_delta":
                _stopReason = item.Delta?.StopReason ?? _stopReason;
                _usage.Update(item.Usage);
                // The text is complete: what JSON mode held back as a possible closing fence goes out now.
                return _fence?.Finish() is { Length: > 0 } rest ? Text(rest) : null;
            case "message_stop":
                return new ChatCompletionChunk
                {
                    Id = _id,
                    Created = created,
                    Model = _model,
                    Choices = [new ChunkChoice { Delta = new ChunkDelta(), FinishReason = ResponseMapping.FinishReason(_stopReason, _toolCount > 0, shape.LegacyFunctions) }],
                };
            default:
                return null;
        }
    }

    /// <summary>The trailing usage chunk (<c>choices: []</c>) sent when the caller set <c>stream_options.include_usage</c>.</summary>
    public ChatCompletionChunk UsageChunk() => new()
    {
        Id = _id,
        Created = created,
        Model = _model,
        Choices = [],
        Usage = _usage.ToChatUsage(),
    };

    /// <summary>The chunk that closes the choice of a stream that failed after it started; the error event follows it.</summary>
    /// <remarks>COMPAT: neither "error" as a finish_reason nor a choice without <c>delta</c> is OpenAI's format; both are
    /// there for Azure.AI.OpenAI 1.0.0-beta.6. That client hangs forever when anything but a well-formed chunk arrives
    /// while a choice is still open (an error event, a cut, bad JSON), and a failure of its background reader reaches the
    /// application only by a race. A finished choice lets it end; the missing delta makes its message enumerator throw
    /// right there, after the text already shown, so the application always sees the failure (the error event is built
    /// so that the reader does not fail first: see <c>StreamErrorEvent</c>). The 2.x SDKs reject the unknown
    /// finish_reason, which is the failure they should report anyway.</remarks>
    public ChatCompletionChunk FailureChunk() => new()
    {
        Id = _id,
        Created = created,
        Model = _model,
        Choices = [new ChunkChoice { FinishReason = FailedFinishReason }],
    };

    /// <summary>The finish_reason of <see cref="FailureChunk"/>.</summary>
    public const string FailedFinishReason = "error";

    /// <summary>Usage so far (for logs and metrics).</summary>
    public ChatUsage Usage => _usage.ToChatUsage();

    /// <summary>Claude's stop reason, once <c>message_delta</c> has said it.</summary>
    public string? StopReason => _stopReason;

    /// <summary>Whether the stream has shown any text or tool call yet.</summary>
    public bool ShowedContent { get; private set; }

    private ChatCompletionChunk? Text(string text)
    {
        var shown = _fence is null ? text : _fence.Push(text);
        if (shown.Length == 0)
        {
            return null;
        }

        ShowedContent = true;
        if (_textChunk is null)
        {
            _textDelta = new ChunkDelta();
            _textChunk = Chunk(_textDelta);
        }

        _textDelta!.Content = shown;
        return _textChunk;
    }

    private ChatCompletionChunk? Arguments(ToolState tool, string fragment)
    {
        if (shape.LegacyFunctions)
        {
            return tool.Index == 0 ? Chunk(new ChunkDelta { FunctionCall = new ResponseFunctionCall { Arguments = fragment } }) : null;
        }

        return Chunk(new ChunkDelta { ToolCalls = [new ResponseToolCall { Index = tool.Index, Function = new ResponseFunctionCall { Arguments = fragment } }] });
    }

    private ChatCompletionChunk Chunk(ChunkDelta delta) => new()
    {
        Id = _id,
        Created = created,
        Model = _model,
        Choices = [new ChunkChoice { Delta = delta }],
    };

    private sealed class ToolState(int index)
    {
        public int Index { get; } = index;
        public bool HasArguments { get; set; }
    }
}
