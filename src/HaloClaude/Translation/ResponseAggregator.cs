using System.Runtime.InteropServices;
using System.Text;

using HaloClaude.Anthropic;
using HaloClaude.OpenAi;

namespace HaloClaude.Translation;

/// <summary>Folds a streamed Anthropic answer into one <c>chat.completion</c> (mapping §5).</summary>
public sealed class ResponseAggregator(ResponseShape shape, long created)
{
    // The parsed delta strings themselves, joined once at the end: a StringBuilder would copy the answer twice.
    private readonly List<string?> _text = [];
    private readonly List<(string Id, string Name, StringBuilder Arguments)> _toolCalls = [];
    private readonly Dictionary<int, int> _toolByBlock = [];
    private readonly ResponseMapping.UsageTracker _usage = new();
    private string? _messageId;
    private string? _model;
    private string? _stopReason;

    /// <summary>Claude's stop reason, once <c>message_delta</c> has said it.</summary>
    public string? StopReason => _stopReason;

    /// <summary>Whether the answer has any text or tool call.</summary>
    public bool HasContent => _text.Exists(t => !string.IsNullOrEmpty(t)) || _toolCalls.Count > 0;

    public void Add(StreamEvent item)
    {
        switch (item.Type)
        {
            case "message_start":
                _messageId = item.Message?.Id;
                _model = item.Message?.Model;
                _usage.Update(item.Message?.Usage);
                break;
            case "content_block_start" when item.ContentBlock is { } block:
                if (block.Type == "text")
                {
                    _text.Add(block.Text);
                }
                else if (block.Type == "tool_use")
                {
                    _toolByBlock[item.Index ?? -1] = _toolCalls.Count;
                    _toolCalls.Add((block.Id ?? $"toolu_{_toolCalls.Count}", shape.ToolNames.ToClient(block.Name ?? string.Empty), new StringBuilder()));
                }

                break;
            case "content_block_delta" when item.Delta is { } delta:
                if (delta.Type == "text_delta")
                {
                    _text.Add(delta.Text);
                }
                else if (delta.Type == "input_json_delta" && _toolByBlock.TryGetValue(item.Index ?? -1, out var tool))
                {
                    _toolCalls[tool].Arguments.Append(delta.PartialJson);
                }

                break;
            case "message_delta":
                _stopReason = item.Delta?.StopReason ?? _stopReason;
                _usage.Update(item.Usage);
                break;
        }
    }

    public ChatCompletion Build()
    {
        var text = string.Concat(CollectionsMarshal.AsSpan(_text));
        if (shape.JsonMode)
        {
            text = ResponseMapping.StripCodeFence(text);
        }

        List<ResponseToolCall>? toolCalls = null;
        ResponseFunctionCall? functionCall = null;
        if (_toolCalls.Count > 0)
        {
            if (shape.LegacyFunctions)
            {
                var first = _toolCalls[0];
                functionCall = new ResponseFunctionCall { Name = first.Name, Arguments = Arguments(first.Arguments) };
            }
            else
            {
                toolCalls = _toolCalls.ConvertAll(call => new ResponseToolCall
                {
                    Id = call.Id,
                    Type = "function",
                    Function = new ResponseFunctionCall { Name = call.Name, Arguments = Arguments(call.Arguments) },
                });
            }
        }

        return new ChatCompletion
        {
            Id = ResponseMapping.CompletionId(_messageId),
            Created = created,
            Model = _model ?? string.Empty,
            Choices =
            [
                new ChatChoice
                {
                    Message = new ResponseMessage
                    {
                        // OpenAI convention: no text and tool calls → null; no text and no tool calls → "".
                        Content = text.Length == 0 && _toolCalls.Count > 0 ? null : text,
                        ToolCalls = toolCalls,
                        FunctionCall = functionCall,
                    },
                    FinishReason = ResponseMapping.FinishReason(_stopReason, _toolCalls.Count > 0, shape.LegacyFunctions),
                },
            ],
            Usage = _usage.ToChatUsage(),
        };
    }

    private static string Arguments(StringBuilder arguments) => arguments.Length == 0 ? "{}" : arguments.ToString();
}
