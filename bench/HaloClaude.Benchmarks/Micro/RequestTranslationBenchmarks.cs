using System.Text.Json;

using BenchmarkDotNet.Attributes;

using HaloClaude.Anthropic;
using HaloClaude.Benchmarks.Payloads;
using HaloClaude.Translation;

namespace HaloClaude.Benchmarks.Micro;

/// <summary>The request side of one typical Halo click (~3 KB): the translator alone, and the whole way from the bytes
/// Halo sends to the bytes sent to Anthropic.</summary>
[MemoryDiagnoser]
public class RequestTranslationBenchmarks
{
    private readonly Fixture _fixture = new(stream: false);
    private readonly Utf8JsonWriter _writer = new(Stream.Null);

    [Benchmark(Description = "Request: translate")]
    public TranslatedRequest Translate() => RequestTranslator.Translate(_fixture.Request, HaloPayloads.Model, Fixture.Limits);

    [Benchmark(Description = "Request: parse + translate + write")]
    public int ParseTranslateWrite()
    {
        var request = Fixture.ParseRequest(_fixture.RequestBytes);
        var upstream = RequestTranslator.Translate(request, HaloPayloads.Model, Fixture.Limits).Upstream;
        upstream.Stream = true;
        var output = _fixture.Output;
        output.ResetWrittenCount();
        _writer.Reset(output);
        JsonSerializer.Serialize(_writer, upstream, AnthropicJsonContext.Default.MessagesRequest);
        return output.WrittenCount;
    }
}
