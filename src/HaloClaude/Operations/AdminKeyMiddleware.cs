using System.Security.Cryptography;
using System.Text;

using HaloClaude.Api;

namespace HaloClaude.Operations;

/// <summary>Guards the admin surface (<c>/metrics</c>, later the dashboard) with <c>ADMIN_API_KEY</c>, which is separate from the
/// proxy keys: a key that may call Claude must not also read everyone's usage. Sent as <c>Authorization: Bearer</c> (what
/// Prometheus scrapers send), <c>api-key</c>, or as the password of <c>Authorization: Basic</c> (what a browser sends after
/// its sign-in prompt; any user name).</summary>
public sealed partial class AdminKeyMiddleware(RequestDelegate next, IConfiguration configuration, ILogger<AdminKeyMiddleware> logger)
{
    /// <summary>The setting that holds the admin key; with no value the admin surface is not mapped at all.</summary>
    public const string Setting = "ADMIN_API_KEY";

    public static bool IsConfigured(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration[Setting]);

    public async Task InvokeAsync(HttpContext context)
    {
        var key = configuration[Setting]?.Trim();
        // Read per request so a rotated secret takes effect on reload; one SHA-256 of a short key is negligible.
        var digests = string.IsNullOrEmpty(key) ? [] : new[] { SHA256.HashData(Encoding.UTF8.GetBytes(key)) };
        if (!ApiKeyMiddleware.IsAuthorized(context.Request.Headers, digests, out _) && !IsBasicAuthorized(context.Request.Headers, digests))
        {
            LogRejected(logger, context.Request.Path);
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = new(["Basic realm=\"HaloClaude admin\", charset=\"UTF-8\"", "Bearer realm=\"HaloClaude admin\""]);
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync("Unauthorized: send ADMIN_API_KEY as 'Authorization: Bearer <key>' (or as the password when the browser asks).", context.RequestAborted);
            return;
        }

        await next(context);
    }

    private static bool IsBasicAuthorized(IHeaderDictionary headers, byte[][] digests)
    {
        var authorization = headers.Authorization.ToString();
        if (!authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(authorization[6..].Trim()));
        }
        catch (FormatException)
        {
            return false;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        var password = colon < 0 ? string.Empty : decoded[(colon + 1)..];
        return password.Length > 0 && ApiKeyMiddleware.IsAuthorized(new HeaderDictionary { ["api-key"] = password }, digests, out _);
    }

    [LoggerMessage(EventId = 8101, Level = LogLevel.Warning, Message = "Rejected a request to {Path}: missing or invalid admin key")]
    private static partial void LogRejected(ILogger logger, PathString path);
}
