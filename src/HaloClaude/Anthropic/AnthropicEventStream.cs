using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace HaloClaude.Anthropic;

/// <summary>Reads Anthropic's SSE answer as <see cref="StreamEvent"/>s: skips pings and unknown events, applies the idle
/// and total time limits, and turns in-stream errors, cuts and malformed frames into <see cref="UpstreamStreamException"/>.</summary>
public sealed class AnthropicEventStream : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly CancellationTokenSource _lifetime;
    private readonly TimeSpan _idleTimeout;
    private readonly CancellationToken _callerToken;

    internal AnthropicEventStream(HttpResponseMessage response, CancellationTokenSource lifetime, TimeSpan idleTimeout, UpstreamHeaders headers, CancellationToken callerToken)
    {
        _response = response;
        _lifetime = lifetime;
        _idleTimeout = idleTimeout;
        _callerToken = callerToken;
        Headers = headers;
    }

    /// <summary>The upstream response headers (request id, rate limits).</summary>
    public UpstreamHeaders Headers { get; }

    /// <summary>The events of the answer, ending after <c>message_stop</c>.</summary>
    public async IAsyncEnumerable<StreamEvent> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(_lifetime.Token, cancellationToken);
        Stream body;
        try
        {
            body = await _response.Content.ReadAsStreamAsync(idle.Token);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            throw new UpstreamStreamException(UpstreamFailure.Connection("The connection to Anthropic broke before the answer started."));
        }

        var parser = SseParser.Create(body, static (eventType, data) => Parse(eventType, data));
        await using var events = parser.EnumerateAsync(idle.Token).GetAsyncEnumerator(idle.Token);
        var completed = false;
        while (true)
        {
            idle.CancelAfter(_idleTimeout);
            StreamEvent? item;
            try
            {
                if (!await events.MoveNextAsync())
                {
                    break;
                }

                item = events.Current.Data;
            }
            catch (OperationCanceledException) when (!_callerToken.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                var message = _lifetime.IsCancellationRequested
                    ? "Anthropic did not finish the answer within the proxy's total time limit."
                    : "Anthropic's stream went silent for longer than the proxy's idle limit.";
                throw new UpstreamStreamException(UpstreamFailure.TimedOut(message));
            }
            catch (Exception ex) when (ex is IOException or HttpRequestException)
            {
                throw new UpstreamStreamException(UpstreamFailure.Connection("The connection to Anthropic broke in the middle of the answer."));
            }
            catch (JsonException)
            {
                throw new UpstreamStreamException(UpstreamFailure.Malformed("Anthropic sent an event that is not valid JSON."));
            }

            if (item is null)
            {
                continue; // ping or an event type this proxy does not know
            }

            if (item.Type == "error")
            {
                throw new UpstreamStreamException(new UpstreamFailure(
                    UpstreamFailureKind.ApiError, 0, item.Error?.Type ?? "api_error", item.Error?.Message, Headers));
            }

            yield return item;
            if (item.Type == "message_stop")
            {
                completed = true;
                break;
            }
        }

        if (!completed)
        {
            throw new UpstreamStreamException(UpstreamFailure.Malformed("Anthropic's stream ended before the answer was complete."));
        }
    }

    private static readonly HashSet<string> KnownEvents =
        ["message_start", "content_block_start", "content_block_delta", "content_block_stop", "message_delta", "message_stop", "error"];

    /// <summary>One SSE event's data as a <see cref="StreamEvent"/>; null for pings and events this proxy does not know.</summary>
    internal static StreamEvent? Parse(string eventType, ReadOnlySpan<byte> data)
    {
        // The SSE event name and the JSON "type" agree on the real API; the name decides so that unknown events are never parsed.
        if (!KnownEvents.Contains(eventType))
        {
            return null;
        }

        return StreamEventReader.Read(data);
    }

    public ValueTask DisposeAsync()
    {
        _response.Dispose();
        _lifetime.Dispose();
        return ValueTask.CompletedTask;
    }
}
