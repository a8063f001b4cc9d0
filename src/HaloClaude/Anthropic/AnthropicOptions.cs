namespace HaloClaude.Anthropic;

/// <summary>How the proxy reaches Anthropic. Bound from <c>ANTHROPIC_API_KEY</c>, <c>ANTHROPIC_BASE_URL</c> and the <c>Anthropic</c> section.</summary>
public sealed class AnthropicOptions
{
    /// <summary>The Anthropic API key (<c>ANTHROPIC_API_KEY</c>). Required.</summary>
    public string ApiKey { get; set; } = string.Empty;

    /// <summary>The API base address (<c>ANTHROPIC_BASE_URL</c>); the proxy posts to <c>{base}/v1/messages</c>.</summary>
    public string BaseUrl { get; set; } = "https://api.anthropic.com";

    /// <summary>The <c>anthropic-version</c> header.</summary>
    public string ApiVersion { get; set; } = "2023-06-01";

    /// <summary>Time allowed to open a TCP/TLS connection. Default 10 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Time allowed until the upstream answers with status and headers. Default 60 s.</summary>
    public TimeSpan ResponseHeadersTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Longest silence allowed between two upstream stream events (pings count). Default 60 s.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Longest a single upstream call may take, streaming included. Default 10 minutes.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Retries and the circuit breaker in front of Anthropic (section <c>Anthropic:Resilience</c>).</summary>
    public AnthropicResilienceOptions Resilience { get; set; } = new();
}

/// <summary>
/// How the proxy retries Anthropic before the answer has started (never after a byte went to the caller), and when it
/// stops calling for a while (circuit breaker). Defaults follow Anthropic's guidance: retry 409, 5xx and 529 with
/// jittered back-off, 429 only when Anthropic asks for a short wait.
/// </summary>
public sealed class AnthropicResilienceOptions
{
    /// <summary>Retries after the first attempt. Default 2; 0 turns retries off.</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>First back-off delay (doubled each retry, ±20 % jitter). Default 1 s.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest single wait between attempts. Default 8 s.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>A 429 is retried only when its <c>retry-after</c> is at most this; longer waits go back to the caller. Default 5 s
    /// (so two retries never wait more than 10 s in total while Halo waits).</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The most time one request spends waiting between attempts, all retries together. A retry that would wait
    /// longer is not made; the caller gets the error (with its retry headers) instead. Default 20 s.</summary>
    public TimeSpan MaxRetryWait { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Share of failed calls (5xx, 529, connection failures) in <see cref="SamplingDuration"/> that opens the breaker. Default 0.5.</summary>
    public double BreakerFailureRatio { get; set; } = 0.5;

    /// <summary>Calls needed in the sampling window before the breaker may open. Default 10.</summary>
    public int BreakerMinimumThroughput { get; set; } = 10;

    /// <summary>Default 30 s.</summary>
    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the breaker fails fast (503 with retry-after) before it lets one call probe. Default 15 s.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(15);
}
