using System.Text.Json;
using System.Text.Json.Serialization;

namespace HaloClaude.OpenAi;

/// <summary>One <c>chat.completion.chunk</c> of a stream.</summary>
/// <remarks>Null members are omitted: the legacy Azure.AI.OpenAI 1.0.0-beta.6 reader hangs on <c>"role": null</c>.</remarks>
public sealed class ChatCompletionChunk
{
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("object")] public string Object { get; init; } = "chat.completion.chunk";
    [JsonPropertyName("created")] public long Created { get; init; }
    [JsonPropertyName("model")] public required string Model { get; init; }
    [JsonPropertyName("system_fingerprint"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] public string? SystemFingerprint { get; init; }
    [JsonPropertyName("choices")] public required List<ChunkChoice> Choices { get; init; }
    [JsonPropertyName("usage")] public ChatUsage? Usage { get; init; }
}

public sealed class ChunkChoice
{
    [JsonPropertyName("index")] public int Index { get; init; }
    /// <summary>Always set, except on the closing chunk of a failed stream (see <c>StreamTranslator.FailureChunk</c>).</summary>
    [JsonPropertyName("delta")] public ChunkDelta? Delta { get; init; }
    [JsonPropertyName("logprobs"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] public JsonElement? Logprobs { get; init; }
    [JsonPropertyName("finish_reason"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] public string? FinishReason { get; init; }
}

public sealed class ChunkDelta
{
    [JsonPropertyName("role")] public string? Role { get; init; }
    [JsonPropertyName("content")] public string? Content { get; set; } // set: StreamTranslator reuses its text chunk
    [JsonPropertyName("tool_calls")] public List<ResponseToolCall>? ToolCalls { get; init; }
    [JsonPropertyName("function_call")] public ResponseFunctionCall? FunctionCall { get; init; }
}
