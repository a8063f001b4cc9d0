namespace HaloClaude.Halo;

/// <summary>Why a Halo call failed, in terms a technician (and Claude) can act on.</summary>
public enum HaloFailure
{
    NotConfigured,
    AuthenticationFailed,
    NotFound,
    Forbidden,
    RateLimited,
    Unavailable,
    TimedOut,
    TooLarge,
    Unreadable,
}

/// <summary>A failed Halo call. <see cref="Exception.Message"/> is plain English, safe for logs and tool results: it
/// never contains the client secret, a token or a response body.</summary>
public sealed class HaloException(HaloFailure failure, string message, Exception? inner = null) : Exception(message, inner)
{
    public HaloFailure Failure { get; } = failure;
}
