using System.Security.Cryptography;
using System.Text;

using HaloClaude.Api;

namespace HaloClaude.Operations;

/// <summary>Guards the admin surface (<c>/metrics</c>, later the dashboard) with <c>ADMIN_API_KEY</c>, which is separate from the
/// proxy keys: a key that may call Claude must not also read everyone's usage. Sent as <c>Authorization: Bearer</c> (what
/// Prometheus scrapers send) or <c>api-key</c>.</summary>
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
        if (!ApiKeyMiddleware.IsAuthorized(context.Request.Headers, digests))
        {
            LogRejected(logger, context.Request.Path);
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Bearer realm=\"haloclaude-admin\"";
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync("Unauthorized: send ADMIN_API_KEY as 'Authorization: Bearer <key>'.", context.RequestAborted);
            return;
        }

        await next(context);
    }

    [LoggerMessage(EventId = 8101, Level = LogLevel.Warning, Message = "Rejected a request to {Path}: missing or invalid admin key")]
    private static partial void LogRejected(ILogger logger, PathString path);
}
