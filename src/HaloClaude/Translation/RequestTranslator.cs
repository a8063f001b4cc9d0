using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

using HaloClaude.Anthropic;
using HaloClaude.Configuration;
using HaloClaude.OpenAi;

namespace HaloClaude.Translation;

/// <summary>Azure OpenAI chat request → Anthropic Messages request for one model (mapping §2–§4, §9).</summary>
public static class RequestTranslator
{
    internal const string JsonObjectInstruction =
        "Reply with a single valid JSON object and nothing else: no prose before or after it, no Markdown code fences.";

    public static TranslatedRequest Translate(ChatCompletionRequest request, string model, RequestLimitOptions limits)
    {
        var capabilities = ModelCapabilities.For(model);
        var messages = request.Messages;
        if (messages is null)
        {
            throw new InvalidRequestException("'messages' is required.", "messages");
        }

        if (messages.Count == 0)
        {
            throw new InvalidRequestException("'messages' must contain at least one message.", "messages");
        }

        if (messages.Count > limits.MaxMessages)
        {
            throw new InvalidRequestException($"Too many messages: {messages.Count} > {limits.MaxMessages}.", "messages");
        }

        if (request.N is { } n && n != 1)
        {
            throw new InvalidRequestException("'n' must be 1: Claude returns a single choice.", "n");
        }

        if (request.DataSources is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) })
        {
            throw new InvalidRequestException("'data_sources' (Azure On Your Data) is not supported by this Claude deployment.", "data_sources");
        }

        var names = new ToolNameMap();
        ToolTranslator.ReserveValidNames(request, names);
        var conversation = ConversationBuilder.Build(messages, names);
        var (thinking, effort, thinkingOn) = Reasoning(request.ReasoningEffort, capabilities);
        if (thinking is not null && LastAssistantTurnUsesTools(conversation.Messages))
        {
            // COMPAT: while thinking is on, Anthropic wants the assistant turn of an open tool loop to start with the thinking
            // block it produced; OpenAI history cannot carry that block, so this continuation is answered without thinking.
            (thinking, thinkingOn) = (null, false);
        }

        var explicitMaxTokens = MaxTokens(request, limits);
        var maxTokens = explicitMaxTokens ?? (thinkingOn ? limits.DefaultMaxTokensWhenThinking : limits.DefaultMaxTokens);
        if (thinking?.Type == "enabled" && explicitMaxTokens is null)
        {
            // Budget thinking counts against max_tokens: the default answer room comes on top of the budget.
            maxTokens += thinking.BudgetTokens!.Value;
        }

        maxTokens = Math.Min(maxTokens, capabilities.MaxOutputTokens);
        if (thinking?.BudgetTokens >= maxTokens)
        {
            // Anthropic needs budget_tokens < max_tokens; a caller's small max_tokens wins over thinking.
            (thinking, thinkingOn) = (null, false);
        }

        var tools = ToolTranslator.Translate(request, capabilities, thinkingOn, names, conversation.HistoryToolNames);
        var upstream = new MessagesRequest
        {
            Model = model,
            MaxTokens = (int)maxTokens,
            System = conversation.System,
            Messages = conversation.Messages,
            StopSequences = StopSequences(request.Stop),
            Tools = tools.Tools,
            ToolChoice = tools.Choice,
            Thinking = thinking,
            Metadata = string.IsNullOrEmpty(request.User) ? null : new RequestMetadata { UserId = Hash(request.User) },
        };
        ApplySampling(request, capabilities, thinkingOn, upstream);
        if (effort is not null)
        {
            (upstream.OutputConfig ??= new OutputConfig()).Effort = effort;
        }

        var jsonMode = ApplyResponseFormat(request.ResponseFormat, capabilities, upstream);
        if (tools.SystemHint is not null)
        {
            (upstream.System ??= []).Add(ContentBlock.FromText(tools.SystemHint));
        }

        var shape = new ResponseShape(
            request.Stream == true,
            request.Stream == true && request.StreamOptions?.IncludeUsage == true,
            tools.LegacyFunctions,
            jsonMode,
            names);
        return new TranslatedRequest(upstream, shape);
    }

    private static bool LastAssistantTurnUsesTools(List<Message> messages)
    {
        for (var i = messages.Count - 1; i >= 0; i--)
        {
            if (messages[i].Role == "assistant")
            {
                return messages[i].Content.Exists(b => b.Type == "tool_use");
            }
        }

        return false;
    }

    private static long? MaxTokens(ChatCompletionRequest request, RequestLimitOptions limits)
    {
        // max_completion_tokens is the newer name and wins when both are sent.
        var (value, param) = request.MaxCompletionTokens is { } completion
            ? (completion, "max_completion_tokens")
            : (request.MaxTokens ?? 0, "max_tokens");
        if (request.MaxCompletionTokens is null && request.MaxTokens is null)
        {
            return null;
        }

        if (value <= 0)
        {
            throw new InvalidRequestException($"'{param}' must be a positive integer.", param);
        }

        return Math.Min(value, limits.MaxTokensCeiling);
    }

    private static (ThinkingConfig? Thinking, string? Effort, bool ThinkingOn) Reasoning(string? reasoningEffort, ModelCapabilities model)
    {
        string? effort = reasoningEffort switch
        {
            null => null,
            "none" => "none",
            "minimal" or "low" => "low",
            "medium" => "medium",
            "high" => "high",
            "xhigh" => model.XHighEffort ? "xhigh" : "high",
            "max" => model.MaxEffort ? "max" : "high",
            _ => throw new InvalidRequestException(
                $"'{reasoningEffort}' is not a valid reasoning_effort. Use none, minimal, low, medium, high, xhigh or max.", "reasoning_effort"),
        };

        switch (model.Thinking)
        {
            case ThinkingMode.Budget:
                if (effort is null or "none")
                {
                    return (null, null, false);
                }

                if (model.Effort)
                {
                    return (null, effort, false);
                }

                var budget = effort switch { "low" => 1024, "medium" => 4096, _ => 16384 };
                return (new ThinkingConfig { Type = "enabled", BudgetTokens = budget }, null, true);
            case ThinkingMode.AdaptiveOptional:
                return effort is null or "none"
                    ? (null, null, false)
                    : (new ThinkingConfig { Type = "adaptive" }, effort, true);
            default:
                // COMPAT: these models think by default and some reject disabling it; "none" asks for the least thinking.
                return (null, effort == "none" ? "low" : effort, true);
        }
    }

    private static void ApplySampling(ChatCompletionRequest request, ModelCapabilities model, bool thinkingOn, MessagesRequest upstream)
    {
        var temperature = request.Temperature;
        var topP = request.TopP;
        if (temperature is < 0 or > 2)
        {
            throw new InvalidRequestException("'temperature' must be between 0 and 2.", "temperature");
        }

        if (topP is < 0 or > 1)
        {
            throw new InvalidRequestException("'top_p' must be between 0 and 1.", "top_p");
        }

        // COMPAT: OpenAI's range is 0–2, Anthropic's 0–1; values above 1 are capped as Anthropic's own compatibility layer does.
        temperature = temperature > 1 ? 1 : temperature;
        // top_p = 1 means "no nucleus sampling" and would only trip the one-of rule.
        topP = topP == 1 ? null : topP;

        if (model.Sampling == SamplingSupport.None)
        {
            return; // COMPAT: these models reject any non-default sampling value; dropping it is what Azure callers expect to still work.
        }

        if (thinkingOn)
        {
            temperature = null;
            topP = topP >= 0.95 ? topP : null;
        }

        if (model.Sampling == SamplingSupport.OneOf && temperature is not null)
        {
            topP = null;
        }

        upstream.Temperature = temperature;
        upstream.TopP = topP;
    }

    private static List<string>? StopSequences(JsonElement? stop)
    {
        if (stop is not { } element || element.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return null;
        }

        var sequences = new List<string>();
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                AddStop(JsonValues.ReadString(element, "stop"), sequences);
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.String)
                    {
                        throw new InvalidRequestException("'stop' must be a string or an array of strings.", "stop");
                    }

                    AddStop(JsonValues.ReadString(item, "stop"), sequences);
                }

                break;
            default:
                throw new InvalidRequestException("'stop' must be a string or an array of strings.", "stop");
        }

        return sequences.Count > 0 ? sequences : null;
    }

    private static void AddStop(string value, List<string> into)
    {
        // Anthropic rejects empty and whitespace-only stop sequences.
        if (!string.IsNullOrWhiteSpace(value) && !into.Contains(value))
        {
            into.Add(value);
        }
    }

    private static bool ApplyResponseFormat(ResponseFormat? format, ModelCapabilities model, MessagesRequest upstream)
    {
        switch (format?.Type)
        {
            case null or "text":
                return false;
            case "json_object":
                (upstream.System ??= []).Add(ContentBlock.FromText(JsonObjectInstruction));
                return true;
            case "json_schema":
                const string param = "response_format.json_schema.schema";
                if (format.JsonSchema?.Schema is not { ValueKind: JsonValueKind.Object } schema)
                {
                    throw new InvalidRequestException("response_format json_schema needs json_schema.schema (an object).", param);
                }

                if (model.StructuredOutputs && JsonSchemaSanitizer.Sanitize(schema, param) is { } sanitized)
                {
                    (upstream.OutputConfig ??= new OutputConfig()).Format = new OutputFormat { Schema = sanitized };
                }
                else
                {
                    if (!model.StructuredOutputs)
                    {
                        JsonValues.EnsureText(schema, param); // the sanitizer checks it otherwise
                    }

                    // COMPAT: older models, and schemas structured outputs cannot take (recursive, external $ref), get the
                    // schema as an instruction: JSON as asked, but not guaranteed to match it.
                    (upstream.System ??= []).Add(ContentBlock.FromText(
                        $"{JsonObjectInstruction} The object must match this JSON Schema:\n{schema.GetRawText()}"));
                }

                return true;
            default:
                throw new InvalidRequestException($"'{format.Type}' is not a valid response_format type. Use text, json_object or json_schema.", "response_format.type");
        }
    }

    /// <summary>Anthropic rejects personal data in <c>metadata.user_id</c>; an opaque hash still groups a user's requests.</summary>
    private static string Hash(string user) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(user)));
}
