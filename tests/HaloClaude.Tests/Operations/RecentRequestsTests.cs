using HaloClaude.Operations.Dashboard;

using Microsoft.Extensions.Options;

namespace HaloClaude.Tests.Operations;

public sealed class RecentRequestsTests
{
    private static RecentRequest Request(int n) =>
        new(DateTimeOffset.UnixEpoch.AddSeconds(n), $"req_{n}", "d", "m", 200, "ok", false, 10, 1, 1, 0, 0, 0.01m, false);

    [Fact]
    public void The_ring_keeps_only_the_newest_requests_newest_first()
    {
        var recent = new RecentRequests(Options.Create(new DashboardOptions { RecentRequests = 3 }));

        for (var i = 1; i <= 5; i++)
        {
            recent.Add(Request(i));
        }

        recent.Snapshot().Select(r => r.RequestId).ShouldBe(["req_5", "req_4", "req_3"]);
    }

    [Fact]
    public void Charts_and_table_encode_whatever_text_they_show()
    {
        var hostile = Request(1) with { RequestId = "<script>alert(1)</script>", Deployment = "a&b" };

        var html = DashboardPage.Render([hostile], 10, DateTimeOffset.UnixEpoch);

        html.ShouldNotContain("<script>");
        html.ShouldContain("&lt;script&gt;");
        html.ShouldContain("a&amp;b");
    }
}
