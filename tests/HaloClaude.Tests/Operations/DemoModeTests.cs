using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

using HaloClaude.Operations.Demo;
using HaloClaude.Tests.TestKit;

using Microsoft.Extensions.Configuration;

namespace HaloClaude.Tests.Operations;

public sealed class DemoModeTests : IAsyncLifetime
{
    private ProxyHost _proxy = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _proxy = await ProxyHost.StartDemoAsync();

    public async ValueTask DisposeAsync() => await _proxy.DisposeAsync();

    [Fact]
    public void Demo_mode_is_only_switched_on_by_the_command_line_switch_which_is_then_removed()
    {
        string[] args = ["--urls", "http://127.0.0.1:5000", "--demo"];

        DemoMode.Requested(ref args).ShouldBeTrue();
        args.ShouldBe(["--urls", "http://127.0.0.1:5000"]);

        string[] plain = ["--urls", "http://127.0.0.1:5000"];
        DemoMode.Requested(ref plain).ShouldBeFalse();
    }

    [Fact]
    public void Demo_mode_refuses_to_start_when_a_real_anthropic_key_is_set()
    {
        var withKey = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ANTHROPIC_API_KEY"] = "sk-ant-real" }).Build();
        var withoutKey = new ConfigurationBuilder().Build();

        DemoMode.Refusal(withKey).ShouldNotBeNull().ShouldContain("ANTHROPIC_API_KEY");
        DemoMode.Refusal(withoutKey).ShouldBeNull();
    }

