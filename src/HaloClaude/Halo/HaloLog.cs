namespace HaloClaude.Halo;

/// <summary>Source-generated logs for the Halo area (event ids 4001–4099). Never logs secrets, tokens or record contents.</summary>
internal static partial class HaloLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Obtained a Halo access token valid for {Lifetime}")]
    public static partial void TokenObtained(ILogger logger, TimeSpan lifetime);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Error, Message = "Halo token request failed: {Problem}")]
    public static partial void TokenFailed(ILogger logger, string problem);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "Halo answered 401 to {Path}; refreshing the token and retrying once")]
    public static partial void RetryingAfterUnauthorized(ILogger logger, string path);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "Halo call {Path} failed: {Failure} {Status}")]
    public static partial void CallFailed(ILogger logger, string path, HaloFailure failure, int status);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Information, Message = "Halo asked to slow down on {Path}; retrying in {Delay}")]
    public static partial void RateLimited(ILogger logger, string path, TimeSpan delay);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Debug, Message = "Halo tool {Tool} ran in {ElapsedMs} ms; error: {IsError}")]
    public static partial void ToolRan(ILogger logger, string tool, long elapsedMs, bool isError);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Error, Message = "Halo tool {Tool} failed unexpectedly")]
    public static partial void ToolCrashed(ILogger logger, string tool, Exception exception);

    [LoggerMessage(EventId = 4008, Level = LogLevel.Warning, Message = "Halo tool {Tool} was refused by the request's client scope (security event: a lookup outside the ticket's client)")]
    public static partial void ToolRefused(ILogger logger, string tool);

    [LoggerMessage(EventId = 4011, Level = LogLevel.Information, Message = "Halo call {Path} failed ({Problem}); retrying once in {Delay}")]
    public static partial void RetryingOnce(ILogger logger, string path, string problem, TimeSpan delay);

    [LoggerMessage(EventId = 4009, Level = LogLevel.Warning, Message = "Halo returned a {Kind} record of another client; it was withheld from Claude (security event)")]
    public static partial void RecordWithheld(ILogger logger, string kind);
}
