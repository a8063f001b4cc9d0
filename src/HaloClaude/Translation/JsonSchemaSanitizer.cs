using System.Text.Json;
using System.Text.Json.Nodes;

namespace HaloClaude.Translation;

/// <summary>Fits a JSON Schema into the subset Anthropic's structured outputs (and strict tools) accept: every object
/// closed with <c>additionalProperties: false</c>, and the range and length keywords moved into the description.</summary>
/// <remarks>Local <c>$ref</c>s into <c>$defs</c>/<c>definitions</c> are supported upstream and stay as they are (inlining
/// them grows exponentially with nesting). Recursive schemas and external references are not supported upstream: for
/// those <see cref="Sanitize(JsonElement, string)"/> returns null and the caller falls back to an instruction.</remarks>
public static class JsonSchemaSanitizer
{
    private static readonly string[] UnsupportedKeywords =
        ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength", "minItems", "maxItems", "multipleOf", "pattern"];

    private static readonly string[] DefinitionContainers = ["$defs", "definitions"];

    /// <summary>The sanitised copy of <paramref name="schema"/>, or null when Anthropic cannot take it natively.</summary>
    public static JsonNode? Sanitize(JsonElement schema, string param = "response_format.json_schema.schema")
    {
        if (schema.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidRequestException("The JSON Schema must be a JSON object.", param);
        }

        JsonValues.EnsureText(schema, param);
        return Sanitize(JsonNode.Parse(schema.GetRawText())!.AsObject(), param);
    }

    /// <summary>The sanitised copy of an already parsed schema (the caller's object is not changed), or null.</summary>
    public static JsonNode? Sanitize(JsonObject schema, string param) =>
        IsSelfContained(schema, param) ? Visit(schema, param) : null;

    private static JsonNode Visit(JsonNode node, string param)
    {
        switch (node)
        {
            case JsonObject obj:
                var copy = new JsonObject();
                var notes = new List<string>();
                foreach (var (key, value) in obj)
                {
                    if (Array.IndexOf(UnsupportedKeywords, key) >= 0)
                    {
                        notes.Add($"{key}: {value?.ToJsonString()}");
                        continue;
                    }

                    copy[key] = value is null ? null : Visit(value, param);
                }

                if (notes.Count > 0)
                {
                    var description = copy["description"] is { } existing
                        ? existing.GetValueKind() == JsonValueKind.String
                            ? existing.GetValue<string>()
                            : throw new InvalidRequestException("A schema's 'description' must be a string.", param)
                        : null;
                    copy["description"] = string.IsNullOrEmpty(description)
                        ? $"({string.Join(", ", notes)})"
                        : $"{description} ({string.Join(", ", notes)})";
                }

                if (copy["type"] is { } type && type.GetValueKind() == JsonValueKind.String && type.GetValue<string>() == "object")
                {
                    copy["additionalProperties"] = false;
                }

                return copy;
            case JsonArray array:
                var items = new JsonArray();
                foreach (var item in array)
                {
                    items.Add(item is null ? null : Visit(item, param));
                }

                return items;
            default:
                return node.DeepClone();
        }
    }

    /// <summary>Whether every <c>$ref</c> points at a local definition and no definition reaches itself again.</summary>
    private static bool IsSelfContained(JsonObject root, string param)
    {
        var definitions = new Dictionary<string, JsonNode>(StringComparer.Ordinal);
        foreach (var container in DefinitionContainers)
        {
            if (root[container] is JsonObject defs)
            {
                foreach (var (name, definition) in defs)
                {
                    if (definition is not null)
                    {
                        definitions[$"#/{container}/{name}"] = definition;
                    }
                }
            }
        }

        // Depth-first over the reference graph; a reference back into the current path is recursion.
        var onPath = new HashSet<string>(StringComparer.Ordinal);
        var done = new HashSet<string>(StringComparer.Ordinal);
        bool Walk(string id, JsonNode node)
        {
            if (done.Contains(id))
            {
                return true;
            }

            onPath.Add(id);
            foreach (var reference in References(node, skipDefinitions: id == "#", param))
            {
                if (onPath.Contains(reference) || !(reference == "#" ? Walk("#", root) : definitions.TryGetValue(reference, out var target) && Walk(reference, target)))
                {
                    return false;
                }
            }

            onPath.Remove(id);
            done.Add(id);
            return true;
        }

        return Walk("#", root) && definitions.All(d => Walk(d.Key, d.Value));
    }

    private static IEnumerable<string> References(JsonNode node, bool skipDefinitions, string param)
    {
        var pending = new Stack<JsonNode>();
        pending.Push(node);
        while (pending.TryPop(out var current))
        {
            switch (current)
            {
                case JsonObject obj:
                    foreach (var (key, value) in obj)
                    {
                        if (key == "$ref")
                        {
                            yield return value is not null && value.GetValueKind() == JsonValueKind.String
                                ? value.GetValue<string>()
                                : throw new InvalidRequestException("A schema's '$ref' must be a string.", param);
                        }
                        else if (value is not null && !(skipDefinitions && ReferenceEquals(obj, node) && Array.IndexOf(DefinitionContainers, key) >= 0))
                        {
                            pending.Push(value);
                        }
                    }

                    break;
                case JsonArray array:
                    foreach (var item in array)
                    {
                        if (item is not null)
                        {
                            pending.Push(item);
                        }
                    }

                    break;
            }
        }
    }
}
