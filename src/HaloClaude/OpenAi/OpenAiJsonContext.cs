using System.Text.Json.Serialization;

namespace HaloClaude.OpenAi;

/// <summary>Source-generated serialisation for the Azure OpenAI wire format (no reflection on the hot path).</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    MaxDepth = 64,
    AllowDuplicateProperties = false,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(ChatCompletionRequest))]
[JsonSerializable(typeof(ContentPart))]
[JsonSerializable(typeof(ChatCompletion))]
[JsonSerializable(typeof(ChatCompletionChunk))]
[JsonSerializable(typeof(ErrorEnvelope))]
[JsonSerializable(typeof(ModelList))]
public sealed partial class OpenAiJsonContext : JsonSerializerContext;
