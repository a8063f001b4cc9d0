using BenchmarkDotNet.Running;

using HaloClaude.Benchmarks.Load;

// bench/run.sh uses the first three; anything else goes to BenchmarkDotNet (e.g. --filter '*').
return args.FirstOrDefault() switch
{
    "upstream" => await FakeUpstream.RunAsync(args[1..]),
    "first-chunk" => await FirstChunkProbe.RunAsync(args[1..]),
    "payloads" => PayloadWriter.Run(args[1..]),
    _ => Summaries(BenchmarkSwitcher.FromAssembly(typeof(FakeUpstream).Assembly).Run(args)),
};

static int Summaries(IEnumerable<BenchmarkDotNet.Reports.Summary> summaries) =>
    summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success)) ? 1 : 0;
