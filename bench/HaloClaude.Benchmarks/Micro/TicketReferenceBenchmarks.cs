using BenchmarkDotNet.Attributes;

using HaloClaude.Agent;
using HaloClaude.Anthropic;
using HaloClaude.Benchmarks.Payloads;
using HaloClaude.Translation;

using Microsoft.Extensions.Options;

namespace HaloClaude.Benchmarks.Micro;

/// <summary>The ticket reference search every request goes through (it scopes the response cache), with the default
/// patterns, on the typical Halo request.</summary>
[MemoryDiagnoser]
public class TicketReferenceBenchmarks
{
    private readonly TicketReferenceFinder _finder = new(new FixedOptions<AgentOptions>(new AgentOptions()));
    private readonly MessagesRequest _request =
        RequestTranslator.Translate(Fixture.ParseRequest(HaloPayloads.ChatRequest(stream: false)), HaloPayloads.Model, Fixture.Limits).Upstream;

    [Benchmark(Description = "Ticket reference: find")]
    public long? Find() => _finder.Find(_request);

    private sealed class FixedOptions<T>(T value) : IOptionsMonitor<T>
    {
        public T CurrentValue => value;

        public T Get(string? name) => value;

        public IDisposable? OnChange(Action<T, string?> listener) => null;
    }
}
