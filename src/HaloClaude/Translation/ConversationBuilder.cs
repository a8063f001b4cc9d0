using System.Text;
using System.Text.Json;

using HaloClaude.Anthropic;
using HaloClaude.OpenAi;

namespace HaloClaude.Translation;

/// <summary>The translated conversation: system blocks, Anthropic messages, and the tool names its history uses.</summary>
public sealed record Conversation(List<ContentBlock>? System, List<Message> Messages, HashSet<string> HistoryToolNames);

/// <summary>Turns OpenAI messages into a conversation Anthropic accepts, whatever Halo sends.</summary>
/// <remarks>
/// The rewrite, in order (translation-mapping §3; the README's "What the proxy does to a request" lists it for admins):
/// 1. system and developer messages are hoisted into <c>system</c>, in order; empty ones are skipped;
/// 2. empty and whitespace-only text is dropped, and a message left with nothing is dropped;
/// 3. neighbouring messages of the same side (user/tool/function are the user side) are merged;
/// 4. after an assistant turn with tool calls, the next user turn opens with one tool_result per call, in call order;
///    a call the client never answered gets an error result, and a result that answers no call becomes plain text;
/// 5. an assistant turn at the start or the end is never sent as such: its text is quoted inside the neighbouring
///    user turn as context (Claude 4.6+ rejects prefill and older models answer it with nothing);
/// 6. a conversation left with only system text sends that text as the user turn.
/// </remarks>
public static class ConversationBuilder
{
    internal const string UnansweredToolCall = "No result was provided for this tool call; it was not executed.";

    public static Conversation Build(List<ChatMessage> messages, ToolNameMap toolNames)
    {
        List<ContentBlock>? system = null;
        var turns = new List<Turn>(messages.Count);
        var historyToolNames = new HashSet<string>(StringComparer.Ordinal);
        var lastFunctionCallIds = new Dictionary<string, string>(StringComparer.Ordinal);

        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i] ?? throw new InvalidRequestException("A message must be an object.", $"messages[{i}]");
            var param = $"messages[{i}]";
            var blocks = new List<ContentBlock>();
            bool assistantSide;
            switch (message.Role)
            {
                case "system" or "developer":
                    ContentTranslator.AppendText(message.Content, $"{param}.content", blocks);
                    if (blocks.Count > 0)
                    {
                        (system ??= []).AddRange(blocks);
                    }

                    continue;
                case "user":
                    ContentTranslator.AppendUserContent(message.Content, $"{param}.content", blocks);
                    assistantSide = false;
                    break;
                case "assistant":
                    ContentTranslator.AppendText(message.Content, $"{param}.content", blocks);
                    AppendToolCalls(message, param, i, blocks, toolNames, historyToolNames, lastFunctionCallIds);
                    assistantSide = true;
                    break;
                case "tool":
                    blocks.Add(ToolResult(
                        message.ToolCallId ?? throw new InvalidRequestException("A tool message needs a tool_call_id.", $"{param}.tool_call_id"),
                        message.Content, $"{param}.content"));
                    assistantSide = false;
                    break;
                case "function":
                    var name = message.Name ?? throw new InvalidRequestException("A function message needs a name.", $"{param}.name");
                    blocks.Add(ToolResult(lastFunctionCallIds.GetValueOrDefault(name, $"fn_{name}"), message.Content, $"{param}.content"));
                    assistantSide = false;
                    break;
                case null:
                    throw new InvalidRequestException("Each message needs a role.", $"{param}.role");
                default:
                    throw new InvalidRequestException(
                        $"'{message.Role}' is not a valid role. Valid roles: system, developer, user, assistant, tool, function.", $"{param}.role");
            }

            if (blocks.Count == 0)
            {
                continue;
            }

