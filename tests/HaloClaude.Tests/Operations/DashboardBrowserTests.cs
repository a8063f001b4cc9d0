using System.Net;
using System.Text.Json.Nodes;

using HaloClaude.Tests.Agent;
using HaloClaude.Tests.TestKit;

using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace HaloClaude.Tests.Operations;

/// <summary>The dashboard in a real headless Chromium: signed in the way a browser does it, showing a request the test
/// just made with its Halo lookups, styled and with its charts; a screenshot is saved for a human to look at.</summary>
public sealed class DashboardBrowserTests : AgentTestBase
{
    private const string AdminKey = "admin-browser-key-5f3a9d";
    private const string AboutTicket = """{"messages":[{"role":"system","content":"You help the service desk. Ticket #10231"},{"role":"user","content":"Who reported this and what else is open?"}]}""";

    protected override Dictionary<string, string?> Settings => new() { ["ADMIN_API_KEY"] = AdminKey };

    [Fact]
    public async Task The_dashboard_loads_in_chromium_and_shows_a_request_just_made_with_its_lookups()
    {
        using var chromium = HeadlessChromium.Start();
        Assert.SkipWhen(chromium is null, "chromium and chromedriver are not installed (apt-get install -y chromium chromium-driver); this test runs in CI.");
        Upstream.Enqueue(
            FakeReply.Answer("tool_use", Call("toolu_a", "get_user", new JsonObject { ["user_id"] = 201 }), Call("toolu_b", "get_ticket", new JsonObject { ["ticket_id"] = 10241 })),
            FakeReply.Text("Marisol Eversleigh reported it; ticket 10241 belongs to another client."));
        using var chat = await Proxy.PostChatAsync(AboutTicket, cancellationToken: Token);
        chat.StatusCode.ShouldBe(HttpStatusCode.OK);
        var requestId = chat.Headers.GetValues("x-request-id").Single();
        var driver = chromium.Driver;

        // A browser first gets the 401 challenge, then sends the credentials as Basic: what happens after its sign-in prompt.
        driver.Navigate().GoToUrl(new UriBuilder(Proxy.BaseUrl) { UserName = "admin", Password = AdminKey, Path = "/dashboard" }.Uri);

        driver.Title.ShouldBe("HaloClaude dashboard");
        var row = driver.FindElement(By.CssSelector($"tr[data-request='{requestId}']"));
        row.Text.ShouldContain("claude-sonnet-5-5");
        row.Text.ShouldContain(requestId);
        row.Text.ShouldContain("3, 1 refused");
        var lookups = driver.FindElement(By.CssSelector($"tr[data-lookups-for='{requestId}']"));
        lookups.Displayed.ShouldBeTrue();
        lookups.Text.ShouldContain("scope: ticket 10231, client 12");
        lookups.Text.ShouldContain("ticket context (read by the proxy)");
        lookups.FindElements(By.CssSelector("li.ok")).Select(li => li.Text).ShouldContain(text => text.StartsWith("get_user {\"user_id\":201} ok", StringComparison.Ordinal));
        var refused = lookups.FindElement(By.CssSelector("li.refused"));
        refused.Text.ShouldContain("get_ticket {\"ticket_id\":10241} refused");
        // The inline style sheet applied (the content security policy allows it): refused lookups are highlighted.
        refused.GetCssValue("background-color").ShouldBe("rgba(253, 236, 234, 1)");
        var charts = driver.FindElements(By.CssSelector("figure svg"));
        charts.Count.ShouldBe(3);
        charts.ShouldAllBe(chart => chart.Size.Width > 100 && chart.Size.Height > 50);

        var path = SaveScreenshot(driver, "dashboard.png");
        new FileInfo(path).Length.ShouldBeGreaterThan(10_000);
    }

    [Fact]
    public void Without_signing_in_chromium_gets_no_dashboard_and_with_the_admin_key_it_does()
    {
        using var chromium = HeadlessChromium.Start();
        Assert.SkipWhen(chromium is null, "chromium and chromedriver are not installed (apt-get install -y chromium chromium-driver); this test runs in CI.");
        var driver = chromium.Driver;

        // Headless Chromium has no one to type into the sign-in prompt, so the challenge leaves it with nothing.
        driver.Navigate().GoToUrl(new Uri(Proxy.BaseUrl, "/dashboard"));
        driver.Title.ShouldNotBe("HaloClaude dashboard");
        driver.PageSource.ShouldNotContain("Recent requests");

        driver.Navigate().GoToUrl(new UriBuilder(Proxy.BaseUrl) { UserName = "admin", Password = "not-the-admin-key", Path = "/dashboard" }.Uri);
        driver.PageSource.ShouldNotContain("Recent requests");

        driver.Navigate().GoToUrl(new UriBuilder(Proxy.BaseUrl) { UserName = "admin", Password = AdminKey, Path = "/dashboard" }.Uri);
        driver.Title.ShouldBe("HaloClaude dashboard");
        driver.FindElement(By.TagName("body")).Text.ShouldContain("No chat requests since this replica started.");
    }

    /// <summary>Saves the whole page (beyond the window's height) as a PNG under the test's output folder, prints its path
    /// and attaches it to the test results.</summary>
    private static string SaveScreenshot(ChromeDriver driver, string name)
    {
        // Chrome's own full-page capture, through chromedriver's DevTools pass-through (no version-specific bindings).
        var metrics = (Dictionary<string, object?>)driver.ExecuteCdpCommand("Page.getLayoutMetrics", [])!;
        var content = (Dictionary<string, object?>)metrics["cssContentSize"]!;
        var capture = (Dictionary<string, object?>)driver.ExecuteCdpCommand("Page.captureScreenshot", new Dictionary<string, object?>
        {
            ["format"] = "png",
            ["captureBeyondViewport"] = true,
            ["clip"] = new Dictionary<string, object?> { ["x"] = 0, ["y"] = 0, ["width"] = content["width"], ["height"] = content["height"], ["scale"] = 1 },
        })!;
        var png = Convert.FromBase64String((string)capture["data"]!);
        var folder = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots"));
        var path = Path.Combine(folder.FullName, name);
        File.WriteAllBytes(path, png);
        TestContext.Current.TestOutputHelper?.WriteLine($"Dashboard screenshot: {path}");
        TestContext.Current.AddAttachment(name, png, "image/png");
        return path;
    }
}
