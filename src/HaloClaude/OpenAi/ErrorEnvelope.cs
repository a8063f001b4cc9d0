using System.Text.Json.Serialization;

namespace HaloClaude.OpenAi;

/// <summary>The Azure / OpenAI error body: a single top-level <c>error</c> member.</summary>
public sealed class ErrorEnvelope
{
    [JsonPropertyName("error")] public required ErrorBody Error { get; init; }
}

public sealed class ErrorBody
{
    [JsonPropertyName("code")] public required string Code { get; init; }
    [JsonPropertyName("message")] public required string Message { get; init; }
    [JsonPropertyName("param"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] public string? Param { get; init; }
    [JsonPropertyName("type"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] public string? Type { get; init; }
}

/// <summary>The model list returned by <c>GET /openai/models</c> and <c>GET /v1/models</c>.</summary>
public sealed class ModelList
{
    [JsonPropertyName("object")] public string Object { get; init; } = "list";
    [JsonPropertyName("data")] public required List<ModelEntry> Data { get; init; }
}

public sealed class ModelEntry
{
    [JsonPropertyName("id")] public required string Id { get; init; }
    [JsonPropertyName("object")] public string Object { get; init; } = "model";
    [JsonPropertyName("created")] public long Created { get; init; }
    [JsonPropertyName("owned_by")] public string OwnedBy { get; init; } = "anthropic";
    /// <summary>The Claude model the deployment answers with.</summary>
    [JsonPropertyName("model")] public string? Model { get; init; }
}