            if (turns.Count > 0 && turns[^1].Assistant == assistantSide)
            {
                turns[^1].Blocks.AddRange(blocks);
            }
            else
            {
                turns.Add(new Turn(assistantSide, blocks));
            }
        }

        var result = PairToolCalls(turns);
        QuoteEdgeAssistantTurns(result);
        if (result.Count == 0)
        {
            if (system is null)
            {
                throw new InvalidRequestException("The conversation has no non-empty message.", "messages");
            }

            // Anthropic needs a user turn: the instructions become it.
            result.Add(new Message { Role = "user", Content = system });
            system = null;
        }

        return new Conversation(system, result, historyToolNames);
    }

    private static void AppendToolCalls(
        ChatMessage message, string param, int messageIndex, List<ContentBlock> blocks, ToolNameMap toolNames,
        HashSet<string> historyToolNames, Dictionary<string, string> lastFunctionCallIds)
    {
        if (message.ToolCalls is { } calls)
        {
            for (var j = 0; j < calls.Count; j++)
            {
                var call = calls[j];
                var name = call?.Function?.Name;
                if (string.IsNullOrEmpty(name))
                {
                    throw new InvalidRequestException("A tool call needs function.name.", $"{param}.tool_calls[{j}].function.name");
                }

                if (call!.Type is not null and not "function")
                {
                    throw new InvalidRequestException($"Tool call type '{call.Type}' is not supported; only 'function'.", $"{param}.tool_calls[{j}].type");
                }

                historyToolNames.Add(name);
                blocks.Add(ToolUse(call.Id ?? $"call_{messageIndex}_{j}", toolNames.ToUpstream(name), call.Function!.Arguments));
            }
        }

        if (message.FunctionCall is { Name: { Length: > 0 } functionName } functionCall)
        {
            var id = $"fn_{messageIndex}";
            lastFunctionCallIds[functionName] = id;
            historyToolNames.Add(functionName);
            blocks.Add(ToolUse(id, toolNames.ToUpstream(functionName), functionCall.Arguments));
        }
    }

    private static ContentBlock ToolUse(string id, string name, string? arguments) => new()
    {
        Type = "tool_use",
        Id = ToolIds.Sanitize(id),
        Name = name,
        Input = ParseArguments(arguments),
    };

    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement;

    /// <summary>Arguments are a JSON string in OpenAI and an object in Anthropic. Empty, invalid or non-object
    /// arguments (a turn cut off by max_tokens) become <c>{}</c> rather than failing the whole conversation.</summary>
    private static JsonElement ParseArguments(string? arguments)
    {
        if (string.IsNullOrWhiteSpace(arguments))
        {
            return EmptyObject;
        }

        try
        {
            using var document = JsonDocument.Parse(arguments, new JsonDocumentOptions { MaxDepth = 64 });
            return document.RootElement.ValueKind == JsonValueKind.Object ? document.RootElement.Clone() : EmptyObject;
        }
        catch (JsonException)
        {
            return EmptyObject;
        }
    }

    private static ContentBlock ToolResult(string toolCallId, JsonElement? content, string param)
    {
        var blocks = new List<ContentBlock>();
        ContentTranslator.AppendText(content, param, blocks, allowImages: true);
        return new ContentBlock
        {
            Type = "tool_result",
            ToolUseId = ToolIds.Sanitize(toolCallId),
            // An empty result omits content: an empty text block would be rejected.
            Content = blocks.Count > 0 ? blocks : null,
        };
    }

    private static List<Message> PairToolCalls(List<Turn> turns)
    {
        var messages = new List<Message>(turns.Count + 1);
        var seenToolUseIds = new HashSet<string>(StringComparer.Ordinal);
        List<string>? pending = null;
        foreach (var turn in turns)
        {
            if (turn.Assistant)
            {
                // Tool use ids must be unique across the conversation: a repeated call is dropped.
                turn.Blocks.RemoveAll(b => b.Type == "tool_use" && !seenToolUseIds.Add(b.Id!));
                pending = turn.Blocks.Where(b => b.Type == "tool_use").Select(b => b.Id!).ToList();
                if (turn.Blocks.Count > 0)
                {
                    messages.Add(new Message { Role = "assistant", Content = turn.Blocks });
                }

                continue;
            }

            var ordered = new List<ContentBlock>(turn.Blocks.Count + (pending?.Count ?? 0));
            var results = turn.Blocks.Where(b => b.Type == "tool_result").ToList();
            if (pending is { Count: > 0 })
            {
                foreach (var id in pending)
                {
                    var index = results.FindIndex(r => r.ToolUseId == id);
                    if (index >= 0)
                    {
                        ordered.Add(results[index]);
                        results.RemoveAt(index);
                    }
                    else
                    {
                        ordered.Add(new ContentBlock { Type = "tool_result", ToolUseId = id, IsError = true, Content = [ContentBlock.FromText(UnansweredToolCall)] });
                    }
                }
            }

            foreach (var block in turn.Blocks)
            {
                if (block.Type != "tool_result")
                {
                    ordered.Add(block);
                }
                else if (results.Contains(block))
                {
                    ordered.Add(ContentBlock.FromText(OrphanResultText(block)));
                }
            }

            pending = null;
            if (messages.Count > 0 && messages[^1].Role == "user")
            {
                // The assistant turn between them vanished (only repeated tool calls): the user turns are one turn again.
                messages[^1].Content.AddRange(ordered);
            }
            else
            {
                messages.Add(new Message { Role = "user", Content = ordered });
            }
        }

        if (pending is { Count: > 0 })
        {
            // The conversation ends with tool calls nobody answered: those calls cannot be continued, only their text.
            var last = messages[^1];
            last.Content.RemoveAll(b => b.Type == "tool_use");
            if (last.Content.Count == 0)
            {
                messages.RemoveAt(messages.Count - 1);
            }
        }

        return messages;
    }

    private static string OrphanResultText(ContentBlock result)
    {
        var text = new StringBuilder("Result of tool call ").Append(result.ToolUseId).Append(':');
        foreach (var block in result.Content ?? [])
        {
            if (block.Text is not null)
            {
                text.Append('\n').Append(block.Text);
            }
        }

        return text.ToString();
    }

    private static void QuoteEdgeAssistantTurns(List<Message> messages)
    {
        if (messages.Count > 0 && messages[^1].Role == "assistant")
        {
            var quote = Quote(messages[^1], "The conversation ended with this assistant message. It is context, not a reply to continue:");
            messages.RemoveAt(messages.Count - 1);
            if (quote is not null)
            {
                if (messages.Count > 0)
                {
                    messages[^1].Content.Add(quote);
                }
                else
                {
                    messages.Add(new Message { Role = "user", Content = [quote] });
                }
            }
        }

        if (messages.Count > 0 && messages[0].Role == "assistant")
        {
            // Anthropic's conversations open with a user turn: an opening assistant message (a greeting) is quoted instead.
            var quote = Quote(messages[0], "The conversation opened with this assistant message:");
            var hadToolUse = messages[0].Content.Any(b => b.Type == "tool_use");
            messages.RemoveAt(0);
            if (messages.Count > 0 && hadToolUse)
            {
                // Its tool calls are gone, so results answering them become text.
                var first = messages[0].Content;
                for (var i = 0; i < first.Count; i++)
                {
                    if (first[i].Type == "tool_result")
                    {
                        first[i] = ContentBlock.FromText(OrphanResultText(first[i]));
                    }
                }
            }

            if (quote is not null)
            {
                if (messages.Count > 0)
                {
                    messages[0].Content.Insert(0, quote);
                }
                else
                {
                    messages.Add(new Message { Role = "user", Content = [quote] });
                }
            }
        }
    }

    private static ContentBlock? Quote(Message assistant, string preamble)
    {
        var text = string.Join("\n", assistant.Content.Where(b => b.Type == "text").Select(b => b.Text));
        return string.IsNullOrWhiteSpace(text)
            ? null
            : ContentBlock.FromText($"{preamble}\n<assistant_message>\n{text.TrimEnd()}\n</assistant_message>");
    }

    private sealed record Turn(bool Assistant, List<ContentBlock> Blocks);
}
