using System.Globalization;
using System.Text.Json;

using HaloClaude.OpenAi;
using HaloClaude.Translation;

namespace HaloClaude.Api;

/// <summary>Writes errors in the Azure OpenAI envelope, with retry headers where they apply. Never ProblemDetails.</summary>
public static class ErrorWriter
{
    public static Task WriteAsync(HttpContext context, ApiError error)
    {
        var response = context.Response;
        response.StatusCode = error.Status;
        response.ContentType = "application/json";
        if (error.RetryAfter is { } retry)
        {
            var seconds = Math.Max(1, (long)Math.Ceiling(retry.TotalSeconds));
            response.Headers["retry-after"] = seconds.ToString(CultureInfo.InvariantCulture);
            response.Headers["retry-after-ms"] = ((long)Math.Max(1000, retry.TotalMilliseconds)).ToString(CultureInfo.InvariantCulture);
        }

        return JsonSerializer.SerializeAsync(response.Body, ToEnvelope(error), OpenAiJsonContext.Default.ErrorEnvelope, context.RequestAborted);
    }

    public static ErrorEnvelope ToEnvelope(ApiError error) => new() { Error = ToBody(error) };

    public static ErrorBody ToBody(ApiError error) => new() { Code = error.Code, Message = error.Message, Param = error.Param, Type = error.Type };

    /// <summary>For bare status codes set by the framework (405, 415, …): the same envelope, so no caller sees an empty or HTML body.</summary>
    public static Task WriteStatusAsync(HttpContext context)
    {
        var status = context.Response.StatusCode;
        var error = status switch
        {
            401 => ApiError.Unauthorized(),
            404 => new ApiError(404, "404", $"Resource not found: {context.Request.Path}."),
            405 => new ApiError(405, "MethodNotAllowed", $"The method {context.Request.Method} is not allowed on {context.Request.Path}."),
            413 => new ApiError(413, "request_too_large", "The request body is larger than this proxy accepts.", Type: "invalid_request_error"),
            415 => new ApiError(415, "UnsupportedMediaType", "The request body must be JSON (Content-Type: application/json).", Type: "invalid_request_error"),
            _ => new ApiError(status, status.ToString(CultureInfo.InvariantCulture), "The request could not be processed."),
        };
        return WriteAsync(context, error);
    }
}
