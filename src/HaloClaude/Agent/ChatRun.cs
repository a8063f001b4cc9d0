using HaloClaude.Anthropic;
using HaloClaude.Translation;

namespace HaloClaude.Agent;

/// <summary>An answer that has started: the translated request, the upstream headers, and the events, the first one already read.</summary>
/// <remarks>Reading the first event before anything is sent to the caller lets an error that arrives first still become
/// a proper HTTP error instead of an error inside a 200 stream. With server tools the events are the tool loop's:
/// one answer across all turns.</remarks>
public sealed class ChatRun : IAsyncDisposable
{
    private readonly IAsyncEnumerator<StreamEvent> _events;
    private readonly IAsyncDisposable? _owner;
    private bool _firstPending = true;

    internal ChatRun(TranslatedRequest request, UpstreamHeaders headers, IAsyncEnumerator<StreamEvent> events, IAsyncDisposable? owner)
    {
        Request = request;
        Headers = headers;
        _events = events;
        _owner = owner;
    }

    public TranslatedRequest Request { get; }

    public UpstreamHeaders Headers { get; }

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
        if (_owner is not null)
        {
            await _owner.DisposeAsync();
        }
    }
}
