using System.Text.Json.Serialization;

namespace HaloClaude.Caching;

/// <summary>A complete answer as the caller saw it, in Anthropic's terms, so it can be replayed as JSON or as a stream.</summary>
/// <remarks>Recorded after the tool loop: server-side tool calls are not in it, only the text and the caller's own tool calls.</remarks>
public sealed class CachedAnswer
{
    [JsonPropertyName("id")] public string? MessageId { get; set; }
    [JsonPropertyName("model")] public string? Model { get; set; }
    [JsonPropertyName("blocks")] public List<CachedBlock> Blocks { get; set; } = [];
    [JsonPropertyName("stop")] public string? StopReason { get; set; }
    [JsonPropertyName("in")] public long InputTokens { get; set; }
    [JsonPropertyName("out")] public long OutputTokens { get; set; }
    [JsonPropertyName("cr")] public long CacheReadTokens { get; set; }
    [JsonPropertyName("cw")] public long CacheCreationTokens { get; set; }
}

/// <summary>A text block (<see cref="Text"/>) or a tool call (<see cref="Name"/>, <see cref="Id"/>, <see cref="Input"/> as JSON text).</summary>
public sealed class CachedBlock
{
    [JsonPropertyName("text")] public string? Text { get; set; }
    [JsonPropertyName("tool_id")] public string? Id { get; set; }
    [JsonPropertyName("tool")] public string? Name { get; set; }
    [JsonPropertyName("input")] public string? Input { get; set; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CachedAnswer))]
internal sealed partial class CachingJsonContext : JsonSerializerContext;
