using System.Text.Json.Serialization;

namespace HaloClaude.Anthropic;

/// <summary>Source-generated serialisation for the Anthropic Messages wire format.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(MessagesRequest))]
[JsonSerializable(typeof(MessagesResponse))]
[JsonSerializable(typeof(StreamEvent))]
[JsonSerializable(typeof(ErrorResponse))]
public sealed partial class AnthropicJsonContext : JsonSerializerContext;
