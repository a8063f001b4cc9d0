using System.Globalization;
using System.Text;

using HaloClaude.Halo.Api;

namespace HaloClaude.Halo.Tools;

/// <summary>Builds a compact "Label: value" rendering; empty values are skipped so Claude reads only what Halo knows.</summary>
internal sealed class RecordText
{
    private readonly StringBuilder _text = new();

    public RecordText Title(string title)
    {
        _text.Append(title).Append('\n');
        return this;
    }

    public RecordText Field(string label, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            _text.Append(label).Append(": ").Append(value.Trim()).Append('\n');
        }

        return this;
    }

    public RecordText Field(string label, DateTime? value) => Field(label, Date(value));

    public RecordText Flag(string label, bool value) => value ? Field(label, "yes") : this;

    public RecordText Line(string line)
    {
        _text.Append(line).Append('\n');
        return this;
    }

    /// <summary>A titled block of free text (already plain), limited to <paramref name="maxChars"/>.</summary>
    public RecordText Block(string label, string? text, int maxChars = 6000)
    {
        if (!string.IsNullOrWhiteSpace(text))
        {
            _text.Append(label).Append(":\n").Append(Clip(text.Trim(), maxChars)).Append('\n');
        }

        return this;
    }

    public RecordText CustomFields(IEnumerable<HaloCustomField>? fields)
    {
        foreach (var field in fields ?? [])
        {
            Field(field.Label ?? field.Name ?? "Custom field", field.Display);
        }

        return this;
    }

    public override string ToString() => _text.ToString().TrimEnd();

    public static string? Date(DateTime? value) =>
        value?.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static string? Day(DateTime? value) =>
        value?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Multi-line text as one line, for list rows.</summary>
    public static string OneLine(string text) => string.Join(' ', text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    public static string Clip(string text, int maxChars) =>
        text.Length <= maxChars ? text : text[..maxChars].TrimEnd() + " […]";

    /// <summary>"Name (id 12)", or the id alone when Halo sent no name.</summary>
    public static string? Named(string? name, long id, string kind) =>
        !string.IsNullOrWhiteSpace(name) ? (id > 0 ? $"{name.Trim()} (id {id})" : name.Trim()) : (id > 0 ? $"{kind} {id}" : null);

    public static string Join(params string?[] parts) => string.Join(" / ", parts.Where(p => !string.IsNullOrWhiteSpace(p)).Select(p => p!.Trim()));
}

/// <summary>Keeps a tool result within its size budget, cutting on a character boundary with a visible marker.</summary>
internal static class TextCap
{
    public const int MaxBytes = 16 * 1024;

    public static string Limit(string text, int maxBytes = MaxBytes)
    {
        if (Encoding.UTF8.GetByteCount(text) <= maxBytes)
        {
            return text;
        }

        const string marker = "\n[… truncated: the full result is longer than the 16 KB a tool may return]";
        var budget = maxBytes - Encoding.UTF8.GetByteCount(marker);
        var length = 0;
        var bytes = 0;
        while (length < text.Length)
        {
            var step = char.IsHighSurrogate(text[length]) && length + 1 < text.Length ? 2 : 1;
            var size = Encoding.UTF8.GetByteCount(text.AsSpan(length, step));
            if (bytes + size > budget)
            {
                break;
            }

            bytes += size;
            length += step;
        }

        return text[..length].TrimEnd() + marker;
    }
}
