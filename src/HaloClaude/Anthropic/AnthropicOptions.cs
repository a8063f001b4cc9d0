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
}
