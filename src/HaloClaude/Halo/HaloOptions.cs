namespace HaloClaude.Halo;

/// <summary>How the proxy reaches Halo PSA for Claude's read-only tools. Bound from the <c>HALO_*</c> variables and the
/// <c>Halo</c> section. Halo features are on only when <see cref="ApiUrl"/>, <see cref="ClientId"/> and
/// <see cref="ClientSecret"/> are all set.</summary>
public sealed class HaloOptions
{
    /// <summary>The Halo web app address (<c>HALO_API_URL</c>), e.g. <c>https://acme.halopsa.com</c>. The API lives under
    /// <c>/api</c> and the token endpoint under <c>/auth/token</c>; a trailing <c>/api</c> is accepted and ignored.</summary>
    public string ApiUrl { get; set; } = string.Empty;

    /// <summary>The API application's client id (<c>HALO_CLIENT_ID</c>).</summary>
    public string ClientId { get; set; } = string.Empty;

    /// <summary>The API application's client secret (<c>HALO_CLIENT_SECRET</c>). Never logged.</summary>
    public string ClientSecret { get; set; } = string.Empty;

    /// <summary>The tenant of a Halo-hosted instance (<c>HALO_TENANT</c>), sent as <c>?tenant=</c> on the token URL. Optional.</summary>
    public string? Tenant { get; set; }

    /// <summary>The authorisation server (<c>HALO_AUTH_URL</c>) when it is not <c>{HALO_API_URL}/auth</c>; the token is
    /// requested from <c>{auth}/token</c>. Optional.</summary>
    public string? AuthUrl { get; set; }

    /// <summary>The space-separated OAuth scopes requested (<c>HALO_SCOPE</c>). Default <c>all</c>; read-only use needs
    /// <c>read:tickets read:customers read:kb read:assets</c>.</summary>
    public string Scope { get; set; } = "all";

    /// <summary>Time each Halo API call (each attempt) has to answer with headers, and again to deliver its body. Default 10 s.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest <c>Retry-After</c> the client waits for on a 429 before giving up. Default 10 s.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Largest Halo response body read, in bytes. Default 2 MB.</summary>
    public int MaxResponseBytes { get; set; } = 2 * 1024 * 1024;

    /// <summary>Most rows requested from (and kept of) any Halo list. Default 25.</summary>
    public int MaxListRows { get; set; } = 25;

    /// <summary>True when the three required values are set.</summary>
    public bool Enabled =>
        !string.IsNullOrWhiteSpace(ApiUrl) && !string.IsNullOrWhiteSpace(ClientId) && !string.IsNullOrWhiteSpace(ClientSecret);

    /// <summary>The web app root without a trailing slash or <c>/api</c>.</summary>
    internal string Root
    {
        get
        {
            var root = ApiUrl.Trim().TrimEnd('/');
            return root.EndsWith("/api", StringComparison.OrdinalIgnoreCase) ? root[..^4] : root;
        }
    }

    /// <summary><c>{root}/api/</c>, the base every API path is resolved against.</summary>
    internal Uri ApiBase => new(Root + "/api/");

    /// <summary>The token endpoint, with the tenant query when one is configured.</summary>
    internal Uri TokenUrl
    {
        get
        {
            var auth = string.IsNullOrWhiteSpace(AuthUrl) ? Root + "/auth" : AuthUrl.Trim().TrimEnd('/');
            var url = auth.EndsWith("/token", StringComparison.OrdinalIgnoreCase) ? auth : auth + "/token";
            return new Uri(string.IsNullOrWhiteSpace(Tenant) ? url : $"{url}?tenant={Uri.EscapeDataString(Tenant.Trim())}");
        }
    }
}
