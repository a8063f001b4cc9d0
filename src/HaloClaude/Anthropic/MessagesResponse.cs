using System.Text.Json.Serialization;

namespace HaloClaude.Anthropic;

/// <summary>A Messages API answer (also the <c>message</c> of a <c>message_start</c> event).</summary>
public sealed class MessagesResponse
{
    [JsonPropertyName("id")] public string? Id { get; set; }
    [JsonPropertyName("type")] public string? Type { get; set; }
    [JsonPropertyName("role")] public string? Role { get; set; }
    [JsonPropertyName("model")] public string? Model { get; set; }
    [JsonPropertyName("content")] public List<ContentBlock>? Content { get; set; }
    [JsonPropertyName("stop_reason")] public string? StopReason { get; set; }
    [JsonPropertyName("stop_sequence")] public string? StopSequence { get; set; }
    [JsonPropertyName("usage")] public Usage? Usage { get; set; }
}

public sealed class Usage
{
    [JsonPropertyName("input_tokens")] public long? InputTokens { get; set; }
    [JsonPropertyName("output_tokens")] public long? OutputTokens { get; set; }
    [JsonPropertyName("cache_creation_input_tokens")] public long? CacheCreationInputTokens { get; set; }
    [JsonPropertyName("cache_read_input_tokens")] public long? CacheReadInputTokens { get; set; }
}

/// <summary>One server-sent event of a streamed Messages answer; only the members of its <see cref="Type"/> are set.</summary>
public sealed class StreamEvent
{
    [JsonPropertyName("type")] public string? Type { get; set; }
    [JsonPropertyName("message")] public MessagesResponse? Message { get; set; }
    [JsonPropertyName("index")] public int? Index { get; set; }
    [JsonPropertyName("content_block")] public ContentBlock? ContentBlock { get; set; }
    [JsonPropertyName("delta")] public StreamDelta? Delta { get; set; }
    [JsonPropertyName("usage")] public Usage? Usage { get; set; }
    [JsonPropertyName("error")] public ErrorDetail? Error { get; set; }
}

public sealed class StreamDelta
{
    [JsonPropertyName("type")] public string? Type { get; set; }
    [JsonPropertyName("text")] public string? Text { get; set; }
    [JsonPropertyName("partial_json")] public string? PartialJson { get; set; }
    [JsonPropertyName("thinking")] public string? Thinking { get; set; }
    [JsonPropertyName("signature")] public string? Signature { get; set; }
    [JsonPropertyName("stop_reason")] public string? StopReason { get; set; }
    [JsonPropertyName("stop_sequence")] public string? StopSequence { get; set; }
}

/// <summary>Anthropic's error body: <c>{"type":"error","error":{"type":…,"message":…},"request_id":…}</c>.</summary>
public sealed class ErrorResponse
{
    [JsonPropertyName("type")] public string? Type { get; set; }
    [JsonPropertyName("error")] public ErrorDetail? Error { get; set; }
    [JsonPropertyName("request_id")] public string? RequestId { get; set; }
}

public sealed class ErrorDetail
{
    [JsonPropertyName("type")] public string? Type { get; set; }
    [JsonPropertyName("message")] public string? Message { get; set; }
}
