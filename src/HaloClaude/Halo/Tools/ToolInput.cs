using System.Globalization;
using System.Text.Json;

namespace HaloClaude.Halo.Tools;

/// <summary>A tool's arguments, checked before any Halo call: ids are positive whole numbers, text is short, counts are
/// bounded, and unknown arguments are refused.</summary>
internal sealed class ToolInput
{
    private readonly JsonElement _input;

    private ToolInput(JsonElement input) => _input = input;

    public static ToolInput From(JsonElement input, params string[] allowed)
    {
        if (input.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return new ToolInput(JsonDocument.Parse("{}").RootElement.Clone());
        }

        if (input.ValueKind != JsonValueKind.Object)
        {
            throw new ToolInputException("the input must be a JSON object.");
        }

        foreach (var property in input.EnumerateObject())
        {
            if (!allowed.Any(property.NameEquals))
            {
                throw new ToolInputException($"unknown argument '{Shorten(Readable(() => property.Name))}'; allowed: {string.Join(", ", allowed)}.");
            }
        }

        return new ToolInput(input);
    }

    public long Id(string name) => OptionalId(name) ?? throw new ToolInputException($"{name} is required.");

    public long? OptionalId(string name)
    {
        if (!_input.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        // Models sometimes quote numbers ("10231") or write 10231.0; both are plainly meant as the id.
        var parsed = value.ValueKind switch
        {
            JsonValueKind.Number when value.TryGetInt64(out var whole) => whole,
            JsonValueKind.Number when value.TryGetDouble(out var number) && number == Math.Floor(number) && number < int.MaxValue => (long)number,
            JsonValueKind.String when long.TryParse(StringOf(value, name).Trim().TrimStart('#'), NumberStyles.None, CultureInfo.InvariantCulture, out var text) => text,
            _ => (long?)null,
        };
        return parsed is >= 1 and <= int.MaxValue
            ? parsed
            : throw new ToolInputException($"{name} must be a positive whole number (a Halo id such as 10231).");
    }

    public string Text(string name, int maxLength)
    {
        if (!_input.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String)
        {
            throw new ToolInputException($"{name} is required and must be text.");
        }

        var text = StringOf(value, name).Trim();
        if (text.Length < 2)
        {
            throw new ToolInputException($"{name} needs at least 2 characters.");
        }

        if (text.Length > maxLength)
        {
            throw new ToolInputException($"{name} is longer than {maxLength} characters.");
        }

        if (text.Any(char.IsControl))
        {
            throw new ToolInputException($"{name} must not contain control characters.");
        }

        return text;
    }

    public bool Flag(string name, bool defaultValue)
    {
        if (!_input.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return defaultValue;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String when bool.TryParse(StringOf(value, name), out var parsed) => parsed,
            _ => throw new ToolInputException($"{name} must be true or false."),
        };
    }

    public int Count(string name, int defaultValue, int max)
    {
        if (!_input.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return defaultValue;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var count) && count >= 1)
        {
            return Math.Min(count, max);
        }

        if (value.ValueKind == JsonValueKind.String && int.TryParse(StringOf(value, name), NumberStyles.None, CultureInfo.InvariantCulture, out count) && count >= 1)
        {
            return Math.Min(count, max);
        }

        throw new ToolInputException($"{name} must be a whole number from 1 to {max}.");
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";

    // JSON may escape a lone surrogate ("\ud800"), which System.Text.Json refuses to turn into a string.
    private static string StringOf(JsonElement value, string name)
    {
        try
        {
            return value.GetString() ?? string.Empty;
        }
        catch (InvalidOperationException)
        {
            throw new ToolInputException($"{name} is not valid text.");
        }
    }

    private static string Readable(Func<string> read)
    {
        try
        {
            return read();
        }
        catch (InvalidOperationException)
        {
            return "(not valid text)";
        }
    }
}

/// <summary>Tool arguments that cannot be used; the message completes "Invalid input for {tool}: …".</summary>
internal sealed class ToolInputException(string message) : Exception(message);