    [Theory]
    [InlineData("HALO_API_URL")]
    [InlineData("HALO_CLIENT_SECRET")]
    [InlineData("Halo:ApiUrl")]
    public void Demo_mode_refuses_to_start_when_a_real_halo_is_configured(string setting)
    {
        var withHalo = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [setting] = "https://acme.halopsa.example" }).Build();

        var refusal = DemoMode.Refusal(withHalo).ShouldNotBeNull();

        refusal.ShouldContain(setting);
        refusal.ShouldNotContain("acme.halopsa.example"); // names the setting, never its value
    }

    [Fact]
    public async Task A_demo_question_about_a_sample_ticket_is_answered_with_its_context_and_a_halo_tool_call()
    {
        var response = await _proxy.PostChatAsync(
            """{"messages":[{"role":"user","content":"Ticket #10231: what should the technician do next?"}]}""",
            "claude-sonnet-4-5",
            Token);

        var text = await response.Content.ReadAsStringAsync(Token);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        var content = JsonNode.Parse(text)!["choices"]![0]!["message"]!["content"]!.GetValue<string>();
        content.ShouldStartWith(DemoMode.AnswerPrefix);
        // The pre-fetched context (ticket summary and client from the sample tenant) reached the simulated Claude...
        content.ShouldContain("Halo ticket context");
        content.ShouldContain("VetLedger won't open on reception PC");
        content.ShouldContain("Fernhollow Veterinary Group");
        // ...and so did the result of its get_ticket call, run by the proxy's tool loop against the simulated Halo.
        content.ShouldContain("with get_ticket; what came back begins: \"Ticket #10231");
    }

    [Fact]
    public async Task The_demo_dashboard_shows_the_ticket_request_and_its_halo_lookups()
    {
        using var chat = await _proxy.PostChatAsync(
            """{"messages":[{"role":"user","content":"Ticket #10231: what should the technician do next?"}]}""",
            "claude-sonnet-4-5",
            Token);
        var requestId = chat.Headers.GetValues("x-request-id").Single();

        using var dashboard = await GetDashboardAsync(DemoMode.DemoAdminKey);
        var html = await dashboard.Content.ReadAsStringAsync(Token);

        dashboard.StatusCode.ShouldBe(HttpStatusCode.OK);
        html.ShouldContain($"<tr data-request=\"{requestId}\">");
        var lookups = html[html.IndexOf($"data-lookups-for=\"{requestId}\"", StringComparison.Ordinal)..];
        lookups = lookups[..lookups.IndexOf("</tr>", StringComparison.Ordinal)];
        lookups.ShouldContain("scope: ticket 10231, client 12");
        lookups.ShouldContain("<li class=\"ok\"><b>ticket context (read by the proxy)</b>");
        lookups.ShouldContain("<li class=\"ok\"><b>get_ticket</b> <code>{&quot;ticket_id&quot;:10231}</code> ok");
    }

    [Fact]
    public async Task An_unknown_ticket_is_not_found_in_the_simulated_halo_and_the_answer_still_comes()
    {
        using var chat = await _proxy.PostChatAsync(
            """{"messages":[{"role":"user","content":"Ticket #99999: any news?"}]}""",
            "claude-sonnet-4-5",
            Token);
        var content = JsonNode.Parse(await chat.Content.ReadAsStringAsync(Token))!["choices"]![0]!["message"]!["content"]!.GetValue<string>();

        chat.StatusCode.ShouldBe(HttpStatusCode.OK);
        content.ShouldStartWith(DemoMode.AnswerPrefix);
        content.ShouldNotContain("Halo ticket context");
        content.ShouldContain("does not exist");
        using var dashboard = await GetDashboardAsync(DemoMode.DemoAdminKey);
        (await dashboard.Content.ReadAsStringAsync(Token)).ShouldContain("<li class=\"error\"><b>ticket context (read by the proxy)</b> <code>{&quot;ticket_id&quot;:99999}</code> error");
    }

    [Fact]
    public void The_banner_prints_a_curl_about_a_sample_ticket_and_how_to_sign_in_to_the_dashboard()
    {
        var printed = _proxy.DemoOutput!.ToString();
        var url = _proxy.BaseUrl.ToString().TrimEnd('/');

        printed.ShouldContain($"curl -s \"{url}/openai/deployments/claude-sonnet-4-5/chat/completions?api-version=2024-02-01\"");
        printed.ShouldContain("-H \"api-key: demo-key\"");
        printed.ShouldContain("Ticket #10231");
        printed.ShouldContain($"{url}/dashboard");
        printed.ShouldContain("password demo-admin");
    }

    [Fact]
    public void The_banner_never_prints_keys_the_user_configured_and_names_a_reachable_address()
    {
        var printed = DemoBanner.Instructions("http://0.0.0.0:5123", new DemoKeys(DemoProxyKey: false, DemoAdminKey: false));

        printed.ShouldContain("http://127.0.0.1:5123/dashboard");
        printed.ShouldContain("api-key: $LITELLM_MASTER_KEY");
        printed.ShouldContain("password your ADMIN_API_KEY");
        printed.ShouldNotContain(DemoMode.DemoAdminKey);
        printed.ShouldNotContain(DemoMode.DemoProxyKey);
    }

    [Fact]
    public async Task A_configured_admin_key_replaces_the_demo_admin_key()
    {
        await using var proxy = await ProxyHost.StartDemoAsync(new Dictionary<string, string?> { ["ADMIN_API_KEY"] = "my-own-admin-key-7d2f" });

        using var demoKey = await GetDashboardAsync(proxy, DemoMode.DemoAdminKey);
        using var ownKey = await GetDashboardAsync(proxy, "my-own-admin-key-7d2f");

        demoKey.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        ownKey.StatusCode.ShouldBe(HttpStatusCode.OK);
        proxy.DemoOutput!.ToString().ShouldNotContain("my-own-admin-key-7d2f");
    }

    [Fact]
    public async Task The_simulated_halo_behaves_like_halo_for_tokens_unknown_records_and_writes()
    {
        using var halo = new HttpClient(new SimulatedHaloHandler()) { BaseAddress = new Uri(DemoMode.SimulatedHaloUrl) };
        using var wrongSecret = await halo.PostAsync("/auth/token", Form(DemoMode.SimulatedHaloClientId, "wrong"), Token);
        using var tokenResponse = await halo.PostAsync("/auth/token", Form(DemoMode.SimulatedHaloClientId, DemoMode.SimulatedHaloClientSecret), Token);
        var token = JsonNode.Parse(await tokenResponse.Content.ReadAsStringAsync(Token))!["access_token"]!.GetValue<string>();
        using var anonymous = await halo.GetAsync("/api/Tickets/10231?includedetails=true", Token);
        halo.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var ticket = await halo.GetAsync("/api/Tickets/10231?includedetails=true", Token);
        using var openTickets = await halo.GetAsync("/api/Tickets?client_id=12&open_only=true&count=2", Token);
        using var unknown = await halo.GetAsync("/api/Tickets/99999?includedetails=true", Token);
        using var write = await halo.PostAsync("/api/Tickets", new StringContent("[]", Encoding.UTF8, "application/json"), Token);

        wrongSecret.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await wrongSecret.Content.ReadAsStringAsync(Token)).ShouldContain("invalid_client");
        anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        ticket.StatusCode.ShouldBe(HttpStatusCode.OK);
        JsonNode.Parse(await ticket.Content.ReadAsStringAsync(Token))!["summary"]!.GetValue<string>().ShouldBe("VetLedger won't open on reception PC");
        var rows = JsonNode.Parse(await openTickets.Content.ReadAsStringAsync(Token))!["tickets"]!.AsArray();
        rows.Count.ShouldBe(2);
        rows.ShouldAllBe(r => r!["client_id"]!.GetValue<long>() == 12 && r["status_id"]!.GetValue<long>() != 9);
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        write.StatusCode.ShouldBe(HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task A_demo_answer_runs_the_real_pipeline_and_says_it_is_simulated()
    {
        var response = await _proxy.PostChatAsync(
            """{"messages":[{"role":"system","content":"You are a service desk assistant."},{"role":"user","content":"Outlook keeps asking for my password."}]}""",
            "claude-sonnet-4-5",
            Token);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(Token))!;
        body["object"]!.GetValue<string>().ShouldBe("chat.completion");
        var content = body["choices"]![0]!["message"]!["content"]!.GetValue<string>();
        content.ShouldStartWith(DemoMode.AnswerPrefix);
        content.ShouldContain("Outlook keeps asking for my password.");
        body["usage"]!["total_tokens"]!.GetValue<int>().ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task A_streamed_demo_answer_is_a_complete_stream()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent("""{"model":"claude-haiku-4-5","stream":true,"messages":[{"role":"user","content":"Hello"}]}""", Encoding.UTF8, "application/json"),
        };
        using var response = await _proxy.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Token);

        var items = await SseReader.ReadAllAsync(response, Token);

        items[^1].IsDone.ShouldBeTrue();
        var text = string.Concat(items.Where(i => i.Data is not null && !i.IsDone)
            .Select(i => i.Json["choices"]!.AsArray() is { Count: > 0 } choices ? choices[0]!["delta"]!["content"]?.GetValue<string>() : null));
        text.ShouldStartWith(DemoMode.AnswerPrefix);
    }

    [Fact]
    public async Task A_demo_answer_in_json_mode_is_json_that_says_it_is_simulated()
    {
        var response = await _proxy.PostChatAsync(
            """{"response_format":{"type":"json_object"},"messages":[{"role":"user","content":"Classify this ticket as JSON."}]}""",
            "claude-haiku-4-5",
            Token);

        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(Token))!;
        var answer = JsonNode.Parse(body["choices"]![0]!["message"]!["content"]!.GetValue<string>())!;
        answer["simulated"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public async Task A_caller_tool_that_must_be_called_is_called_in_demo_mode()
    {
        var response = await _proxy.PostChatAsync(
            """{"tools":[{"type":"function","function":{"name":"create_note","parameters":{"type":"object","properties":{}}}}],"tool_choice":"required","messages":[{"role":"user","content":"Add a note"}]}""",
            "claude-haiku-4-5",
            Token);

        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(Token))!;
        body["choices"]![0]!["finish_reason"]!.GetValue<string>().ShouldBe("tool_calls");
        body["choices"]![0]!["message"]!["tool_calls"]![0]!["function"]!["name"]!.GetValue<string>().ShouldBe("create_note");
    }

    [Fact]
    public async Task The_demo_key_is_required_like_any_proxy_key()
    {
        using var anonymous = new HttpClient { BaseAddress = _proxy.BaseUrl };
        var response = await anonymous.PostAsync(
            "/v1/chat/completions",
            new StringContent("""{"model":"claude-haiku-4-5","messages":[{"role":"user","content":"Hello"}]}""", Encoding.UTF8, "application/json"),
            Token);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    private static FormUrlEncodedContent Form(string clientId, string secret) => new(new Dictionary<string, string>
    {
        ["grant_type"] = "client_credentials",
        ["client_id"] = clientId,
        ["client_secret"] = secret,
        ["scope"] = "all",
    });

    private Task<HttpResponseMessage> GetDashboardAsync(string password) => GetDashboardAsync(_proxy, password);

    private static async Task<HttpResponseMessage> GetDashboardAsync(ProxyHost proxy, string password)
    {
        using var browser = new HttpClient { BaseAddress = proxy.BaseUrl };
        browser.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("demo:" + password)));
        return await browser.GetAsync("/dashboard", Token);
    }
}
