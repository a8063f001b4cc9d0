using System.Text;

using HaloClaude.Anthropic;

namespace HaloClaude.Caching;

/// <summary>Watches the events an answer is made of and, when they ended with <c>message_stop</c>, yields the answer to cache.</summary>
public sealed class AnswerRecorder
{
    private readonly CachedAnswer _answer = new();
    private readonly Dictionary<int, (CachedBlock Block, StringBuilder Buffer)> _blocks = [];
    private bool _complete;

    public void Observe(StreamEvent item)
    {
        switch (item.Type)
        {
            case "message_start" when item.Message is { } message:
                _answer.MessageId = message.Id;
                _answer.Model = message.Model;
                Usage(message.Usage);
                break;
            case "content_block_start" when item.ContentBlock is { } block:
                var cached = block.Type switch
                {
                    "text" => new CachedBlock(),
                    "tool_use" => new CachedBlock { Id = block.Id, Name = block.Name },
                    _ => null,
                };
                if (cached is not null)
                {
                    _blocks[item.Index ?? -1] = (cached, new StringBuilder(block.Type == "text" ? block.Text : null));
                    _answer.Blocks.Add(cached);
                }

                break;
            case "content_block_delta" when item.Delta is { } delta && _blocks.TryGetValue(item.Index ?? -1, out var open):
                open.Buffer.Append(delta.Type switch { "text_delta" => delta.Text, "input_json_delta" => delta.PartialJson, _ => null });
                break;
            case "message_delta":
                _answer.StopReason = item.Delta?.StopReason ?? _answer.StopReason;
                Usage(item.Usage);
                break;
            case "message_stop":
                _complete = true;
                break;
        }
    }

    /// <summary>The answer, or null when the stream did not end normally (never cache an incomplete answer).</summary>
    public CachedAnswer? Complete()
    {
        if (!_complete)
        {
            return null;
        }

        foreach (var (block, buffer) in _blocks.Values)
        {
            if (block.Name is null)
            {
                block.Text = buffer.ToString();
            }
            else
            {
                block.Input = buffer.ToString();
            }
        }

        return _answer;
    }

    private void Usage(Usage? usage)
    {
        if (usage is null)
        {
            return;
        }

        _answer.InputTokens = usage.InputTokens ?? _answer.InputTokens;
        _answer.OutputTokens = usage.OutputTokens ?? _answer.OutputTokens;
        _answer.CacheReadTokens = usage.CacheReadInputTokens ?? _answer.CacheReadTokens;
        _answer.CacheCreationTokens = usage.CacheCreationInputTokens ?? _answer.CacheCreationTokens;
    }
}
