using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace HaloClaude.Anthropic;

/// <summary>The body of <c>POST /v1/messages</c>.</summary>
public sealed class MessagesRequest
{
    [JsonPropertyName("model")] public required string Model { get; set; }
    [JsonPropertyName("max_tokens")] public int MaxTokens { get; set; }
    [JsonPropertyName("system")] public List<ContentBlock>? System { get; set; }
    [JsonPropertyName("messages")] public required List<Message> Messages { get; set; }
    [JsonPropertyName("stop_sequences")] public List<string>? StopSequences { get; set; }
    [JsonPropertyName("temperature")] public double? Temperature { get; set; }
    [JsonPropertyName("top_p")] public double? TopP { get; set; }
    [JsonPropertyName("stream")] public bool? Stream { get; set; }
    [JsonPropertyName("tools")] public List<Tool>? Tools { get; set; }
    [JsonPropertyName("tool_choice")] public ToolChoice? ToolChoice { get; set; }
    [JsonPropertyName("metadata")] public RequestMetadata? Metadata { get; set; }
    [JsonPropertyName("thinking")] public ThinkingConfig? Thinking { get; set; }
    [JsonPropertyName("output_config")] public OutputConfig? OutputConfig { get; set; }
}

public sealed class Message
{
    [JsonPropertyName("role")] public required string Role { get; set; }
    [JsonPropertyName("content")] public required List<ContentBlock> Content { get; set; }
}

/// <summary>A content block of any type; only the members of its <see cref="Type"/> are set.</summary>
/// <remarks>One flat type instead of a class hierarchy keeps (de)serialisation cheap and lets unknown block types pass through parsing.</remarks>
public sealed class ContentBlock
{
    [JsonPropertyName("type")] public required string Type { get; set; }
    [JsonPropertyName("text")] public string? Text { get; set; }
    [JsonPropertyName("source")] public BlockSource? Source { get; set; }
    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("input")] public JsonElement? Input { get; set; }
    [JsonPropertyName("tool_use_id")] public string? ToolUseId { get; set; }
    [JsonPropertyName("content")] public List<ContentBlock>? Content { get; set; }
    [JsonPropertyName("is_error")] public bool? IsError { get; set; }
    [JsonPropertyName("thinking")] public string? Thinking { get; set; }
    [JsonPropertyName("signature")] public string? Signature { get; set; }
    [JsonPropertyName("data")] public string? Data { get; set; }
    [JsonPropertyName("cache_control")] public CacheControl? CacheControl { get; set; }

    public static ContentBlock FromText(string text) => new() { Type = "text", Text = text };
}

public sealed class BlockSource
{
    [JsonPropertyName("type")] public required string Type { get; set; }
    [JsonPropertyName("media_type")] public string? MediaType { get; set; }
    [JsonPropertyName("data")] public string? Data { get; set; }
    [JsonPropertyName("url")] public string? Url { get; set; }
}

public sealed class CacheControl
{
    [JsonPropertyName("type")] public string Type { get; set; } = "ephemeral";
}

public sealed class Tool
{
    [JsonPropertyName("name")] public required string Name { get; set; }
    [JsonPropertyName("description")] public string? Description { get; set; }
    [JsonPropertyName("input_schema")] public required JsonNode InputSchema { get; set; }
    [JsonPropertyName("strict")] public bool? Strict { get; set; }
    [JsonPropertyName("cache_control")] public CacheControl? CacheControl { get; set; }
}

public sealed class ToolChoice
{
    [JsonPropertyName("type")] public required string Type { get; set; }
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("disable_parallel_tool_use")] public bool? DisableParallelToolUse { get; set; }
}

public sealed class RequestMetadata
{
    [JsonPropertyName("user_id")] public string? UserId { get; set; }
}

public sealed class ThinkingConfig
{
    [JsonPropertyName("type")] public required string Type { get; set; }
    [JsonPropertyName("budget_tokens")] public int? BudgetTokens { get; set; }
}

public sealed class OutputConfig
{
    [JsonPropertyName("effort")] public string? Effort { get; set; }
    [JsonPropertyName("format")] public OutputFormat? Format { get; set; }
}

public sealed class OutputFormat
{
    [JsonPropertyName("type")] public string Type { get; set; } = "json_schema";
    [JsonPropertyName("schema")] public required JsonNode Schema { get; set; }
}
