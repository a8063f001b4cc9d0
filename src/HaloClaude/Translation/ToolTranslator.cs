using System.Text.Json;
using System.Text.Json.Nodes;

using HaloClaude.Anthropic;
using HaloClaude.OpenAi;

namespace HaloClaude.Translation;

/// <summary>The tools part of a translated request.</summary>
public sealed record ToolSelection(List<Tool>? Tools, ToolChoice? Choice, string? SystemHint, bool LegacyFunctions);

/// <summary>Maps <c>tools</c>/<c>functions</c>, <c>tool_choice</c>/<c>function_call</c> and <c>parallel_tool_calls</c> (mapping §4).</summary>
public static class ToolTranslator
{
    public static ToolSelection Translate(ChatCompletionRequest request, ModelCapabilities model, bool thinking, ToolNameMap names, HashSet<string> historyToolNames)
    {
        var tools = new List<Tool>();
        var declared = new HashSet<string>(StringComparer.Ordinal);
        if (request.Tools is { } definitions)
        {
            for (var i = 0; i < definitions.Count; i++)
            {
                var definition = definitions[i];
                if (definition?.Type is not (null or "function"))
                {
                    throw new InvalidRequestException($"Tool type '{definition?.Type}' is not supported; only 'function' tools can be used with Claude.", $"tools[{i}].type");
                }

                tools.Add(ToTool(definition?.Function, $"tools[{i}].function", model, names, declared));
            }
        }

        var legacy = request.Functions is { Count: > 0 } && request.Tools is not { Count: > 0 };
        if (request.Functions is { } functions)
        {
            for (var i = 0; i < functions.Count; i++)
            {
                tools.Add(ToTool(functions[i], $"functions[{i}]", model, names, declared));
            }
        }

        var (choice, hint) = TranslateChoice(legacy ? request.FunctionCall : request.ToolChoice, legacy ? "function_call" : "tool_choice", declared, names, model, thinking);

        // Anthropic needs every tool in the history declared. Tools only the history knows are declared minimally,
        // and Claude is not allowed to call them when the client offered no tools of its own.
        var synthesizedOnly = tools.Count == 0;
        foreach (var name in historyToolNames)
        {
            if (declared.Add(name))
            {
                tools.Add(new Tool { Name = names.ToUpstream(name), InputSchema = new JsonObject { ["type"] = "object" } });
            }
        }

        if (tools.Count == 0)
        {
            return new ToolSelection(null, null, null, legacy);
        }

        if (synthesizedOnly)
        {
            choice = new ToolChoice { Type = "none" };
        }

        // COMPAT: a functions-era caller holds one function_call per answer, so Claude is asked for one call at a time
        // rather than having its other calls dropped.
        if ((request.ParallelToolCalls == false || legacy) && choice?.Type != "none")
        {
            choice ??= new ToolChoice { Type = "auto" };
            choice.DisableParallelToolUse = true;
        }

        return new ToolSelection(tools, choice, hint, legacy);
    }

    /// <summary>Reserves every tool name in the request that is already valid, before any renaming, so that a renamed
    /// tool never takes a name the client uses later in the request.</summary>
    public static void ReserveValidNames(ChatCompletionRequest request, ToolNameMap names)
    {
        IEnumerable<string?> used =
        [
            .. request.Tools?.Select(t => t?.Function?.Name) ?? [],
            .. request.Functions?.Select(f => f?.Name) ?? [],
            .. request.Messages?.SelectMany(m => (m?.ToolCalls?.Select(c => c?.Function?.Name) ?? []).Append(m?.FunctionCall?.Name)) ?? [],
        ];
        foreach (var name in used)
        {
            if (name is not null && ToolNameMap.IsValid(name))
            {
                names.ValidNames.Add(name);
            }
        }
    }

