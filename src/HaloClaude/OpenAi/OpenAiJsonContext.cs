using System.Text.Encodings.Web;
using System.Text.Json;
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
[JsonSerializable(typeof(StreamErrorEvent))]
[JsonSerializable(typeof(ModelList))]
public sealed partial class OpenAiJsonContext : JsonSerializerContext
{
    /// <summary>
    /// For writing answers: non-ASCII text stays UTF-8 instead of <c>\uXXXX</c> escapes, as OpenAI's own answers do.
    /// Safe because these bodies are served as <c>application/json</c> or <c>text/event-stream</c>, never embedded in HTML.
    /// </summary>
    public static JavaScriptEncoder AnswerEncoder => JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    /// <summary>The context to serialise answers with (see <see cref="AnswerEncoder"/>).</summary>
    public static OpenAiJsonContext Answers => field ??= new(new JsonSerializerOptions(Default.Options) { Encoder = AnswerEncoder });
}
