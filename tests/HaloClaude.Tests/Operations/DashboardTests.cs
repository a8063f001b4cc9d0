using System.Net;
using System.Net.Http.Headers;
using System.Text;

using HaloClaude.Tests.TestKit;

namespace HaloClaude.Tests.Operations;

public sealed class DashboardTests
{
    private const string AdminKey = "admin-dashboard-key-4c1b7a";
    private const string Deployment = "ops-dashboard-deployment";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static Dictionary<string, string?> Settings(bool admin) => new()
    {
        ["ADMIN_API_KEY"] = admin ? AdminKey : null,
        [$"DEPLOYMENT:{Deployment}"] = "claude-haiku-5-5",
    };

    [Fact]
    public async Task The_dashboard_is_not_served_without_an_admin_key()
    {
        await using var upstream = await FakeAnthropic.StartAsync();
        await using var proxy = await ProxyHost.StartAsync(upstream, Settings(admin: false));

        using var response = await proxy.Client.GetAsync("/dashboard", Cancel);

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task The_dashboard_asks_the_browser_to_sign_in_and_refuses_proxy_keys()
    {
        await using var upstream = await FakeAnthropic.StartAsync();
        await using var proxy = await ProxyHost.StartAsync(upstream, Settings(admin: true));

        using var anonymous = await GetAsync(proxy, null);
        using var withProxyKey = await proxy.Client.GetAsync("/dashboard", Cancel);
        using var wrongPassword = await GetAsync(proxy, Basic("admin", "wrong"));

        anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        anonymous.Headers.WwwAuthenticate.ShouldContain(h => h.Scheme == "Basic");
        withProxyKey.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        wrongPassword.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await anonymous.Content.ReadAsStringAsync(Cancel)).ShouldNotContain("Recent requests");
    }

    [Fact]
    public async Task The_dashboard_lists_a_request_just_made_with_its_tokens_cost_and_request_id()
    {
        await using var upstream = await FakeAnthropic.StartAsync();
        await using var proxy = await ProxyHost.StartAsync(upstream, Settings(admin: true));
        using var chat = await proxy.PostChatAsync("""{"messages":[{"role":"user","content":"Outlook keeps asking for a password."}]}""", Deployment, Cancel);
        var requestId = chat.Headers.GetValues("x-request-id").Single();

        using var response = await GetAsync(proxy, Basic("admin", AdminKey));
        var html = await response.Content.ReadAsStringAsync(Cancel);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        response.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("default-src 'none'");
        html.ShouldContain($"<td>{Deployment}</td><td>claude-haiku-5-5</td><td>200");
        html.ShouldContain($"<code>{requestId}</code>");
        html.ShouldContain("<svg");
        html.ShouldNotContain("Outlook keeps asking"); // the dashboard never shows prompt text
        html.ShouldNotContain("<script");
        html.ShouldNotContain("src=");
        html.ShouldNotContain("<link");
    }

    [Fact]
    public async Task The_dashboard_also_accepts_the_admin_key_as_a_bearer_token()
    {
        await using var upstream = await FakeAnthropic.StartAsync();
        await using var proxy = await ProxyHost.StartAsync(upstream, Settings(admin: true));

        using var response = await GetAsync(proxy, new AuthenticationHeaderValue("Bearer", AdminKey));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync(Cancel)).ShouldContain("No chat requests since this replica started.");
    }

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    private static async Task<HttpResponseMessage> GetAsync(ProxyHost proxy, AuthenticationHeaderValue? authorization)
    {
        using var client = new HttpClient { BaseAddress = proxy.BaseUrl };
        client.DefaultRequestHeaders.Authorization = authorization;
        return await client.GetAsync("/dashboard", Cancel);
    }
}