    private static Tool ToTool(FunctionDefinition? function, string param, ModelCapabilities model, ToolNameMap names, HashSet<string> declared)
    {
        var name = function?.Name;
        if (string.IsNullOrEmpty(name))
        {
            throw new InvalidRequestException("Each function needs a name.", $"{param}.name");
        }

        if (!declared.Add(name))
        {
            throw new InvalidRequestException($"The function name '{name}' is declared twice.", $"{param}.name");
        }

        var schema = InputSchema(function!.Parameters, $"{param}.parameters");
        // A strict tool's schema must fit the structured-output subset; one that cannot stays a normal tool.
        var strictSchema = function.Strict == true && model.StructuredOutputs ? JsonSchemaSanitizer.Sanitize(schema, $"{param}.parameters") : null;
        return new Tool
        {
            Name = names.ToUpstream(name),
            Description = string.IsNullOrWhiteSpace(function.Description) ? null : function.Description,
            InputSchema = strictSchema ?? schema,
            Strict = strictSchema is null ? null : true,
        };
    }

    private static JsonObject InputSchema(JsonElement? parameters, string param)
    {
        if (parameters is not { ValueKind: JsonValueKind.Object } element)
        {
            if (parameters is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) })
            {
                throw new InvalidRequestException("Function parameters must be a JSON Schema object.", param);
            }

            return new JsonObject { ["type"] = "object", ["properties"] = new JsonObject() };
        }

        JsonValues.EnsureText(element, param);
        var schema = JsonNode.Parse(element.GetRawText())!.AsObject();
        if (schema.ContainsKey("oneOf") || schema.ContainsKey("anyOf") || schema.ContainsKey("allOf"))
        {
            throw new InvalidRequestException("Function parameters cannot use oneOf, anyOf or allOf at the top level; Claude needs an object schema.", param);
        }

        var type = schema["type"];
        if (type is null || type.GetValueKind() != JsonValueKind.String || type.GetValue<string>() != "object")
        {
            // COMPAT: Anthropic requires an object schema; a schema without a type (or another type) describes the object's properties at best.
            schema["type"] = "object";
        }

        return schema;
    }

    private static (ToolChoice? Choice, string? Hint) TranslateChoice(
        JsonElement? value, string param, HashSet<string> declared, ToolNameMap names, ModelCapabilities model, bool thinking)
    {
        if (value is not { } element || element.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return (null, null);
        }

        string? forcedName = null;
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                var text = JsonValues.ReadString(element, param);
                switch (text)
                {
                    case "auto":
                        return (new ToolChoice { Type = "auto" }, null);
                    case "none":
                        return (new ToolChoice { Type = "none" }, null);
                    case "required":
                        break;
                    default:
                        throw new InvalidRequestException($"'{text}' is not a valid {param}. Use none, auto, required or a named function.", param);
                }

                break;
            case JsonValueKind.Object:
                // {"type":"function","function":{"name":…}} for tool_choice, {"name":…} for the legacy function_call.
                var name = element.TryGetProperty("function", out var fn) && fn.ValueKind == JsonValueKind.Object
                    ? JsonValues.OptionalString(fn, "name", param)
                    : JsonValues.OptionalString(element, "name", param);
                if (string.IsNullOrEmpty(name))
                {
                    throw new InvalidRequestException($"A named {param} needs function.name.", param);
                }

                if (!declared.Contains(name))
                {
                    throw new InvalidRequestException($"{param} names '{name}', which is not among the declared tools.", param);
                }

                forcedName = name;
                break;
            default:
                throw new InvalidRequestException($"{param} must be a string or an object.", param);
        }

        if (thinking || !model.ForcedToolChoice)
        {
            // COMPAT: this model (or any model while thinking) rejects forced tool use with a 400. The choice becomes
            // "auto" and the instruction moves into the system prompt, which Claude follows in practice.
            var hint = forcedName is null
                ? "You must call one of the provided tools in this reply."
                : $"You must call the tool '{names.ToUpstream(forcedName)}' in this reply.";
            return (new ToolChoice { Type = "auto" }, hint);
        }

        return forcedName is null
            ? (new ToolChoice { Type = "any" }, null)
            : (new ToolChoice { Type = "tool", Name = names.ToUpstream(forcedName) }, null);
    }
}
