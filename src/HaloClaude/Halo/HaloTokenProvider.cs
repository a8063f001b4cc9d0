using System.Net;
using System.Text.Json;

using HaloClaude.Halo.Api;

using Microsoft.Extensions.Options;

namespace HaloClaude.Halo;

/// <summary>Client-credentials tokens for the Halo API: cached until shortly before expiry, fetched by one request that
/// every concurrent caller shares, and failures turned into messages that say what to fix.</summary>
public sealed class HaloTokenProvider(
    IHttpClientFactory httpClientFactory,
    IOptionsMonitor<HaloOptions> options,
    TimeProvider time,
    ILogger<HaloTokenProvider> logger)
{
    /// <summary>The named <see cref="HttpClient"/> used for the token endpoint.</summary>
    public const string HttpClientName = "halo-auth";

    private const int MaxTokenResponseBytes = 64 * 1024;

    private const long MaxLifetimeSeconds = 24 * 60 * 60;

    // A failed token request is remembered briefly so a burst of tool calls does not hammer a misconfigured endpoint.
    private static readonly TimeSpan FailureMemory = TimeSpan.FromSeconds(5);

    private readonly Lock _gate = new();
    private (string Token, DateTimeOffset RefreshAt)? _current;
    private (HaloException Error, DateTimeOffset Until)? _lastFailure;
    private Task<string>? _pending;

    /// <summary>A valid access token, from the cache or from one shared request.</summary>
    public Task<string> GetTokenAsync(CancellationToken cancellationToken)
    {
        Task<string> pending;
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (_current is { } current && now < current.RefreshAt)
            {
                return Task.FromResult(current.Token);
            }

            if (_lastFailure is { } failure && now < failure.Until)
            {
                return Task.FromException<string>(failure.Error);
            }

            // The shared request ignores any one caller's cancellation: the others still want its answer.
            pending = _pending ??= FetchAsync();
        }

        return pending.WaitAsync(cancellationToken);
    }

    /// <summary>Forgets <paramref name="rejectedToken"/> after Halo refused it, unless a newer token already replaced it.</summary>
    public void Invalidate(string rejectedToken)
    {
        lock (_gate)
        {
            if (_current?.Token == rejectedToken)
            {
                _current = null;
            }
        }
    }

    private async Task<string> FetchAsync()
    {
        // Never finish synchronously: the caller assigns this task to _pending while holding the lock.
        await Task.Yield();
        try
        {
            var (token, lifetime) = await RequestAsync();
            lock (_gate)
            {
                _current = (token, time.GetUtcNow() + lifetime - RefreshMargin(lifetime));
                _lastFailure = null;
                _pending = null;
            }

            HaloLog.TokenObtained(logger, lifetime);
            return token;
        }
        catch (Exception ex)
        {
            // Whatever went wrong, the shared request must end here: a _pending left faulted would fail every later call.
            var error = ex as HaloException ?? new HaloException(HaloFailure.AuthenticationFailed, "Halo's token endpoint gave an answer the proxy could not use. Check HALO_API_URL (or HALO_AUTH_URL).", ex);
            lock (_gate)
            {
                _lastFailure = (error, time.GetUtcNow() + FailureMemory);
                _pending = null;
            }

            HaloLog.TokenFailed(logger, error.Message);
            throw error;
        }
    }

    /// <summary>How early a token is replaced: a fifth of its lifetime, at least 30 s and at most 5 minutes, but never more
    /// than half the lifetime (a token that lives 20 s is still reused for 10 s instead of being replaced on every call).</summary>
    internal static TimeSpan RefreshMargin(TimeSpan lifetime)
    {
        var margin = TimeSpan.FromTicks(Math.Clamp(lifetime.Ticks / 5, TimeSpan.FromSeconds(30).Ticks, TimeSpan.FromMinutes(5).Ticks));
        return margin < lifetime / 2 ? margin : lifetime / 2;
    }

    private async Task<(string Token, TimeSpan Lifetime)> RequestAsync()
    {
        var o = options.CurrentValue;
        if (!o.Enabled)
        {
            throw new HaloException(HaloFailure.NotConfigured, "Halo is not configured: set HALO_API_URL, HALO_CLIENT_ID and HALO_CLIENT_SECRET.");
        }

        var url = o.TokenUrl;
        var where = url.GetLeftPart(UriPartial.Path);
        using var timeout = new CancellationTokenSource(o.RequestTimeout);
        var http = httpClientFactory.CreateClient(HttpClientName);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = o.ClientId,
            ["client_secret"] = o.ClientSecret,
            ["scope"] = o.Scope,
        });
        HttpResponseMessage response;
        try
        {
            response = await http.PostAsync(url, form, timeout.Token);
        }
        catch (OperationCanceledException ex)
        {
            throw new HaloException(HaloFailure.TimedOut, $"Halo's token endpoint {where} did not answer within {o.RequestTimeout.TotalSeconds:0} s. Check HALO_API_URL (or HALO_AUTH_URL) and that Halo is up.", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new HaloException(HaloFailure.Unavailable, $"Cannot reach Halo's token endpoint {where} ({ex.HttpRequestError}). Check HALO_API_URL (or HALO_AUTH_URL).", ex);
        }

        using (response)
        {
            var body = await ReadSmallAsync(response, timeout.Token);
            HaloTokenResponse? parsed = null;
            try
            {
                parsed = JsonSerializer.Deserialize(body, HaloJsonContext.Default.HaloTokenResponse);
            }
            catch (JsonException)
            {
            }

            if (response.IsSuccessStatusCode && parsed?.AccessToken is { Length: > 0 } token)
            {
                // Halo sends 3600; a missing value means the usual hour, and an absurd one is held to a day.
                return (token, TimeSpan.FromSeconds(parsed.ExpiresIn > 0 ? Math.Min(parsed.ExpiresIn, MaxLifetimeSeconds) : 3600));
            }

            throw new HaloException(HaloFailure.AuthenticationFailed, Redact(Explain(response.StatusCode, parsed, where, o), o));
        }
    }

    private static string Explain(HttpStatusCode status, HaloTokenResponse? body, string where, HaloOptions o)
    {
        var code = body?.Error?.Trim() ?? string.Empty;
        var detail = body?.ErrorDescription?.Trim() ?? string.Empty;
        var said = code.Length > 0 ? $" (Halo said: {code}{(detail.Length > 0 ? " - " + Shorten(detail) : string.Empty)})" : string.Empty;
        if (code is "invalid_client" or "unauthorized_client" or "invalid_grant" || (code.Length == 0 && status == HttpStatusCode.Unauthorized))
        {
            return $"Halo rejected the API application's credentials{said}. Check HALO_CLIENT_ID and HALO_CLIENT_SECRET match an active " +
                "Halo API application using 'Client ID and Secret (Services)' with login type Agent.";
        }

        if (code == "invalid_scope")
        {
            return $"Halo refused the requested scope '{o.Scope}'{said}. Set HALO_SCOPE to permissions ticked on the Halo API application, e.g. 'read:tickets read:customers read:kb read:assets'.";
        }

        if (detail.Contains("tenant", StringComparison.OrdinalIgnoreCase) || code.Contains("tenant", StringComparison.OrdinalIgnoreCase))
        {
            return $"Halo did not recognise the tenant{said}. Check HALO_TENANT (hosted instances) or leave it unset.";
        }

        if (status is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed)
        {
            return $"There is no Halo token endpoint at {where} (HTTP {(int)status}). Check HALO_API_URL is the Halo web address (e.g. https://acme.halopsa.com) or set HALO_AUTH_URL to the Authorisation Server shown on Halo's API details page.";
        }

        if (status == HttpStatusCode.TooManyRequests)
        {
            return $"Halo's token endpoint is rate limiting the proxy (HTTP 429){said}. Try again shortly.";
        }

        if ((int)status >= 500)
        {
            return $"Halo's token endpoint failed with HTTP {(int)status}{said}. Halo may be down; try again shortly.";
        }

        if (status == HttpStatusCode.OK)
        {
            return $"{where} answered without an access token. Check HALO_API_URL (or HALO_AUTH_URL) points at Halo, not at another web page.";
        }

        return $"Halo's token endpoint {where} refused the request with HTTP {(int)status}{said}. Check HALO_CLIENT_ID, HALO_CLIENT_SECRET, HALO_SCOPE and HALO_TENANT.";
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "…";

    private static string Redact(string message, HaloOptions o) =>
        o.ClientSecret.Length > 0 ? message.Replace(o.ClientSecret, "***", StringComparison.Ordinal) : message;

    private static async Task<byte[]> ReadSmallAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            var buffer = new byte[MaxTokenResponseBytes];
            var length = 0;
            int read;
            while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
            {
                length += read;
            }

            return buffer[..length];
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
        {
            return [];
        }
    }
}
