using System.Text.RegularExpressions;

using HaloClaude.Anthropic;

using Microsoft.Extensions.Options;

namespace HaloClaude.Configuration;

/// <summary>Start-up checks: every problem becomes one plain-English line, and the proxy does not start with any.</summary>
public sealed partial class ConfigurationValidators :
    IValidateOptions<AnthropicOptions>, IValidateOptions<ProxyAuthOptions>, IValidateOptions<DeploymentOptions>, IValidateOptions<RequestLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, AnthropicOptions options)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            problems.Add("ANTHROPIC_API_KEY is not set: the proxy needs an Anthropic API key to call Claude.");
        }

        if (!Uri.TryCreate(options.BaseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            problems.Add($"ANTHROPIC_BASE_URL '{options.BaseUrl}' is not an absolute http(s) URL.");
        }

        Positive(problems, options.ConnectTimeout, "Anthropic:ConnectTimeout");
        Positive(problems, options.ResponseHeadersTimeout, "Anthropic:ResponseHeadersTimeout");
        Positive(problems, options.IdleTimeout, "Anthropic:IdleTimeout");
        Positive(problems, options.TotalTimeout, "Anthropic:TotalTimeout");
        ValidateResilience(problems, options.Resilience);
        return Result(problems);
    }

    public ValidateOptionsResult Validate(string? name, ProxyAuthOptions options) => Result(options.Keys.Count == 0
        ? ["Neither LITELLM_MASTER_KEY nor PROXY_API_KEYS is set: at least one key is needed for callers such as Halo."]
        : []);

    public ValidateOptionsResult Validate(string? name, DeploymentOptions options)
    {
        var problems = new List<string>();
        foreach (var (deployment, config) in options.Deployments)
        {
            if (!DeploymentName().IsMatch(deployment))
            {
                problems.Add($"Deployment name '{deployment}' may only contain letters, digits, '.', '_' and '-'.");
            }

            if (string.IsNullOrWhiteSpace(config.Model))
            {
                problems.Add($"Deployment '{deployment}' has no Model: set Deployments__{deployment}__Model or DEPLOYMENT__{deployment}.");
            }

            if (config.Fallbacks.Any(string.IsNullOrWhiteSpace))
            {
                problems.Add($"Deployment '{deployment}' has an empty fallback model id.");
            }

            if (config.OverloadFallback is { Length: > 0 } overload
                && (string.Equals(overload, deployment, StringComparison.OrdinalIgnoreCase) || !options.Deployments.ContainsKey(overload)))
            {
                problems.Add($"Deployment '{deployment}' has OverloadFallback '{overload}', which is not another configured deployment.");
            }
        }

        return Result(problems);
    }

    public ValidateOptionsResult Validate(string? name, RequestLimitOptions options)
    {
        var problems = new List<string>();
        if (options.MaxRequestBodyBytes < 1024)
        {
            problems.Add("Limits:MaxRequestBodyBytes must be at least 1024.");
        }

        if (options.MaxJsonDepth is < 10 or > 256)
        {
            problems.Add("Limits:MaxJsonDepth must be between 10 and 256.");
        }

        if (options.MaxMessages < 1)
        {
            problems.Add("Limits:MaxMessages must be at least 1.");
        }

        if (options.DefaultMaxTokens < 1 || options.DefaultMaxTokensWhenThinking < 1)
        {
            problems.Add("Limits:DefaultMaxTokens and Limits:DefaultMaxTokensWhenThinking must be positive.");
        }

        if (options.RequestsPerMinutePerKey < 0 || options.ConcurrentRequestsPerKey < 0)
        {
            problems.Add("Limits:RequestsPerMinutePerKey and Limits:ConcurrentRequestsPerKey must be 0 (off) or more.");
        }

        Positive(problems, options.KeepAliveInterval, "Limits:KeepAliveInterval");
        Positive(problems, options.ShutdownDrainTimeout, "Limits:ShutdownDrainTimeout");
        return Result(problems);
    }

    /// <summary>The limits Polly itself enforces, checked at start-up instead of failing the first call to Claude.</summary>
    private static void ValidateResilience(List<string> problems, AnthropicResilienceOptions options)
    {
        if (options.MaxRetries is < 0 or > 10)
        {
            problems.Add("Anthropic:Resilience:MaxRetries must be between 0 (off) and 10.");
        }

        if (options.BaseDelay < TimeSpan.Zero || options.MaxDelay < TimeSpan.Zero || options.MaxRetryAfter < TimeSpan.Zero || options.MaxRetryWait < TimeSpan.Zero)
        {
            problems.Add("Anthropic:Resilience:BaseDelay, MaxDelay, MaxRetryAfter and MaxRetryWait must not be negative.");
        }

        if (options.BreakerFailureRatio is <= 0 or > 1)
        {
            problems.Add("Anthropic:Resilience:BreakerFailureRatio must be more than 0 and at most 1 (e.g. 0.5).");
        }

        if (options.BreakerMinimumThroughput < 2)
        {
            problems.Add("Anthropic:Resilience:BreakerMinimumThroughput must be at least 2.");
        }

        if (options.SamplingDuration < TimeSpan.FromMilliseconds(500) || options.BreakDuration < TimeSpan.FromMilliseconds(500))
        {
            problems.Add("Anthropic:Resilience:SamplingDuration and BreakDuration must be at least 00:00:00.5.");
        }
    }

    private static void Positive(List<string> problems, TimeSpan value, string setting)
    {
        if (value <= TimeSpan.Zero)
        {
            problems.Add($"{setting} must be a positive duration (e.g. 00:00:30).");
        }
    }

    private static ValidateOptionsResult Result(List<string> problems) =>
        problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex DeploymentName();
}
