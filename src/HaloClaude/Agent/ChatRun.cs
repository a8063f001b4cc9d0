using HaloClaude.Anthropic;
using HaloClaude.Translation;

namespace HaloClaude.Agent;

/// <summary>An answer that has started: the translated request, the upstream headers, and the events, the first one already read.</summary>
/// <remarks>Reading the first event before anything is sent to the caller lets an error that arrives first still become
/// a proper HTTP error instead of an error inside a 200 stream.</remarks>
public sealed class ChatRun : IAsyncDisposable
{
    private readonly AnthropicEventStream _stream;
    private readonly IAsyncEnumerator<StreamEvent> _events;
    private bool _firstPending = true;

    internal ChatRun(TranslatedRequest request, AnthropicEventStream stream, IAsyncEnumerator<StreamEvent> events)
    {
        Request = request;
        _stream = stream;
        _events = events;
    }

    public TranslatedRequest Request { get; }

    public UpstreamHeaders Headers => _stream.Headers;

    /// <summary>The model that answered (after any fallback).</summary>
    public string Model => Request.Upstream.Model;

    /// <summary>Moves to the next event. Throws <see cref="UpstreamStreamException"/> when the upstream fails.</summary>
    public ValueTask<bool> MoveNextAsync()
    {
        if (_firstPending)
        {
            _firstPending = false;
            return ValueTask.FromResult(true);
        }

        return _events.MoveNextAsync();
    }

    public StreamEvent Current => _events.Current;

    public async ValueTask DisposeAsync()
    {
        await _events.DisposeAsync();
        await _stream.DisposeAsync();
    }
}
