using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace HaloClaude.Operations.Telemetry;

/// <summary>The proxy's own traces (<see cref="Source"/>) and metrics (<c>Meter("HaloClaude")</c>). Always on and cheap:
/// nothing is collected unless an exporter (Prometheus, OTLP, Azure Monitor) or a listener subscribes.</summary>
public sealed class HaloClaudeInstruments : IDisposable
{
    /// <summary>The name of both the <see cref="ActivitySource"/> and the <see cref="Meter"/>.</summary>
    public const string Name = "HaloClaude";

    /// <summary>Spans for each upstream Claude call and each Halo tool call.</summary>
    public static readonly ActivitySource Source = new(Name);

    private static readonly double[] DurationBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600];

    private readonly Meter _meter;

    public HaloClaudeInstruments(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(Name);
        Requests = _meter.CreateCounter<long>("haloclaude.requests", "{request}", "Chat completion requests by deployment, model, HTTP status and outcome.");
        Duration = _meter.CreateHistogram("haloclaude.request.duration", "s", "Time from receiving a chat request to its last byte.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        Tokens = _meter.CreateCounter<long>("haloclaude.tokens", "{token}", "Tokens Claude reported, by deployment, model and type (input, output, cache_read, cache_write).");
        Cost = _meter.CreateCounter<double>("haloclaude.cost.usd", null, "Estimated cost in US dollars from the configured price table.");
        ToolCalls = _meter.CreateCounter<long>("haloclaude.tool.calls", "{call}", "Halo tool calls by tool and outcome.");
        CacheHits = _meter.CreateCounter<long>("haloclaude.cache.hits", "{hit}", "Answers or lookups served from the proxy's cache, by cache.");
        UpstreamRetries = _meter.CreateCounter<long>("haloclaude.upstream.retries", "{retry}", "Anthropic calls retried before the answer started, by model and the status that caused the retry.");
        Fallbacks = _meter.CreateCounter<long>("haloclaude.fallbacks", "{request}", "Requests answered by a fallback model, by deployment, model and reason (model_retired, overloaded).");
    }

    public Counter<long> Requests { get; }
    public Histogram<double> Duration { get; }
    public Counter<long> Tokens { get; }
    public Counter<double> Cost { get; }
    public Counter<long> ToolCalls { get; }
    public Counter<long> CacheHits { get; }
    public Counter<long> UpstreamRetries { get; }
    public Counter<long> Fallbacks { get; }

    /// <summary>Starts the span of one upstream Messages call (GenAI semantic conventions).</summary>
    public static Activity? StartUpstreamCall(string deployment, string model)
    {
        var activity = Source.StartActivity($"chat {model}", ActivityKind.Client);
        activity?.SetTag("gen_ai.operation.name", "chat");
        activity?.SetTag("gen_ai.provider.name", "anthropic");
        activity?.SetTag("gen_ai.request.model", model);
        activity?.SetTag("haloclaude.deployment", deployment);
        return activity;
    }

    /// <summary>Starts the span of one Halo tool call; end it with <see cref="RecordToolCall"/> for the metric.</summary>
    public static Activity? StartToolCall(string tool)
    {
        var activity = Source.StartActivity($"execute_tool {tool}", ActivityKind.Internal);
        activity?.SetTag("gen_ai.operation.name", "execute_tool");
        activity?.SetTag("gen_ai.tool.name", tool);
        return activity;
    }

    /// <summary>Counts a tool call. <paramref name="outcome"/> is a small fixed set, e.g. <c>ok</c>, <c>error</c>, <c>refused</c>.</summary>
    public void RecordToolCall(string tool, string outcome) =>
        ToolCalls.Add(1, new KeyValuePair<string, object?>("tool", tool), new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>Counts a cache hit in the named cache (e.g. <c>response</c>, <c>halo</c>).</summary>
    public void RecordCacheHit(string cache) => CacheHits.Add(1, new KeyValuePair<string, object?>("cache", cache));

    /// <summary>Counts one retry of an Anthropic call; <paramref name="status"/> is the HTTP status or <c>connection</c>.</summary>
    public void RecordUpstreamRetry(string model, string status) =>
        UpstreamRetries.Add(1, new KeyValuePair<string, object?>("model", model), new KeyValuePair<string, object?>("status", status));

    /// <summary>Counts a request answered by a fallback model; <paramref name="reason"/> is <c>model_retired</c> or <c>overloaded</c>.</summary>
    public void RecordFallback(string deployment, string model, string reason) =>
        Fallbacks.Add(1, new KeyValuePair<string, object?>("deployment", deployment), new KeyValuePair<string, object?>("model", model), new KeyValuePair<string, object?>("reason", reason));

    public void Dispose() => _meter.Dispose();
}
