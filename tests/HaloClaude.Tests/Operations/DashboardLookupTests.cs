using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

using HaloClaude.Tests.Agent;
using HaloClaude.Tests.TestKit;

namespace HaloClaude.Tests.Operations;

/// <summary>The dashboard's audit of Halo lookups: per request, the ticket context the proxy read, what Claude looked up,
/// and what the scope rule refused, against the fake Halo's sample tenant.</summary>
public sealed class DashboardLookupTests : AgentTestBase
{
    private const string AdminKey = "admin-lookups-key-91e0c3";
    private const string AboutTicket = """{"messages":[{"role":"system","content":"You help the service desk. Ticket #10231"},{"role":"user","content":"What should the technician do next?"}]}""";

    protected override Dictionary<string, string?> Settings => new() { ["ADMIN_API_KEY"] = AdminKey };

    [Fact]
    public async Task The_dashboard_shows_what_claude_looked_up_and_what_the_scope_refused_for_each_request()
    {
        Upstream.Enqueue(
            FakeReply.Answer("tool_use", Call("toolu_a", "get_user", new JsonObject { ["user_id"] = 201 }), Call("toolu_b", "get_ticket", new JsonObject { ["ticket_id"] = 10241 })),
            FakeReply.Text("Marisol is the contact; the other ticket is not this client's."));
        using var chat = await Proxy.PostChatAsync(AboutTicket, cancellationToken: Token);
        chat.StatusCode.ShouldBe(HttpStatusCode.OK);
        var requestId = chat.Headers.GetValues("x-request-id").Single();
        using var plain = await Proxy.PostChatAsync("""{"messages":[{"role":"user","content":"Say hello."}]}""", cancellationToken: Token);

        var html = await DashboardAsync();

        var lookups = LookupsOf(html, requestId);
        lookups.ShouldContain("scope: ticket 10231, client 12");
        lookups.ShouldContain("<li class=\"ok\"><b>ticket context (read by the proxy)</b> <code>{&quot;ticket_id&quot;:10231}</code> ok");
        lookups.ShouldContain("<li class=\"ok\"><b>get_user</b> <code>{&quot;user_id&quot;:201}</code> ok");
        lookups.ShouldContain("<li class=\"refused\"><b>get_ticket</b> <code>{&quot;ticket_id&quot;:10241}</code> refused");
        lookups.IndexOf("ticket context", StringComparison.Ordinal).ShouldBeLessThan(lookups.IndexOf("get_user", StringComparison.Ordinal));
        html.ShouldContain("<td>3, <b>1 refused</b></td>");
        html.ShouldContain("Halo lookups</span><b>3</b>");
        html.ShouldContain("Refused by scope</span><b>1</b>");
        // A request that looked nothing up gets no lookups row.
        var plainId = plain.Headers.GetValues("x-request-id").Single();
        html.ShouldContain($"<tr data-request=\"{plainId}\">");
        html.ShouldNotContain($"data-lookups-for=\"{plainId}\"");
    }

    [Fact]
    public async Task Tool_arguments_written_by_claude_are_html_encoded_on_the_dashboard()
    {
        const string Injected = "<img src=x onerror=alert(1)><script>alert('kb')</script>";
        Upstream.Enqueue(
            FakeReply.Answer("tool_use", Call("toolu_x", "search_kb", new JsonObject { ["query"] = Injected })),
            FakeReply.Text("Nothing found."));
        using var chat = await Proxy.PostChatAsync(AboutTicket, cancellationToken: Token);
        var requestId = chat.Headers.GetValues("x-request-id").Single();

        var html = await DashboardAsync();

        LookupsOf(html, requestId).ShouldContain("&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(&#39;kb&#39;)&lt;/script&gt;");
        html.ShouldNotContain("<img");
        html.ShouldNotContain("<script");
    }

    [Fact]
    public async Task A_ticket_context_that_halo_cannot_give_is_shown_as_an_error()
    {
        Halo.Fail("Tickets/10231", 500);
        using var chat = await Proxy.PostChatAsync(AboutTicket, cancellationToken: Token);
        var requestId = chat.Headers.GetValues("x-request-id").Single();

        var html = await DashboardAsync();

        LookupsOf(html, requestId).ShouldContain("<li class=\"error\"><b>ticket context (read by the proxy)</b> <code>{&quot;ticket_id&quot;:10231}</code> error");
    }

    private static string LookupsOf(string html, string requestId)
    {
        var start = html.IndexOf($"<tr class=\"lookups\" data-lookups-for=\"{requestId}\">", StringComparison.Ordinal);
        start.ShouldBeGreaterThanOrEqualTo(0, $"no lookups row for request {requestId}");
        var row = html[start..];
        return row[..row.IndexOf("</tr>", StringComparison.Ordinal)];
    }

    private async Task<string> DashboardAsync()
    {
        using var client = new HttpClient { BaseAddress = Proxy.BaseUrl };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("admin:" + AdminKey)));
        using var response = await client.GetAsync("/dashboard", Token);
        var html = await response.Content.ReadAsStringAsync(Token);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, html);
        return html;
    }
}
