using System.Buffers;

namespace HaloClaude.Translation;

/// <summary>Tool call ids as Anthropic accepts them (<c>^[a-zA-Z0-9_-]+$</c>), rewritten the same way on the call and its result.</summary>
public static class ToolIds
{
    private static readonly SearchValues<char> Allowed =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-");

    public static string Sanitize(string id)
    {
        if (id.Length > 0 && !id.AsSpan().ContainsAnyExcept(Allowed))
        {
            return id;
        }

        return id.Length == 0
            ? "call_empty"
            : string.Create(id.Length, id, static (span, source) =>
            {
                for (var i = 0; i < span.Length; i++)
                {
                    span[i] = Allowed.Contains(source[i]) ? source[i] : '_';
                }
            });
    }
}
