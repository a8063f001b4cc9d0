namespace HaloClaude.Anthropic;

/// <summary>Why an upstream call did not produce a complete answer.</summary>
public enum UpstreamFailureKind
{
    /// <summary>Anthropic answered with an error status, or an <c>error</c> event inside the stream.</summary>
    ApiError,
    /// <summary>No connection could be made, or it broke.</summary>
    ConnectionFailed,
    /// <summary>A time limit (headers, idle, total) ran out.</summary>
    Timeout,
    /// <summary>The stream was not valid SSE/JSON, or ended before <c>message_stop</c>.</summary>
    Protocol,
}

/// <summary>A failed upstream call, as a value: the HTTP status (or 0), Anthropic's error type and message, and the headers.</summary>
public sealed record UpstreamFailure(
    UpstreamFailureKind Kind,
    int Status,
    string? ErrorType,
    string? Message,
    UpstreamHeaders Headers)
{
    public static UpstreamFailure Connection(string message) => new(UpstreamFailureKind.ConnectionFailed, 0, null, message, UpstreamHeaders.None);
    public static UpstreamFailure TimedOut(string message) => new(UpstreamFailureKind.Timeout, 0, null, message, UpstreamHeaders.None);
    public static UpstreamFailure Malformed(string message) => new(UpstreamFailureKind.Protocol, 0, null, message, UpstreamHeaders.None);

    /// <summary>Anthropic is overloaded for this model: 529, an <c>overloaded_error</c> (also in the stream before the
    /// answer started), or the model's circuit breaker is open.</summary>
    public bool IsOverloaded => Kind == UpstreamFailureKind.ApiError && (Status == AnthropicResilience.Overloaded || ErrorType == "overloaded_error");
}

/// <summary>Thrown while reading a stream that had already started when it failed.</summary>
public sealed class UpstreamStreamException(UpstreamFailure failure)
    : Exception(failure.Message ?? failure.Kind.ToString())
{
    public UpstreamFailure Failure { get; } = failure;
}
