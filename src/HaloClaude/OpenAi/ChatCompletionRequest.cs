using System.Text.Json;
using System.Text.Json.Serialization;

namespace HaloClaude.OpenAi;

/// <summary>An Azure OpenAI / OpenAI chat completions request body, every field of the 2024-02-01 and later schemas.</summary>
/// <remarks>Polymorphic fields (<c>stop</c>, <c>tool_choice</c>, message <c>content</c>) stay <see cref="JsonElement"/> and are read by the translator.
/// Unknown members are ignored, as Azure does.</remarks>
public sealed class ChatCompletionRequest
{
    [JsonPropertyName("model")] public string? Model { get; set; }
    [JsonPropertyName("messages")] public List<ChatMessage>? Messages { get; set; }
    [JsonPropertyName("max_tokens")] public long? MaxTokens { get; set; }
    [JsonPropertyName("max_completion_tokens")] public long? MaxCompletionTokens { get; set; }
    [JsonPropertyName("temperature")] public double? Temperature { get; set; }
    [JsonPropertyName("top_p")] public double? TopP { get; set; }
    [JsonPropertyName("stream")] public bool? Stream { get; set; }
    [JsonPropertyName("stream_options")] public StreamOptions? StreamOptions { get; set; }
    [JsonPropertyName("stop")] public JsonElement? Stop { get; set; }
    [JsonPropertyName("n")] public int? N { get; set; }
    [JsonPropertyName("user")] public string? User { get; set; }
    [JsonPropertyName("response_format")] public ResponseFormat? ResponseFormat { get; set; }
    [JsonPropertyName("tools")] public List<ToolDefinition>? Tools { get; set; }
    [JsonPropertyName("tool_choice")] public JsonElement? ToolChoice { get; set; }
    [JsonPropertyName("parallel_tool_calls")] public bool? ParallelToolCalls { get; set; }
    [JsonPropertyName("functions")] public List<FunctionDefinition>? Functions { get; set; }
    [JsonPropertyName("function_call")] public JsonElement? FunctionCall { get; set; }
    [JsonPropertyName("reasoning_effort")] public string? ReasoningEffort { get; set; }
    [JsonPropertyName("data_sources")] public JsonElement? DataSources { get; set; }
}

public sealed class StreamOptions
{
    [JsonPropertyName("include_usage")] public bool? IncludeUsage { get; set; }
}

public sealed class ChatMessage
{
    [JsonPropertyName("role")] public string? Role { get; set; }
    /// <summary>A string, an array of content parts, or null.</summary>
    [JsonPropertyName("content")] public JsonElement? Content { get; set; }
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("tool_calls")] public List<ToolCall>? ToolCalls { get; set; }
    [JsonPropertyName("tool_call_id")] public string? ToolCallId { get; set; }
    [JsonPropertyName("function_call")] public FunctionCall? FunctionCall { get; set; }
}

public sealed class ContentPart
{
    [JsonPropertyName("type")] public string? Type { get; set; }
    [JsonPropertyName("text")] public string? Text { get; set; }
    [JsonPropertyName("image_url")] public ImageUrl? ImageUrl { get; set; }
    [JsonPropertyName("file")] public FilePart? File { get; set; }
    [JsonPropertyName("refusal")] public string? Refusal { get; set; }
}

public sealed class ImageUrl
{
    [JsonPropertyName("url")] public string? Url { get; set; }
    [JsonPropertyName("detail")] public string? Detail { get; set; }
}

public sealed class FilePart
{
    [JsonPropertyName("file_id")] public string? FileId { get; set; }
    [JsonPropertyName("file_data")] public string? FileData { get; set; }
    [JsonPropertyName("filename")] public string? FileName { get; set; }
}

public sealed class ToolCall
{
    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("type")] public string? Type { get; set; }
    [JsonPropertyName("function")] public FunctionCall? Function { get; set; }
}

public sealed class FunctionCall
{
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("arguments")] public string? Arguments { get; set; }
}

public sealed class ToolDefinition
{
    [JsonPropertyName("type")] public string? Type { get; set; }
    [JsonPropertyName("function")] public FunctionDefinition? Function { get; set; }
}

public sealed class FunctionDefinition
{
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("description")] public string? Description { get; set; }
    [JsonPropertyName("parameters")] public JsonElement? Parameters { get; set; }
    [JsonPropertyName("strict")] public bool? Strict { get; set; }
}

public sealed class ResponseFormat
{
    [JsonPropertyName("type")] public string? Type { get; set; }
    [JsonPropertyName("json_schema")] public JsonSchemaFormat? JsonSchema { get; set; }
}

public sealed class JsonSchemaFormat
{
    [JsonPropertyName("name")] public string? Name { get; set; }
    [JsonPropertyName("description")] public string? Description { get; set; }
    [JsonPropertyName("schema")] public JsonElement? Schema { get; set; }
    [JsonPropertyName("strict")] public bool? Strict { get; set; }
}
