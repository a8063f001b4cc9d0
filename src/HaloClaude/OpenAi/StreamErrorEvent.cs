using System.Text.Json.Serialization;

namespace HaloClaude.OpenAi;

/// <summary>The last event of a stream that failed after it started: the error, as in <see cref="ErrorEnvelope"/>.</summary>
/// <remarks>COMPAT: OpenAI's error event has no <c>choices</c>. Azure.AI.OpenAI 1.0.0-beta.6 parses every event as a chunk,
/// and its background reader fails on one without <c>choices</c>; that failure reaches the application only if the
/// reader gets there before the application asks for the first choice, which is a race. With an empty list the reader
/// reads on to the end, and the closing chunk (<c>StreamTranslator.FailureChunk</c>) alone makes the client raise, every
/// time after the text already shown. Clients that look for <c>error</c> are unaffected.</remarks>
public sealed class StreamErrorEvent
{
    [JsonPropertyName("error")] public required ErrorBody Error { get; init; }
    [JsonPropertyName("choices")] public IReadOnlyList<ChunkChoice> Choices { get; } = [];
}
