using System.Text.Json;

using HaloClaude.Anthropic;

namespace HaloClaude.Caching;

/// <summary>Turns a cached answer back into the Anthropic events it came from, so the normal translators write it as JSON or as a stream.</summary>
public static class CachedReplay
{
    public static async IAsyncEnumerator<StreamEvent> Events(CachedAnswer answer)
    {
        await Task.CompletedTask;
        yield return new StreamEvent
        {
            Type = "message_start",
            Message = new MessagesResponse
            {
                Id = answer.MessageId,
                Type = "message",
                Role = "assistant",
                Model = answer.Model,
                Content = [],
                Usage = new Usage { InputTokens = answer.InputTokens, OutputTokens = 1, CacheReadInputTokens = answer.CacheReadTokens, CacheCreationInputTokens = answer.CacheCreationTokens },
            },
        };

        for (var index = 0; index < answer.Blocks.Count; index++)
        {
            var block = answer.Blocks[index];
            if (block.Name is null)
            {
                yield return new StreamEvent { Type = "content_block_start", Index = index, ContentBlock = ContentBlock.FromText(string.Empty) };
                yield return new StreamEvent { Type = "content_block_delta", Index = index, Delta = new StreamDelta { Type = "text_delta", Text = block.Text } };
            }
            else
            {
                yield return new StreamEvent { Type = "content_block_start", Index = index, ContentBlock = new ContentBlock { Type = "tool_use", Id = block.Id, Name = block.Name, Input = EmptyObject } };
                yield return new StreamEvent { Type = "content_block_delta", Index = index, Delta = new StreamDelta { Type = "input_json_delta", PartialJson = block.Input } };
            }

            yield return new StreamEvent { Type = "content_block_stop", Index = index };
        }

        yield return new StreamEvent
        {
            Type = "message_delta",
            Delta = new StreamDelta { StopReason = answer.StopReason },
            Usage = new Usage { InputTokens = answer.InputTokens, OutputTokens = answer.OutputTokens, CacheReadInputTokens = answer.CacheReadTokens, CacheCreationInputTokens = answer.CacheCreationTokens },
        };
        yield return new StreamEvent { Type = "message_stop" };
    }

    private static JsonElement EmptyObject { get; } = JsonDocument.Parse("{}").RootElement.Clone();
}
