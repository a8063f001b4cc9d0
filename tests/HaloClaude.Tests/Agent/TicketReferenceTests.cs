using System.Net;

using HaloClaude.Tests.Support;

namespace HaloClaude.Tests.Agent;

/// <summary>The ticket reference search runs on every request (it scopes the response cache), so it must never fail one.</summary>
public sealed class TicketReferenceTests : ProxyTest
{
    // A configured pattern that backtracks exponentially on a run of "a"s: it always runs into the regex time limit.
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Agent:TicketPatterns:0"] = @"^(a|a?)+$(?<id>\d*)",
    };

    [Fact]
    public async Task A_ticket_pattern_that_runs_out_of_time_finds_no_ticket_instead_of_failing_the_request()
    {
        var text = new string('a', 40) + "!";

        var reply = await PostAsync(Body(messages: $$"""[{"role":"user","content":"{{text}}"}]"""));

        reply.Status.ShouldBe(HttpStatusCode.OK, reply.Text);
        Proxy.Logs.AllText.ShouldNotContain("RegexMatchTimeoutException");
    }
}
