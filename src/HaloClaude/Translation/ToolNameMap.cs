using System.Buffers;

namespace HaloClaude.Translation;

/// <summary>A per-request, reversible renaming of tool names Anthropic would reject (allowed: <c>^[a-zA-Z0-9_-]{1,128}$</c>).</summary>
public sealed class ToolNameMap
{
    private static readonly SearchValues<char> Allowed =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-");

    private const int MaxLength = 128;
    private readonly Dictionary<string, string> _toUpstream = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _toClient = new(StringComparer.Ordinal);

    /// <summary>The name to send upstream for a client's tool name (the same name when it is already valid).</summary>
    public string ToUpstream(string clientName)
    {
        if (IsValid(clientName))
        {
            return clientName;
        }

        if (_toUpstream.TryGetValue(clientName, out var known))
        {
            return known;
        }

        Span<char> buffer = stackalloc char[Math.Min(clientName.Length, MaxLength - 4)];
        for (var i = 0; i < buffer.Length; i++)
        {
            buffer[i] = Allowed.Contains(clientName[i]) ? clientName[i] : '_';
        }

        var candidate = buffer.Length == 0 ? "tool" : new string(buffer);
        var unique = candidate;
        for (var n = 2; _toClient.ContainsKey(unique) || IsTakenByValidName(unique); n++)
        {
            unique = $"{candidate}_{n}";
        }

        _toUpstream[clientName] = unique;
        _toClient[unique] = clientName;
        return unique;
    }

    /// <summary>The client's name for a tool name Claude used.</summary>
    public string ToClient(string upstreamName) => _toClient.GetValueOrDefault(upstreamName, upstreamName);

    /// <summary>Names declared by the client that are already valid; a renamed tool must not collide with one.</summary>
    public HashSet<string> ValidNames { get; } = new(StringComparer.Ordinal);

    private bool IsTakenByValidName(string name) => ValidNames.Contains(name);

    public static bool IsValid(string name) =>
        name.Length is > 0 and <= MaxLength && !name.AsSpan().ContainsAnyExcept(Allowed);
}
