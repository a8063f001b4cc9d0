using System.Collections.Concurrent;
using System.Diagnostics;

using HaloClaude.Operations.Telemetry;
using HaloClaude.Tests.TestKit;

namespace HaloClaude.Tests.Operations;

public sealed class TracingTests
{
    private const string Deployment = "ops-tracing-deployment";

    [Fact]
    public async Task Each_upstream_call_is_a_span_with_the_model_deployment_and_token_usage()
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == HaloClaudeInstruments.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        await using var upstream = await FakeAnthropic.StartAsync();
        await using var proxy = await ProxyHost.StartAsync(upstream, new Dictionary<string, string?> { [$"DEPLOYMENT:{Deployment}"] = "claude-opus-5-5" });
        upstream.Enqueue(FakeReply.Text("Reset the MFA token from the admin portal."));

        using var response = await proxy.PostChatAsync("""{"messages":[{"role":"user","content":"User lost their phone."}]}""", Deployment, TestContext.Current.CancellationToken);
        await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        // Other tests run in parallel: only spans of this test's deployment count.
        var span = stopped.Single(a => (string?)a.GetTagItem("haloclaude.deployment") == Deployment);
        span.DisplayName.ShouldBe("chat claude-opus-5-5");
        span.Kind.ShouldBe(ActivityKind.Client);
        span.GetTagItem("gen_ai.request.model").ShouldBe("claude-opus-5-5");
        ((long)span.GetTagItem("gen_ai.usage.output_tokens")!).ShouldBeGreaterThan(0);
        span.GetTagItem("anthropic.request_id").ShouldBe(response.Headers.GetValues("x-request-id").Single());
    }
}
