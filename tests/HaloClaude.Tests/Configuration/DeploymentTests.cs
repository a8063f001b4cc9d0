using System.Net;

using HaloClaude.Anthropic;
using HaloClaude.Configuration;
using HaloClaude.Tests.Support;
using HaloClaude.Tests.TestKit;

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace HaloClaude.Tests.Configuration;

/// <summary>The deployment contract: default names, retirement fallbacks, env-only mappings and start-up validation.</summary>
public sealed class DeploymentTests : IAsyncLifetime
{
    private static readonly DateTimeOffset BeforeRetirement = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset AfterRetirement = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    private FakeAnthropic _upstream = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _upstream = await FakeAnthropic.StartAsync();

    public async ValueTask DisposeAsync() => await _upstream.DisposeAsync();

    private Task<ProxyHost> StartAsync(DateTimeOffset now, Dictionary<string, string?>? settings = null)
    {
        // A frozen clock would also freeze the retry back-off; retries are covered by AnthropicRetryTests.
        settings = new Dictionary<string, string?>(settings ?? []) { ["Anthropic:Resilience:MaxRetries"] = "0" };
        return ProxyHost.StartAsync(_upstream, settings, builder => builder.Services.AddSingleton<TimeProvider>(new FakeTimeProvider(now)));
    }

    private static async Task<Reply> PostAsync(ProxyHost proxy, string deployment) =>
        await Reply.ReadAsync(await proxy.PostChatAsync("""{"messages":[{"role":"user","content":"Hello"}]}""", deployment, Token));

    private List<string> ModelsCalled() => _upstream.Received.Select(r => r.Body["model"]!.GetValue<string>()).ToList();

    [Theory]
    [InlineData("claude-sonnet-4-5", "claude-sonnet-4-5-20250929")]
    [InlineData("claude-opus-4-5", "claude-opus-4-5-20251101")]
    [InlineData("claude-haiku-4-5", "claude-haiku-4-5-20251001")]
    [InlineData("claude-sonnet-5-5", "claude-sonnet-5-5")]
    [InlineData("claude-opus-5-5", "claude-opus-5-5")]
    [InlineData("claude-haiku-5-5", "claude-haiku-5-5")]
    public async Task The_six_default_deployments_map_to_current_model_ids(string deployment, string model)
    {
        await using var proxy = await StartAsync(BeforeRetirement);

        var reply = await PostAsync(proxy, deployment);

        reply.Status.ShouldBe(HttpStatusCode.OK, reply.Text);
        ModelsCalled().ShouldBe([model]);
    }

    [Fact]
    public async Task Sonnet_4_5_keeps_working_after_its_retirement_through_its_fallback()
    {
        await using var proxy = await StartAsync(AfterRetirement);

        var reply = await PostAsync(proxy, "claude-sonnet-4-5");

        reply.Status.ShouldBe(HttpStatusCode.OK, reply.Text);
        // Past the date the retired model is not even tried.
        ModelsCalled().ShouldBe(["claude-sonnet-4-6"]);
    }

    [Fact]
    public async Task A_model_retired_early_upstream_falls_back_on_its_404()
    {
        _upstream.RetiredModels["claude-sonnet-4-5-20250929"] = true;
        await using var proxy = await StartAsync(BeforeRetirement);

        var reply = await PostAsync(proxy, "claude-sonnet-4-5");

        reply.Status.ShouldBe(HttpStatusCode.OK, reply.Text);
        reply.Body!["model"]!.GetValue<string>().ShouldBe("claude-sonnet-4-6");
        ModelsCalled().ShouldBe(["claude-sonnet-4-5-20250929", "claude-sonnet-4-6"]);
        proxy.Logs.AllText.ShouldContain("answered with fallback claude-sonnet-4-6");
    }

    [Fact]
    public async Task When_every_fallback_is_gone_the_answer_is_DeploymentNotFound()
    {
        foreach (var model in new[] { "claude-sonnet-4-5-20250929", "claude-sonnet-4-6", "claude-sonnet-5-5" })
        {
            _upstream.RetiredModels[model] = true;
        }

        await using var proxy = await StartAsync(BeforeRetirement);

        var reply = await PostAsync(proxy, "claude-sonnet-4-5");

        reply.Status.ShouldBe(HttpStatusCode.NotFound);
        reply.Body!["error"]!["code"]!.GetValue<string>().ShouldBe("DeploymentNotFound");
        ModelsCalled().ShouldBe(["claude-sonnet-4-5-20250929", "claude-sonnet-4-6", "claude-sonnet-5-5"]);
    }

    [Fact]
    public async Task Errors_other_than_a_missing_model_do_not_try_the_fallbacks()
    {
        _upstream.Enqueue(FakeReply.Error(529, "overloaded_error", "Overloaded"));
        await using var proxy = await StartAsync(BeforeRetirement);

        var reply = await PostAsync(proxy, "claude-sonnet-4-5");

        reply.Status.ShouldBe(HttpStatusCode.ServiceUnavailable);
        ModelsCalled().ShouldBe(["claude-sonnet-4-5-20250929"]);
    }

    [Fact]
    public async Task A_DEPLOYMENT_environment_variable_adds_a_deployment()
    {
        const string Variable = "DEPLOYMENT__halo-env-mapped-test";
        Environment.SetEnvironmentVariable(Variable, "claude-opus-4-8");
        try
        {
            await using var proxy = await StartAsync(BeforeRetirement);

            var reply = await PostAsync(proxy, "halo-env-mapped-test");

            reply.Status.ShouldBe(HttpStatusCode.OK, reply.Text);
            ModelsCalled().ShouldBe(["claude-opus-4-8"]);
            var models = await Reply.ReadAsync(await proxy.Client.GetAsync("/openai/models", Token));
            models.Body!["data"]!.AsArray().ShouldContain(e => e!["id"]!.GetValue<string>() == "halo-env-mapped-test");
        }
        finally
        {
            Environment.SetEnvironmentVariable(Variable, null);
        }
    }

