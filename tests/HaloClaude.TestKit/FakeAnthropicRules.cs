using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace HaloClaude.Tests.TestKit;

/// <summary>The fake's own copy of what the real Messages API rejects, with the real API's error texts.</summary>
/// <remarks>Written from Anthropic's documentation and reported error messages, independently of the proxy's capability table,
/// so that a wrong entry in the proxy's table shows up as a 400 here.</remarks>
public static partial class FakeAnthropicRules
{
    private sealed record Model(
        string Prefix, bool Prefill, string Sampling, int MaxOutput, bool ForcedTools, bool AdaptiveOnly, bool AlwaysThinks,
        string Thinking, string[] Efforts, bool StructuredOutputs);

    private static readonly string[] NoEffort = [];
    private static readonly string[] BasicEffort = ["low", "medium", "high"];
    private static readonly string[] MaxEffort = ["low", "medium", "high", "max"];
    private static readonly string[] AllEfforts = ["low", "medium", "high", "xhigh", "max"];

    // Sampling: "both" | "one" (temperature xor top_p) | "none" (any value rejected).
    // Thinking: "budget" (type enabled only) | "both" (enabled or adaptive) | "adaptive" (adaptive only).
    private static readonly Model[] Models =
    [
        new("claude-haiku-4-5", true, "one", 64000, true, false, false, "budget", NoEffort, true),
        new("claude-sonnet-4-5", true, "one", 64000, true, false, false, "budget", NoEffort, true),
        new("claude-opus-4-5", true, "one", 64000, true, false, false, "budget", BasicEffort, true),
        new("claude-sonnet-4-6", false, "one", 128000, true, false, false, "both", MaxEffort, true),
        new("claude-opus-4-6", false, "both", 128000, true, false, false, "both", MaxEffort, true),
        new("claude-opus-4-7", false, "none", 128000, true, true, false, "adaptive", AllEfforts, true),
        new("claude-opus-4-8", false, "none", 128000, true, true, false, "adaptive", AllEfforts, true),
        new("claude-sonnet-5", false, "none", 128000, true, true, false, "adaptive", AllEfforts, true),
        new("claude-opus-5", false, "none", 128000, true, true, false, "adaptive", AllEfforts, true),
        new("claude-sonnet-5-5", false, "none", 128000, false, true, true, "adaptive", AllEfforts, true),
        new("claude-opus-5-5", false, "none", 128000, false, true, true, "adaptive", AllEfforts, true),
        new("claude-haiku-5-5", false, "none", 128000, false, true, true, "adaptive", AllEfforts, true),
        new("claude-fable-5", false, "none", 128000, false, true, true, "adaptive", AllEfforts, true),
    ];

    public static bool IsKnownModel(string model) => Find(model) is not null;

    private static Model? Find(string model) =>
        Models.Where(m => model.StartsWith(m.Prefix, StringComparison.Ordinal)).MaxBy(m => m.Prefix.Length);

