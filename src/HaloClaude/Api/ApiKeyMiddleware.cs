using System.Security.Cryptography;
using System.Text;

using HaloClaude.Configuration;
using HaloClaude.Translation;

using Microsoft.Extensions.Options;

namespace HaloClaude.Api;

/// <summary>Checks the caller's key (<c>api-key</c> header or <c>Authorization: Bearer</c>) before anything else runs.</summary>
/// <remarks>Keys are compared as SHA-256 digests with a constant-time comparison, against every configured key, so
/// neither the key's length nor its prefix shows in the timing. A key in the query string is never accepted.</remarks>
public sealed partial class ApiKeyMiddleware
{
    private readonly RequestDelegate _next;
    private readonly ILogger<ApiKeyMiddleware> _logger;
    private volatile byte[][] _digests;

    public ApiKeyMiddleware(RequestDelegate next, IOptionsMonitor<ProxyAuthOptions> options, ILogger<ApiKeyMiddleware> logger)
    {
        _next = next;
        _logger = logger;
        _digests = Digests(options.CurrentValue);
        // Keys can be rotated without a restart when the configuration source reloads.
        options.OnChange(o => _digests = Digests(o));
    }

    public async Task InvokeAsync(HttpContext context)
    {
        if (!IsAuthorized(context.Request.Headers, _digests, out var fingerprint))
        {
            LogRejected(_logger, context.Request.Path);
            context.Response.Headers["apim-request-id"] = context.TraceIdentifier;
            await ErrorWriter.WriteAsync(context, ApiError.Unauthorized());
            return;
        }

        context.Features.Set(new CallerKey(fingerprint));
        await _next(context);
    }

    internal static bool IsAuthorized(IHeaderDictionary headers, byte[][] digests, out string fingerprint)
    {
        fingerprint = string.Empty;
        var presented = headers["api-key"].ToString();
        if (presented.Length == 0)
        {
            var authorization = headers.Authorization.ToString();
            if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                presented = authorization[7..].Trim();
            }
        }

        if (presented.Length == 0)
        {
            return false;
        }

        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented), digest);
        var match = false;
        foreach (var expected in digests)
        {
            // No early exit: every key is compared, whichever matches.
            match |= CryptographicOperations.FixedTimeEquals(digest, expected);
        }

        fingerprint = CallerKey.Fingerprint(digest);
        return match;
    }

    private static byte[][] Digests(ProxyAuthOptions o) =>
        o.Keys.Where(k => k.Length > 0).Select(k => SHA256.HashData(Encoding.UTF8.GetBytes(k))).ToArray();

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "Rejected a request to {Path}: missing or invalid proxy key")]
    private static partial void LogRejected(ILogger logger, PathString path);
}
