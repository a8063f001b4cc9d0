using HaloClaude.Anthropic;

namespace HaloClaude.Translation;

/// <summary>Anthropic failures → what an Azure OpenAI caller expects (mapping §7, reliability REQ-3).</summary>
public static class ErrorMap
{
    /// <summary>Used when Anthropic asks to slow down without saying how long.</summary>
    public static readonly TimeSpan DefaultRateLimitRetry = TimeSpan.FromSeconds(30);

    /// <summary>Used when Anthropic is overloaded without saying how long.</summary>
    public static readonly TimeSpan DefaultOverloadRetry = TimeSpan.FromSeconds(10);

    public static ApiError Map(UpstreamFailure failure, string model)
    {
        switch (failure.Kind)
        {
            case UpstreamFailureKind.ConnectionFailed:
                return new ApiError(502, "BadGateway", $"{failure.Message} Please retry.", Type: "server_error");
            case UpstreamFailureKind.Timeout:
                return new ApiError(504, "Timeout", failure.Message ?? "Anthropic did not answer in time.", Type: "server_error");
            case UpstreamFailureKind.Protocol:
                return new ApiError(502, "BadGateway", failure.Message ?? "Anthropic sent an answer the proxy could not read.", Type: "server_error");
        }

        var type = failure.ErrorType;
        var message = failure.Message ?? "Anthropic returned an error.";
        var status = failure.Status != 0 ? failure.Status : StatusForType(type);
        return (status, type) switch
        {
            (400, _) when message.StartsWith("prompt is too long", StringComparison.OrdinalIgnoreCase) =>
                new ApiError(400, "context_length_exceeded", $"This model's maximum context length was exceeded: {message}", "messages", "invalid_request_error"),
            (400, _) => new ApiError(400, "invalid_request_error", message, null, "invalid_request_error"),
            // An upstream 401 is the proxy's own Anthropic key: a 401 here would make Halo blame its own key.
            (401, _) => new ApiError(502, "UpstreamAuthenticationFailed",
                "The proxy's Anthropic API key was rejected. The operator must check ANTHROPIC_API_KEY.", Type: "server_error"),
            (403, _) => new ApiError(403, "PermissionDenied",
                $"The proxy's Anthropic API key is not permitted to use model '{model}'. The operator must check the key's workspace and model access.", Type: "permission_error"),
            (402, _) => new ApiError(402, "insufficient_quota", $"The Anthropic account behind this proxy cannot be billed: {message}", Type: "insufficient_quota"),
            (404, _) => new ApiError(404, "DeploymentNotFound",
                $"The Claude model '{model}' behind this deployment was not found (it may be retired). The operator must update the deployment's model or fallbacks.", Type: "invalid_request_error"),
            (409, _) => new ApiError(409, "conflict", message),
            (413, _) => new ApiError(413, "request_too_large", "The request is larger than Anthropic accepts (32 MB).", Type: "invalid_request_error"),
            (429, _) => RateLimited(failure, message),
            (529, _) or (_, "overloaded_error") => new ApiError(503, "ServiceUnavailable",
                "Claude is temporarily overloaded. Please retry after a short wait.", Type: "server_error",
                RetryAfter: failure.Headers.RetryAfter ?? DefaultOverloadRetry),
            (504, _) => new ApiError(504, "Timeout", "Anthropic timed out while answering.", Type: "server_error"),
            (500, _) => new ApiError(500, "InternalServerError", "Anthropic had an internal error. Please retry.", Type: "server_error"),
            // Anything else from upstream (a gateway's HTML page, an unknown status) is reported without its body.
            _ => new ApiError(502, "BadGateway", $"Anthropic answered with HTTP {status}.", Type: "server_error"),
        };
    }

    private static ApiError RateLimited(UpstreamFailure failure, string message)
    {
        var retry = failure.Headers.RetryAfter ?? DefaultRateLimitRetry;
        return new ApiError(
            429,
            "429",
            $"Requests to the Claude model behind this deployment have exceeded the Anthropic rate limit ({message}). Please retry after {Math.Ceiling(retry.TotalSeconds)} seconds.",
            Type: "rate_limit_error",
            RetryAfter: retry);
    }

    private static int StatusForType(string? type) => type switch
    {
        "invalid_request_error" => 400,
        "authentication_error" => 401,
        "billing_error" => 402,
        "permission_error" => 403,
        "not_found_error" => 404,
        "request_too_large" => 413,
        "rate_limit_error" => 429,
        "timeout_error" => 504,
        "overloaded_error" => 529,
        _ => 500,
    };

    /// <summary>Whether the failure means the model is gone, so the next fallback model should be tried.</summary>
    public static bool IsModelNotFound(UpstreamFailure failure) =>
        failure.Kind == UpstreamFailureKind.ApiError && (failure.Status == 404 || (failure.Status == 0 && failure.ErrorType == "not_found_error"));
}