    /// <summary>The error message the real API would give, or null when the request is valid.</summary>
    public static string? Validate(JsonObject body)
    {
        if (body["model"]?.GetValueKind() != System.Text.Json.JsonValueKind.String)
        {
            return "model: Field required";
        }

        var modelId = body["model"]!.GetValue<string>();
        var model = Find(modelId);
        if (body["max_tokens"] is not JsonValue maxTokensNode || !maxTokensNode.TryGetValue<int>(out var maxTokens) || maxTokens < 1)
        {
            return "max_tokens: Field required";
        }

        if (model is not null && maxTokens > model.MaxOutput)
        {
            return $"max_tokens: {maxTokens} > {model.MaxOutput}, which is the maximum allowed number of output tokens for {modelId}";
        }

        if (body["messages"] is not JsonArray messages || messages.Count == 0)
        {
            return "messages: at least one message is required";
        }

        if (body["system"] is JsonArray system)
        {
            foreach (var block in system)
            {
                if (block?["type"]?.GetValue<string>() != "text" || string.IsNullOrEmpty(block["text"]?.GetValue<string>()))
                {
                    return "system: text content blocks must be non-empty";
                }
            }
        }

        if (ValidateSampling(body, model, modelId) is { } sampling)
        {
            return sampling;
        }

        if (body["stop_sequences"] is JsonArray stops)
        {
            foreach (var stop in stops)
            {
                var value = stop?.GetValue<string>() ?? string.Empty;
                if (value.Length == 0)
                {
                    return "stop_sequences: each stop sequence must be non-empty";
                }

                if (string.IsNullOrWhiteSpace(value))
                {
                    return "stop_sequences: each stop sequence must contain non-whitespace";
                }
            }
        }

        if (body["metadata"]?["user_id"]?.GetValue<string>() is { } userId && userId.Contains('@', StringComparison.Ordinal))
        {
            return "metadata.user_id: user_id appears to contain an email address. Please send a uuid or hash value instead.";
        }

        var thinking = body["thinking"]?["type"]?.GetValue<string>();
        if (thinking == "enabled" && model?.AdaptiveOnly == true)
        {
            return "\"thinking.type.enabled\" is not supported for this model. Use \"thinking.type.adaptive\" and \"output_config.effort\" to control thinking behavior.";
        }

        if (thinking == "adaptive" && model?.Thinking == "budget")
        {
            return "thinking.type: adaptive thinking is not supported for this model. Use \"thinking.type.enabled\" with \"budget_tokens\".";
        }

        if (thinking == "enabled")
        {
            var budget = body["thinking"]?["budget_tokens"] is JsonValue budgetNode && budgetNode.TryGetValue<int>(out var b) ? b : 0;
            if (budget < 1024)
            {
                return "thinking.enabled.budget_tokens: Input should be greater than or equal to 1024";
            }

            if (budget >= maxTokens)
            {
                return "`max_tokens` must be greater than `thinking.budget_tokens`. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking#max-tokens-and-context-window-size";
            }
        }

        if (ValidateOutputConfig(body["output_config"] as JsonObject, model) is { } outputConfig)
        {
            return outputConfig;
        }

        if (thinking == "disabled" && model?.AlwaysThinks == true)
        {
            return "\"thinking.type.disabled\" is not supported for this model.";
        }

        var choice = body["tool_choice"]?["type"]?.GetValue<string>();
        if (choice is "any" or "tool")
        {
            if (thinking is "enabled" or "adaptive" || model?.AlwaysThinks == true)
            {
                return "Thinking may not be enabled when tool_choice forces tool use.";
            }

            if (model?.ForcedTools == false)
            {
                return "tool_choice: forced tool use is not supported for this model.";
            }
        }

        var tools = ValidateTools(body["tools"] as JsonArray, model, out var toolNames);
        return tools ?? ValidateMessages(messages, model, toolNames) ?? ValidateThinkingInToolLoop(messages, thinking);
    }

    private static string? ValidateOutputConfig(JsonObject? config, Model? model)
    {
        if (config is null)
        {
            return null;
        }

        if (config["effort"]?.GetValue<string>() is { } effort)
        {
            if (model is not null && model.Efforts.Length == 0)
            {
                return "output_config.effort: This model does not support the effort parameter.";
            }

            if (model is not null && !model.Efforts.Contains(effort))
            {
                return $"output_config.effort: '{effort}' is not supported for this model. Supported values: {string.Join(", ", model.Efforts)}.";
            }
        }

        if (config["format"] is JsonObject format)
        {
            if (model?.StructuredOutputs == false)
            {
                return "output_config.format: Structured outputs are not supported for this model.";
            }

            if (format["type"]?.GetValue<string>() != "json_schema" || format["schema"] is not JsonObject schema)
            {
                return "output_config.format.schema: Field required";
            }

            return ValidateStrictSchema(schema, "output_config.format.schema");
        }

        return null;
    }

    private static readonly string[] UnsupportedSchemaKeywords =
        ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf", "minLength", "maxLength", "maxItems"];

