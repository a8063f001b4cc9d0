using System.Text.Json;

using BenchmarkDotNet.Attributes;

using HaloClaude.OpenAi;
using HaloClaude.Translation;

namespace HaloClaude.Benchmarks.Micro;

/// <summary>The answer of one typical Halo click (~1.4 KB of text in 60 deltas) for a caller that did not ask for a
/// stream: the events folded into one <c>chat.completion</c> and written, with and without reading the SSE first.</summary>
[MemoryDiagnoser]
public class ResponseTranslationBenchmarks
{
    private readonly Fixture _fixture = new(stream: false);
    private readonly Utf8JsonWriter _writer = new(Stream.Null, new JsonWriterOptions { Encoder = OpenAiJsonContext.AnswerEncoder });

    [Benchmark(Description = "Response: aggregate + write")]
    public int AggregateWrite() => Write(_fixture.Events);

    [Benchmark(Description = "Response: parse SSE + aggregate + write")]
    public int ParseAggregateWrite() => Write(_fixture.ParseAnswer());

    private int Write(IEnumerable<Anthropic.StreamEvent> events)
    {
        var aggregator = new ResponseAggregator(_fixture.Shape, 1_767_225_600);
        foreach (var item in events)
        {
            aggregator.Add(item);
        }

        var output = _fixture.Output;
        output.ResetWrittenCount();
        _writer.Reset(output);
        JsonSerializer.Serialize(_writer, aggregator.Build(), OpenAiJsonContext.Answers.ChatCompletion);
        return output.WrittenCount;
    }
}
