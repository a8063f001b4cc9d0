using HaloClaude.Translation;

namespace HaloClaude.Api;

/// <summary>Every other Azure/OpenAI route gets a JSON error that says what is not supported, never an empty or HTML 404.</summary>
public static class UnsupportedRoutes
{
    private static readonly string[] KnownOperations =
        ["embeddings", "completions", "assistants", "threads", "images", "audio", "files", "batches", "responses", "fine_tuning", "fine-tunes", "vector_stores", "moderations", "extensions", "realtime"];

    public static IEndpointRouteBuilder MapUnsupportedRoutes(this IEndpointRouteBuilder app)
    {
        app.MapFallback(HandleAsync);
        return app;
    }

    private static Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? string.Empty;
        if (path.TrimEnd('/').EndsWith("/chat/completions", StringComparison.OrdinalIgnoreCase))
        {
            // A chat route reached with another method than POST (the fallback outranks the framework's 405).
            return ErrorWriter.WriteAsync(context, new ApiError(405, "MethodNotAllowed", $"The method {context.Request.Method} is not allowed on {path}; use POST."));
        }

        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var operation = Array.Find(segments, s => Array.IndexOf(KnownOperations, s) >= 0);
        var error = operation is not null
            ? new ApiError(400, "OperationNotSupported",
                $"The '{operation}' operation is not supported: this endpoint serves Claude through chat completions only (Anthropic has no {operation} API).",
                Type: "invalid_request_error")
            : new ApiError(404, "404", $"Resource not found: {path}. This endpoint serves POST /openai/deployments/{{deployment}}/chat/completions and POST /v1/chat/completions.");
        return ErrorWriter.WriteAsync(context, error);
    }
}