    /// <summary>The schema rules of structured outputs and strict tools: closed objects, no numeric or length bounds,
    /// local references only, no recursion.</summary>
    private static string? ValidateStrictSchema(JsonObject root, string path)
    {
        var definitions = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        foreach (var container in new[] { "$defs", "definitions" })
        {
            foreach (var (name, definition) in root[container] as JsonObject ?? [])
            {
                definitions[$"#/{container}/{name}"] = definition!;
            }
        }

        string? Check(JsonNode? node, HashSet<string> resolving)
        {
            switch (node)
            {
                case JsonObject obj:
                    if (obj["type"] is JsonValue type && type.TryGetValue<string>(out var kind) && kind == "object"
                        && !(obj["additionalProperties"] is JsonValue closed && closed.TryGetValue<bool>(out var open) && !open))
                    {
                        return $"{path}: For 'object' type, 'additionalProperties' must be explicitly set to false";
                    }

                    foreach (var keyword in UnsupportedSchemaKeywords)
                    {
                        if (obj.ContainsKey(keyword))
                        {
                            return $"{path}: Property '{keyword}' is not supported";
                        }
                    }

                    if (obj["minItems"] is JsonValue minItems && minItems.TryGetValue<int>(out var min) && min > 1)
                    {
                        return $"{path}: 'minItems' values other than 0 and 1 are not supported";
                    }

                    if (obj["$ref"] is JsonValue refNode && refNode.TryGetValue<string>(out var reference))
                    {
                        if (!definitions.TryGetValue(reference, out var target))
                        {
                            return $"{path}: Only local references into $defs or definitions are supported ('{reference}')";
                        }

                        if (!resolving.Add(reference))
                        {
                            return $"{path}: Recursive schemas are not supported";
                        }

                        var inner = Check(target, resolving);
                        resolving.Remove(reference);
                        if (inner is not null)
                        {
                            return inner;
                        }
                    }

                    foreach (var (key, value) in obj)
                    {
                        if (key is "$defs" or "definitions" && ReferenceEquals(obj, root))
                        {
                            continue;
                        }

                        if (Check(value, resolving) is { } problem)
                        {
                            return problem;
                        }
                    }

                    return null;
                case JsonArray array:
                    foreach (var item in array)
                    {
                        if (Check(item, resolving) is { } problem)
                        {
                            return problem;
                        }
                    }

                    return null;
                default:
                    return null;
            }
        }

        return Check(root, []) ?? definitions.Values.Select(d => Check(d, [])).FirstOrDefault(p => p is not null);
    }

    /// <summary>With thinking on, the assistant turn of an open tool loop must start with its thinking block.</summary>
    private static string? ValidateThinkingInToolLoop(JsonArray messages, string? thinking)
    {
        if (thinking is not ("enabled" or "adaptive"))
        {
            return null;
        }

        for (var i = messages.Count - 1; i >= 0; i--)
        {
            if (messages[i]?["role"]?.GetValue<string>() != "assistant")
            {
                continue;
            }

            var blocks = Blocks(messages[i]!["content"]) ?? [];
            if (blocks.Any(b => b["type"]?.GetValue<string>() == "tool_use")
                && blocks.FirstOrDefault()?["type"]?.GetValue<string>() is not ("thinking" or "redacted_thinking"))
            {
                return $"messages.{i}.content.0.type: Expected `thinking` or `redacted_thinking`, but found `{blocks[0]["type"]}`. When `thinking` is enabled, a final `assistant` message must start with a thinking block (preceeding the lastmost set of `tool_use` and `tool_result` blocks). We recommend you include thinking blocks from previous turns. To avoid this requirement, disable `thinking`. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking";
            }

            return null;
        }

        return null;
    }

    private static string? ValidateSampling(JsonObject body, Model? model, string modelId)
    {
        var hasTemperature = body["temperature"] is not null;
        var hasTopP = body["top_p"] is not null;
        if (hasTemperature && body["temperature"]!.GetValue<double>() is < 0 or > 1)
        {
            return "temperature: Input should be less than or equal to 1";
        }

        if (model?.Sampling == "none" && (hasTemperature || hasTopP))
        {
            return $"`{(hasTemperature ? "temperature" : "top_p")}` is deprecated for this model.";
        }

        if (model?.Sampling == "one" && hasTemperature && hasTopP)
        {
            return $"`temperature` and `top_p` cannot both be specified for this model. Please use only one.";
        }

        if (body["thinking"]?["type"]?.GetValue<string>() is "enabled" or "adaptive" && hasTemperature && body["temperature"]!.GetValue<double>() != 1)
        {
            return "`temperature` may only be set to 1 when thinking is enabled.";
        }

        _ = modelId;
        return null;
    }

