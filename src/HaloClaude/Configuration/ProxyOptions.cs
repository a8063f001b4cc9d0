namespace HaloClaude.Configuration;

/// <summary>Inbound keys: <c>LITELLM_MASTER_KEY</c> plus the comma-separated <c>PROXY_API_KEYS</c> (several keys allow rotation).</summary>
public sealed class ProxyAuthOptions
{
    public List<string> Keys { get; set; } = [];
}

/// <summary>Request limits and defaults (section <c>Limits</c>).</summary>
public sealed class RequestLimitOptions
{
    /// <summary>Largest accepted request body in bytes; larger bodies get 413. Default 8 MB.</summary>
    public long MaxRequestBodyBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>Deepest JSON nesting accepted in a request body; deeper bodies get 400. Default 64 (System.Text.Json's own default).</summary>
    public int MaxJsonDepth { get; set; } = 64;

    /// <summary>Most messages accepted in one request. Default 1,000.</summary>
    public int MaxMessages { get; set; } = 1000;

    /// <summary>Largest <c>max_tokens</c> taken from a caller; larger values are lowered to it, then to the model's maximum. Default 1,000,000.</summary>
    public long MaxTokensCeiling { get; set; } = 1_000_000;

    /// <summary><c>max_tokens</c> sent when the caller gives none, for models that do not think by default. Default 4,096 (Azure's documented default).</summary>
    public int DefaultMaxTokens { get; set; } = 4096;

    /// <summary><c>max_tokens</c> sent when the caller gives none, for models that think (thinking counts against it). Default 16,000.</summary>
    public int DefaultMaxTokensWhenThinking { get; set; } = 16000;

    /// <summary>How often an SSE comment is sent while the upstream is silent. Default 15 s.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Requests per minute per proxy key; more get 429 with <c>retry-after</c>. Default 600; 0 turns the limit off.</summary>
    public int RequestsPerMinutePerKey { get; set; } = 600;

    /// <summary>Requests in flight at once per proxy key; more get 429. Default 64; 0 turns the limit off.</summary>
    public int ConcurrentRequestsPerKey { get; set; } = 64;

    /// <summary>On shutdown, how long in-flight requests and streams may finish. Default 25 s (below Container Apps' 30 s grace period).</summary>
    public TimeSpan ShutdownDrainTimeout { get; set; } = TimeSpan.FromSeconds(25);
}