    [Fact]
    public async Task A_DEPLOYMENT_mapping_overrides_a_default_deployment()
    {
        await using var proxy = await StartAsync(BeforeRetirement, new() { ["DEPLOYMENT:claude-opus-5-5"] = "claude-opus-5" });

        await PostAsync(proxy, "claude-opus-5-5");

        ModelsCalled().ShouldBe(["claude-opus-5"]);
    }

    [Fact]
    public async Task A_structured_deployment_uses_its_fallbacks_in_order()
    {
        _upstream.RetiredModels["claude-opus-4-6"] = true;
        await using var proxy = await StartAsync(BeforeRetirement, new()
        {
            ["Deployments:ticket-bot:Model"] = "claude-opus-4-6",
            ["Deployments:ticket-bot:Fallbacks:0"] = "claude-opus-4-8",
            ["Deployments:ticket-bot:Fallbacks:1"] = "claude-opus-5-5",
        });

        var reply = await PostAsync(proxy, "ticket-bot");

        reply.Status.ShouldBe(HttpStatusCode.OK, reply.Text);
        ModelsCalled().ShouldBe(["claude-opus-4-6", "claude-opus-4-8"]);
    }

    [Theory]
    [InlineData("ANTHROPIC_API_KEY", "", "ANTHROPIC_API_KEY is not set")]
    [InlineData("ANTHROPIC_BASE_URL", "ftp://anthropic.invalid", "ANTHROPIC_BASE_URL 'ftp://anthropic.invalid' is not an absolute http(s) URL.")]
    [InlineData("LITELLM_MASTER_KEY", "", "Neither LITELLM_MASTER_KEY nor PROXY_API_KEYS is set")]
    [InlineData("Anthropic:ResponseHeadersTimeout", "-00:00:01", "Anthropic:ResponseHeadersTimeout must be a positive duration")]
    [InlineData("Limits:MaxRequestBodyBytes", "10", "Limits:MaxRequestBodyBytes must be at least 1024.")]
    [InlineData("Deployments:bad name!", "claude-opus-5-5", "Deployment name 'bad name!' may only contain")]
    [InlineData("Deployments:empty-model:Model", "", "Deployment 'empty-model' has no Model")]
    [InlineData("Deployments:claude-sonnet-5-5:OverloadFallback", "no-such-deployment", "Deployment 'claude-sonnet-5-5' has OverloadFallback 'no-such-deployment', which is not another configured deployment.")]
    [InlineData("Deployments:claude-sonnet-5-5:OverloadFallback", "claude-sonnet-5-5", "Deployment 'claude-sonnet-5-5' has OverloadFallback 'claude-sonnet-5-5', which is not another configured deployment.")]
    [InlineData("Anthropic:Resilience:BreakerMinimumThroughput", "1", "Anthropic:Resilience:BreakerMinimumThroughput must be at least 2.")]
    [InlineData("Limits:MaxJsonDepth", "5", "Limits:MaxJsonDepth must be between 10 and 256.")]
    public async Task Invalid_configuration_stops_start_up_with_a_plain_line(string key, string value, string line)
    {
        var exception = await Should.ThrowAsync<Exception>(() => StartAsync(BeforeRetirement, new() { [key] = value }));

        var problems = StartupErrors.Problems(exception);
        problems.ShouldContain(p => p.StartsWith(line, StringComparison.Ordinal), string.Join("\n", problems));
        _upstream.Received.ShouldBeEmpty();
    }

    [Fact]
    public async Task Every_configuration_problem_gets_its_own_line()
    {
        var exception = await Should.ThrowAsync<Exception>(() => StartAsync(BeforeRetirement, new()
        {
            ["ANTHROPIC_API_KEY"] = "",
            ["LITELLM_MASTER_KEY"] = "",
            ["Limits:MaxMessages"] = "0",
        }));

        var problems = StartupErrors.Problems(exception);
        problems.Count.ShouldBe(3, string.Join("\n", problems));
        problems.ShouldAllBe(p => !p.Contains('\n'));
    }

    [Fact]
    public void The_validators_accept_the_defaults_with_the_required_keys()
    {
        var validators = new ConfigurationValidators();

        validators.Validate(null, new AnthropicOptions { ApiKey = "k" }).Succeeded.ShouldBeTrue();
        validators.Validate(null, new ProxyAuthOptions { Keys = ["k"] }).Succeeded.ShouldBeTrue();
        validators.Validate(null, new RequestLimitOptions()).Succeeded.ShouldBeTrue();
        var deployments = new DeploymentOptions();
        foreach (var (name, config) in DeploymentDefaults.All)
        {
            deployments.Deployments[name] = config;
        }

        validators.Validate(null, deployments).Succeeded.ShouldBeTrue();
    }

    [Fact]
    public void An_empty_fallback_is_a_configuration_problem()
    {
        var options = new DeploymentOptions();
        options.Deployments["x"] = new DeploymentConfig { Model = "claude-opus-5-5", Fallbacks = [" "] };

        var result = new ConfigurationValidators().Validate(null, options);

        result.Failures!.ShouldBe(["Deployment 'x' has an empty fallback model id."]);
    }
}