    private static string? ValidateTools(JsonArray? tools, Model? model, out HashSet<string> names)
    {
        names = [];
        if (tools is null)
        {
            return null;
        }

        for (var i = 0; i < tools.Count; i++)
        {
            var name = tools[i]?["name"]?.GetValue<string>() ?? string.Empty;
            if (!ToolName().IsMatch(name))
            {
                return $"tools.{i}.custom.name: String should match pattern '^[a-zA-Z0-9_-]{{1,128}}$'";
            }

            if (!names.Add(name))
            {
                return "tools: Tool names must be unique.";
            }

            if (tools[i]?["input_schema"]?["type"]?.GetValue<string>() != "object")
            {
                return $"tools.{i}.custom.input_schema.type: Input should be 'object'";
            }

            if (tools[i]?["strict"]?.GetValue<bool>() == true)
            {
                if (model?.StructuredOutputs == false)
                {
                    return $"tools.{i}.custom.strict: Strict tool use is not supported for this model.";
                }

                if (ValidateStrictSchema(tools[i]!["input_schema"]!.AsObject(), $"tools.{i}.custom.input_schema") is { } problem)
                {
                    return problem;
                }
            }
        }

        return null;
    }

    private static string? ValidateMessages(JsonArray messages, Model? model, HashSet<string> toolNames)
    {
        var toolIds = new HashSet<string>(StringComparer.Ordinal);
        List<string> expectedResults = [];
        for (var i = 0; i < messages.Count; i++)
        {
            var role = messages[i]?["role"]?.GetValue<string>();
            if (role is not ("user" or "assistant"))
            {
                return $"messages.{i}.role: Input should be 'user' or 'assistant'";
            }

            if (i == 0 && role != "user")
            {
                return "messages: first message must use the \"user\" role";
            }

            var last = i == messages.Count - 1;
            var blocks = Blocks(messages[i]!["content"]);
            if (blocks is null)
            {
                return $"messages.{i}.content: Input should be a valid list";
            }

            if (blocks.Count == 0 && !(last && role == "assistant"))
            {
                return $"messages.{i}: all messages must have non-empty content except for the optional final assistant message";
            }

            var results = new List<string>();
            var sawOther = false;
            for (var j = 0; j < blocks.Count; j++)
            {
                var block = blocks[j];
                var type = block["type"]?.GetValue<string>();
                switch (type)
                {
                    case "text":
                        var text = block["text"]?.GetValue<string>() ?? string.Empty;
                        if (text.Length == 0)
                        {
                            return $"messages.{i}.content.{j}.text: text content blocks must be non-empty";
                        }

                        if (string.IsNullOrWhiteSpace(text))
                        {
                            return $"messages.{i}.content.{j}.text: text content blocks must contain non-whitespace text";
                        }

                        sawOther = true;
                        break;
                    case "image" or "document":
                        if (ValidateSource(block, type, $"messages.{i}.content.{j}") is { } source)
                        {
                            return source;
                        }

                        sawOther = true;
                        break;
                    case "thinking" or "redacted_thinking" when role == "assistant":
                        break;
                    case "tool_use" when role == "assistant":
                        var id = block["id"]?.GetValue<string>() ?? string.Empty;
                        if (!ToolId().IsMatch(id))
                        {
                            return $"messages.{i}.content.{j}.tool_use.id: String should match pattern '^[a-zA-Z0-9_-]+$'";
                        }

                        if (!toolIds.Add(id))
                        {
                            return $"messages.{i}.content.{j}: `tool_use` ids must be unique";
                        }

                        if (!toolNames.Contains(block["name"]?.GetValue<string>() ?? string.Empty))
                        {
                            return "Requests which include `tool_use` or `tool_result` blocks must define tools.";
                        }

                        if (block["input"] is not JsonObject)
                        {
                            return $"messages.{i}.content.{j}.tool_use.input: Input should be a valid dictionary";
                        }

                        break;
                    case "tool_result" when role == "user":
                        if (sawOther)
                        {
                            return $"messages.{i}: tool_result blocks must come before any other content in the message.";
                        }

                        results.Add(block["tool_use_id"]?.GetValue<string>() ?? string.Empty);
                        if (block["content"] is JsonArray resultContent && Blocks(resultContent) is { } inner
                            && inner.Any(b => b["type"]?.GetValue<string>() == "text" && string.IsNullOrWhiteSpace(b["text"]?.GetValue<string>())))
                        {
                            return $"messages.{i}.content.{j}.content: text content blocks must be non-empty";
                        }

                        break;
                    default:
                        return $"messages.{i}.content.{j}: Input tag '{type}' found using 'type' does not match any of the expected tags for role {role}";
                }
            }

            if (role == "user")
            {
                var missing = expectedResults.Where(id => !results.Contains(id)).ToList();
                if (missing.Count > 0)
                {
                    return $"messages.{i}: `tool_use` ids were found without `tool_result` blocks immediately after: {string.Join(", ", missing)}. Each `tool_use` block must have a corresponding `tool_result` block in the next message.";
                }

                var unexpected = results.Where(id => !expectedResults.Contains(id)).ToList();
                if (unexpected.Count > 0)
                {
                    return $"messages.{i}: unexpected `tool_use_id` found in `tool_result` blocks: {string.Join(", ", unexpected)}. Each `tool_result` block must have a corresponding `tool_use` block in the previous message.";
                }

                expectedResults = [];
            }
            else
            {
                if (expectedResults.Count > 0)
                {
                    return $"messages.{i}: `tool_use` ids were found without `tool_result` blocks immediately after: {string.Join(", ", expectedResults)}.";
                }

                expectedResults = blocks.Where(b => b["type"]?.GetValue<string>() == "tool_use").Select(b => b["id"]!.GetValue<string>()).ToList();
                if (last)
                {
                    if (model?.Prefill == false || model is null)
                    {
                        return "This model does not support assistant message prefill. The conversation must end with a user message.";
                    }

                    var finalText = blocks.LastOrDefault(b => b["type"]?.GetValue<string>() == "text")?["text"]?.GetValue<string>();
                    if (finalText is not null && finalText.Length > 0 && char.IsWhiteSpace(finalText[^1]))
                    {
                        return "messages: final assistant content cannot end with trailing whitespace";
                    }
                }
            }
        }

        return null;
    }

