using HaloClaude.Anthropic;
using HaloClaude.Caching;
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
    private AnswerRecorder? _recorder;
    private Func<CachedAnswer, Task>? _store;

    internal ChatRun(TranslatedRequest request, UpstreamHeaders headers, IAsyncEnumerator<StreamEvent> events, IAsyncDisposable? owner)
    {
        Request = request;
        Headers = headers;
        _events = events;
        _owner = owner;
    }

    public TranslatedRequest Request { get; }

    public UpstreamHeaders Headers { get; }

    /// <summary><c>HIT</c> when the answer is a cached one, <c>MISS</c> when it is new and will be cached, <c>BYPASS</c> otherwise.</summary>
    public string CacheStatus { get; private set; } = "BYPASS";

    internal static ChatRun FromCache(TranslatedRequest request, CachedAnswer answer)
    {
        var events = CachedReplay.Events(answer);
        return new ChatRun(request, UpstreamHeaders.None, events, null) { CacheStatus = "HIT", _firstPending = false };
    }

    /// <summary>Records the answer as it passes, to store it once it is complete.</summary>
    internal ChatRun RecordFor(Func<CachedAnswer, Task> store)
    {
        _recorder = new AnswerRecorder();
        _store = store;
        CacheStatus = "MISS";
        return this;
    }

    /// <summary>Called once the caller has the whole answer: stores it when it ended normally.</summary>
    public Task CompleteAsync() =>
        _store is not null && _recorder?.Complete() is { } answer ? _store(answer) : Task.CompletedTask;

    /// <summary>The model that answered (after any fallback).</summary>
    public string Model => Request.Upstream.Model;

    /// <summary>Moves to the next event. Throws <see cref="UpstreamStreamException"/> when the upstream fails.</summary>
    public ValueTask<bool> MoveNextAsync()
    {
        if (_firstPending)
        {
            _firstPending = false;
            _recorder?.Observe(_events.Current);
            return ValueTask.FromResult(true);
        }

        if (_recorder is null)
        {
            return _events.MoveNextAsync();
        }

        var next = _events.MoveNextAsync();
        if (next.IsCompletedSuccessfully)
        {
            if (next.Result)
            {
                _recorder.Observe(_events.Current);
            }

            return next;
        }

        return ObserveAsync(next);
    }

    private async ValueTask<bool> ObserveAsync(ValueTask<bool> next)
    {
        var moved = await next;
        if (moved)
        {
            _recorder!.Observe(_events.Current);
        }

        return moved;
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
