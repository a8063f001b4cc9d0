using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

using HaloClaude.Configuration;
using HaloClaude.OpenAi;
using HaloClaude.Translation;

using Microsoft.AspNetCore.Http.Features;

namespace HaloClaude.Api;

/// <summary>Reads a chat request body within the configured limits and turns every client mistake into a 4xx.</summary>
public static class RequestBodyReader
{
    /// <summary>Request type infos for configured nesting limits other than the default.</summary>
    private static readonly ConcurrentDictionary<int, JsonTypeInfo<ChatCompletionRequest>> ByDepth = new();

    public static async Task<ChatCompletionRequest> ReadAsync(HttpContext context, RequestLimitOptions limits)
    {
        var request = context.Request;
        if (request.ContentType is { } contentType && !IsJson(contentType))
        {
            throw new InvalidRequestException("The request body must be JSON (Content-Type: application/json).", null, 415, "UnsupportedMediaType");
        }

        if (request.ContentLength > limits.MaxRequestBodyBytes)
        {
            throw TooLarge(limits);
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = limits.MaxRequestBodyBytes;
        }

        if (request.ContentLength == 0)
        {
            throw new InvalidRequestException("The request body is empty; a JSON chat completions request is required.", null);
        }

        ChatCompletionRequest? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync(new Utf8ValidatingStream(request.Body), RequestType(limits.MaxJsonDepth), context.RequestAborted);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw TooLarge(limits);
        }
        catch (JsonException ex)
        {
            throw Invalid(ex, limits);
        }
        catch (InvalidOperationException)
        {
            throw new InvalidRequestException("The request body is not valid UTF-8 JSON text.", null);
        }

        return body ?? throw new InvalidRequestException("The request body must be a JSON object.", null);
    }

    /// <summary>The request's type info for a nesting limit; the default context unless the limit was configured.</summary>
    private static JsonTypeInfo<ChatCompletionRequest> RequestType(int maxDepth) =>
        maxDepth == OpenAiJsonContext.Default.Options.MaxDepth
            ? OpenAiJsonContext.Default.ChatCompletionRequest
            : ByDepth.GetOrAdd(maxDepth, static depth => new OpenAiJsonContext(new JsonSerializerOptions(OpenAiJsonContext.Default.Options) { MaxDepth = depth }).ChatCompletionRequest);

    /// <summary>What the caller is told about a body the serializer rejected: the JSON path and position only, never the
    /// body, and never the reader's own message (it names .NET types).</summary>
    private static InvalidRequestException Invalid(JsonException ex, RequestLimitOptions limits)
    {
        var param = ex.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : null;
        // The reader's own errors (syntax, depth) come wrapped: their inner exception is the reader's JsonException.
        var readerError = ex.InnerException is JsonException;
        if (readerError && ex.Message.StartsWith("The maximum configured depth", StringComparison.Ordinal))
        {
            return new($"The request JSON is nested too deeply (more than {limits.MaxJsonDepth} levels).", param);
        }

        if (readerError)
        {
            // The path is only where the reader stopped (the last member of a body cut short, say), so no param is named.
            var where = ex.LineNumber is { } line && ex.BytePositionInLine is { } position
                ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $" (line {line + 1}, byte {position + 1})")
                : string.Empty;
            return new($"The request body is not valid JSON{where}: it is cut short or has a syntax error.", null);
        }

        if (ex.Message.StartsWith("Duplicate property", StringComparison.Ordinal))
        {
            return new($"The request JSON has a duplicate property{(param is null ? string.Empty : $" at '{param}'")}.", param);
        }

        return new(param is null ? "The request body is not a valid JSON object." : $"'{param}' has an invalid value or type.", param);
    }

    private static InvalidRequestException TooLarge(RequestLimitOptions limits) =>
        new($"The request body is larger than the {limits.MaxRequestBodyBytes / (1024 * 1024)} MB this proxy accepts.", null, 413, "request_too_large");

    private static bool IsJson(string contentType) =>
        contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
        || contentType.Contains("+json", StringComparison.OrdinalIgnoreCase);
}