    private static readonly string[] ImageMediaTypes = ["image/jpeg", "image/png", "image/gif", "image/webp"];

    /// <summary>Image sources: base64 (jpeg/png/gif/webp) or url; document sources: base64 PDF, text, or url.</summary>
    private static string? ValidateSource(JsonObject block, string? type, string path)
    {
        var source = block["source"] as JsonObject;
        var kind = source?["type"]?.GetValue<string>();
        var media = source?["media_type"]?.GetValue<string>();
        return (type, kind) switch
        {
            (_, null) => $"{path}.source: Field required",
            ("image", "base64") when !ImageMediaTypes.Contains(media) => $"{path}.image.source.base64.media_type: Input should be 'image/jpeg', 'image/png', 'image/gif' or 'image/webp'",
            ("document", "base64") when media != "application/pdf" => $"{path}.document.source.base64.media_type: Input should be 'application/pdf'",
            ("document", "text") when media != "text/plain" || string.IsNullOrEmpty(source!["data"]?.GetValue<string>()) => $"{path}.document.source.text: media_type must be 'text/plain' and data non-empty",
            (_, "base64") when string.IsNullOrEmpty(source!["data"]?.GetValue<string>()) => $"{path}.source.base64.data: Field required",
            (_, "url") when source!["url"]?.GetValue<string>() is not { } url || !url.StartsWith("https://", StringComparison.Ordinal) => $"{path}.source.url: must be an https URL",
            (_, "base64" or "url") => null,
            ("document", "text") => null,
            _ => $"{path}.source.type: Input tag '{kind}' found using 'type' does not match any of the expected tags",
        };
    }

    private static List<JsonObject>? Blocks(JsonNode? content) => content switch
    {
        JsonValue value when value.TryGetValue<string>(out var text) => text.Length == 0 ? [] : [new JsonObject { ["type"] = "text", ["text"] = text }],
        JsonArray array => array.Select(b => b as JsonObject).Where(b => b is not null).Select(b => b!).ToList(),
        _ => null,
    };

    [GeneratedRegex("^[a-zA-Z0-9_-]{1,128}$")]
    private static partial Regex ToolName();

    [GeneratedRegex("^[a-zA-Z0-9_-]+$")]
    private static partial Regex ToolId();
}
