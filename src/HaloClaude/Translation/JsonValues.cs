using System.Text.Json;

namespace HaloClaude.Translation;

/// <summary>Reads the free-form members of a request (kept as <see cref="JsonElement"/>) without letting a wrong type or a
/// lone surrogate escape (<c>"\ud800"</c>, valid JSON but not valid text) surface as anything but a 400.</summary>
public static class JsonValues
{
    /// <summary>The text of a JSON string.</summary>
    public static string ReadString(JsonElement element, string param)
    {
        try
        {
            return element.GetString() ?? string.Empty;
        }
        catch (InvalidOperationException)
        {
            throw new InvalidRequestException("The text contains an invalid Unicode escape (a lone surrogate).", param);
        }
    }

    /// <summary>The text of a member when it is a string; null when it is absent; a 400 naming <paramref name="param"/> otherwise.</summary>
    public static string? OptionalString(JsonElement parent, string member, string param)
    {
        if (!parent.TryGetProperty(member, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? ReadString(value, param)
            : throw new InvalidRequestException($"'{member}' must be a string.", param);
    }

    /// <summary>Checks that every string and property name inside <paramref name="element"/> is readable text, so that
    /// copying it into the upstream request cannot fail later.</summary>
    public static void EnsureText(JsonElement element, string param)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                ReadString(element, param);
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    EnsureText(item, param);
                }

                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    try
                    {
                        _ = property.Name;
                    }
                    catch (InvalidOperationException)
                    {
                        throw new InvalidRequestException("A property name contains an invalid Unicode escape (a lone surrogate).", param);
                    }

                    EnsureText(property.Value, param);
                }

                break;
        }
    }
}
