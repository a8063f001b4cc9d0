using System.Text.Json;
using System.Text.Json.Nodes;

namespace HaloClaude.Translation;

/// <summary>Fits a JSON Schema into the subset Anthropic's structured outputs accept: every object closed with
/// <c>additionalProperties: false</c>, range keywords moved into the description, local <c>$ref</c>s inlined.</summary>
public static class JsonSchemaSanitizer
{
    private static readonly string[] UnsupportedKeywords =
        ["minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength", "minItems", "maxItems", "multipleOf", "pattern"];

    private const int MaxRefDepth = 16;

    public static JsonNode Sanitize(JsonElement schema)
    {
        var root = JsonNode.Parse(schema.GetRawText()) as JsonObject
            ?? throw new InvalidRequestException("response_format.json_schema.schema must be a JSON object.", "response_format.json_schema.schema");
        var definitions = (root["$defs"] ?? root["definitions"]) as JsonObject;
        var result = Visit(root, definitions, 0);
        if (result is JsonObject obj)
        {
            obj.Remove("$defs");
            obj.Remove("definitions");
        }

        return result;
    }

    private static JsonNode Visit(JsonNode node, JsonObject? definitions, int refDepth)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["$ref"]?.GetValue<string>() is { } reference && definitions is not null && refDepth < MaxRefDepth)
                {
                    var name = reference[(reference.LastIndexOf('/') + 1)..];
                    if (definitions[name] is { } target)
                    {
                        return Visit(target.DeepClone(), definitions, refDepth + 1);
                    }
                }

                var copy = new JsonObject();
                var notes = new List<string>();
                foreach (var (key, value) in obj)
                {
                    if (Array.IndexOf(UnsupportedKeywords, key) >= 0)
                    {
                        notes.Add($"{key}: {value?.ToJsonString()}");
                        continue;
                    }

                    copy[key] = value is null ? null : Visit(value.DeepClone(), definitions, refDepth);
                }

                if (notes.Count > 0)
                {
                    var description = copy["description"]?.GetValue<string>();
                    copy["description"] = string.IsNullOrEmpty(description)
                        ? $"({string.Join(", ", notes)})"
                        : $"{description} ({string.Join(", ", notes)})";
                }

                if (copy["type"]?.GetValueKind() == JsonValueKind.String && copy["type"]!.GetValue<string>() == "object")
                {
                    copy["additionalProperties"] = false;
                }

                return copy;
            case JsonArray array:
                var items = new JsonArray();
                foreach (var item in array)
                {
                    items.Add(item is null ? null : Visit(item.DeepClone(), definitions, refDepth));
                }

                return items;
            default:
                return node.DeepClone();
        }
    }
}
