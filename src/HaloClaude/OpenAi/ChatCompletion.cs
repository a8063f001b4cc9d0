using System.Text.Json;
using System.Text.Json.Serialization;

namespace HaloClaude.OpenAi;

/// <summary>A non-streaming <c>chat.completion</c> answer.</summary>
public sealed class ChatCompletion
{
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("object")] public string Object { get; init; } = "chat.completion";
    [JsonPropertyName("created")] public long Created { get; init; }
    [JsonPropertyName("model")] public required string Model { get; init; }
    [JsonPropertyName("system_fingerprint"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] public string? SystemFingerprint { get; init; }
    [JsonPropertyName("choices")] public required List<ChatChoice> Choices { get; init; }
    [JsonPropertyName("usage")] public ChatUsage? Usage { get; init; }
}

public sealed class ChatChoice
{
    [JsonPropertyName("index")] public int Index { get; init; }
    [JsonPropertyName("message")] public required ResponseMessage Message { get; init; }
    [JsonPropertyName("finish_reason"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] public string? FinishReason { get; init; }
    [JsonPropertyName("logprobs"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] public JsonElement? Logprobs { get; init; }
}

public sealed class ResponseMessage
{
    [JsonPropertyName("role")] public string Role { get; init; } = "assistant";
    // COMPAT: OpenAI sends an explicit "content": null when the answer is only tool calls.
    [JsonPropertyName("content"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] public string? Content { get; init; }
    [JsonPropertyName("tool_calls")] public List<ResponseToolCall>? ToolCalls { get; init; }
    [JsonPropertyName("function_call")] public ResponseFunctionCall? FunctionCall { get; init; }
    [JsonPropertyName("refusal"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] public string? Refusal { get; init; }
}

public sealed class ResponseToolCall
{
    [JsonPropertyName("index")] public int? Index { get; init; }
    [JsonPropertyName("id")] public string? Id { get; init; }
    [JsonPropertyName("type")] public string? Type { get; init; }
    [JsonPropertyName("function")] public required ResponseFunctionCall Function { get; init; }
}

public sealed class ResponseFunctionCall
{
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("arguments")] public string? Arguments { get; init; }
}

public sealed class ChatUsage
{
    [JsonPropertyName("prompt_tokens")] public long PromptTokens { get; init; }
    [JsonPropertyName("completion_tokens")] public long CompletionTokens { get; init; }
    [JsonPropertyName("total_tokens")] public long TotalTokens { get; init; }
    [JsonPropertyName("prompt_tokens_details")] public PromptTokensDetails? PromptTokensDetails { get; init; }
}

public sealed class PromptTokensDetails
{
    [JsonPropertyName("cached_tokens")] public long CachedTokens { get; init; }
}
