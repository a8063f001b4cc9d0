using System.Text;
using System.Text.Json;

using HaloClaude.Anthropic;
using HaloClaude.Translation;

namespace HaloClaude.Agent;

/// <summary>
/// One model turn inside the tool loop: decides which of its events the caller sees, and remembers the turn so it
/// can be sent back to Claude with the tool results.
/// </summary>
/// <remarks>
/// Server tool calls are never shown. Text is held back until it is longer than a short narration ("let me look
/// that up") or the turn ends without server calls; a turn that calls server tools drops its held narration.
/// Block indices are renumbered so the caller sees one message across all turns.
/// </remarks>
internal sealed class AgentTurn(ISet<string> callerTools, bool holdNarration, int holdChars, Func<int> nextIndex)
{
    private readonly SortedDictionary<int, Block> _blocks = [];
    private readonly List<StreamEvent> _held = [];
    private bool _holding = holdNarration;
    private int _heldChars;

    public ResponseMapping.UsageTracker Usage { get; } = new();

    public string? StopReason { get; private set; }

    public bool HasCallerToolCall { get; private set; }

    public IEnumerable<Block> ServerCalls => _blocks.Values.Where(b => b.Kind == BlockKind.ServerTool);

    /// <summary>The events the caller should see now for one upstream event (often none).</summary>
    public IEnumerable<StreamEvent> Handle(StreamEvent item)
    {
        switch (item.Type)
        {
            case "message_start":
                Usage.Update(item.Message?.Usage);
                return [];
            case "content_block_start" when item.ContentBlock is { } start:
                return Start(item, start);
            case "content_block_delta" when item.Delta is { } delta && _blocks.TryGetValue(item.Index ?? -1, out var block):
                return Delta(item, delta, block);
            case "content_block_stop" when _blocks.TryGetValue(item.Index ?? -1, out var stopped):
                return stopped.OutIndex is { } index ? Show(item, index) : [];
            case "message_delta":
                StopReason = item.Delta?.StopReason ?? StopReason;
                Usage.Update(item.Usage);
                return [];
            default:
                return [];
        }
    }

    /// <summary>What was held back, once the turn turned out to be the answer.</summary>
    public List<StreamEvent> Release()
    {
        _holding = false;
        var held = new List<StreamEvent>(_held);
        _held.Clear();
        return held;
    }

    /// <summary>The turn as an assistant message for the next request: thinking, text and tool calls, in order.</summary>
    public Message ToAssistantMessage()
    {
        var content = new List<ContentBlock>();
        foreach (var block in _blocks.Values)
        {
            switch (block.Kind)
            {
                case BlockKind.Thinking:
                    content.Add(new ContentBlock { Type = "thinking", Thinking = block.Buffer.ToString(), Signature = block.Signature ?? string.Empty });
                    break;
                case BlockKind.RedactedThinking:
                    content.Add(new ContentBlock { Type = "redacted_thinking", Data = block.Data });
                    break;
                case BlockKind.Text when block.Buffer.Length > 0 && !string.IsNullOrWhiteSpace(block.Buffer.ToString()):
                    content.Add(ContentBlock.FromText(block.Buffer.ToString()));
                    break;
                case BlockKind.ServerTool:
                    content.Add(new ContentBlock { Type = "tool_use", Id = block.Id, Name = block.Name, Input = block.ParsedInput() ?? EmptyObject() });
                    break;
            }
        }

        return new Message { Role = "assistant", Content = content };
    }

    private IEnumerable<StreamEvent> Start(StreamEvent item, ContentBlock start)
    {
        var kind = start.Type switch
        {
            "text" => BlockKind.Text,
            "thinking" => BlockKind.Thinking,
            "redacted_thinking" => BlockKind.RedactedThinking,
            "tool_use" when callerTools.Contains(start.Name ?? string.Empty) => BlockKind.CallerTool,
            "tool_use" => BlockKind.ServerTool,
            _ => BlockKind.Other,
        };
        var block = new Block(kind) { Id = start.Id, Name = start.Name, Data = start.Data };
        _blocks[item.Index ?? -1] = block;
        switch (kind)
        {
            case BlockKind.Text:
                block.OutIndex = nextIndex();
                block.Buffer.Append(start.Text);
                return Show(item, block.OutIndex.Value);
            case BlockKind.ServerTool:
                // The turn calls our tools: whatever it said before is narration, not the answer.
                _held.Clear();
                return [];
            case BlockKind.CallerTool:
                HasCallerToolCall = true;
                block.OutIndex = nextIndex();
                var shown = Release();
                shown.AddRange(Show(item, block.OutIndex.Value));
                return shown;
            default:
                return [];
        }
    }

    private IEnumerable<StreamEvent> Delta(StreamEvent item, StreamDelta delta, Block block)
    {
        switch (delta.Type)
        {
            case "text_delta":
                block.Buffer.Append(delta.Text);
                _heldChars += delta.Text?.Length ?? 0;
                break;
            case "input_json_delta" when block.Kind == BlockKind.ServerTool:
                block.Buffer.Append(delta.PartialJson);
                return [];
            case "thinking_delta":
                block.Buffer.Append(delta.Thinking);
                return [];
            case "signature_delta":
                block.Signature += delta.Signature;
                return [];
        }

        if (block.OutIndex is not { } index)
        {
            return [];
        }

        var shown = Show(item, index);
        if (_holding && _heldChars > holdChars)
        {
            var released = Release();
            released.AddRange(shown);
            return released;
        }

        return shown;
    }

    private IEnumerable<StreamEvent> Show(StreamEvent item, int index)
    {
        item.Index = index;
        if (_holding)
        {
            _held.Add(item);
            return [];
        }

        return [item];
    }

    private static JsonElement EmptyObject()
    {
        using var document = JsonDocument.Parse("{}");
        return document.RootElement.Clone();
    }

    internal enum BlockKind
    {
        Text,
        Thinking,
        RedactedThinking,
        ServerTool,
        CallerTool,
        Other,
    }

    internal sealed class Block(BlockKind kind)
    {
        public BlockKind Kind { get; } = kind;
        public int? OutIndex { get; set; }
        public string? Id { get; init; }
        public string? Name { get; init; }
        public string? Data { get; init; }
        public string? Signature { get; set; }
        public StringBuilder Buffer { get; } = new();

        /// <summary>The call's input, or null when Claude's arguments are not a JSON object.</summary>
        public JsonElement? ParsedInput()
        {
            var json = Buffer.ToString();
            if (string.IsNullOrWhiteSpace(json))
            {
                return EmptyObject();
            }

            try
            {
                using var document = JsonDocument.Parse(json);
                return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : null;
            }
            catch (JsonException)
            {
                return null;
            }
        }
    }
}
