using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

using HaloClaude.OpenAi;
using HaloClaude.Translation;

using Microsoft.AspNetCore.Http.Features;

namespace HaloClaude.Api;

/// <summary>Writes OpenAI-style server-sent events straight into the response pipe, flushing each one.</summary>
public sealed class SseWriter : IDisposable
{
    private readonly HttpResponse _response;
    private readonly PipeWriter _pipe;
    private readonly Utf8JsonWriter _json;

    public SseWriter(HttpContext context)
    {
        _response = context.Response;
        _pipe = context.Response.BodyWriter;
        _json = new Utf8JsonWriter(_pipe, new JsonWriterOptions { SkipValidation = true, Encoder = OpenAiJsonContext.AnswerEncoder });
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
    }

    public bool Started => _response.HasStarted;

    public void Start()
    {
        _response.StatusCode = StatusCodes.Status200OK;
        _response.ContentType = "text/event-stream; charset=utf-8";
        _response.Headers.CacheControl = "no-cache";
        _response.Headers["X-Accel-Buffering"] = "no";
    }

    /// <summary>Writes <c>data: {json}</c> and a blank line, then flushes.</summary>
    public ValueTask<FlushResult> WriteAsync<T>(T value, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        _pipe.Write("data: "u8);
        JsonSerializer.Serialize(_json, value, typeInfo);
        _json.Flush();
        _json.Reset();
        _pipe.Write("\n\n"u8);
        return _pipe.FlushAsync(cancellationToken);
    }

    public ValueTask<FlushResult> WriteDoneAsync(CancellationToken cancellationToken)
    {
        _pipe.Write("data: [DONE]\n\n"u8);
        return _pipe.FlushAsync(cancellationToken);
    }

    /// <summary>Ends a stream that failed after it started: the chunk that closes the open choice, then the error event, and
    /// no <c>[DONE]</c>. The connection closes once this response is complete.</summary>
    /// <remarks>Azure.AI.OpenAI 1.0.0-beta.6 raises on the closing chunk while its background reader may still be reading this
    /// response, and disposes the response under that read; HttpClient then drains the rest and pools the connection
    /// again, with the old read still waiting on it. That read swallows the next answer sent on the connection, and the
    /// request it belonged to waits until it times out. Nothing more is ever answered on this connection, so nothing
    /// can be swallowed.</remarks>
    public async ValueTask WriteFailureAsync(ChatCompletionChunk closing, ApiError error, CancellationToken cancellationToken)
    {
        _response.HttpContext.Connection.RequestClose();
        await WriteAsync(closing, OpenAiJsonContext.Default.ChatCompletionChunk, cancellationToken);
        await WriteAsync(new StreamErrorEvent { Error = ErrorWriter.ToBody(error) }, OpenAiJsonContext.Default.StreamErrorEvent, cancellationToken);
    }

    /// <summary>An SSE comment: ignored by clients, but keeps proxies and load balancers from closing an idle stream.</summary>
    public ValueTask<FlushResult> WriteKeepAliveAsync(CancellationToken cancellationToken)
    {
        _pipe.Write(": keep-alive\n\n"u8);
        return _pipe.FlushAsync(cancellationToken);
    }

    public void Dispose() => _json.Dispose();
}
