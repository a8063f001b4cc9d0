using System.Diagnostics;
using System.Text;

using HaloClaude.Anthropic;
using HaloClaude.Caching;
using HaloClaude.Translation;

namespace HaloClaude.Agent;

/// <summary>An answer that has started: the translated request, the upstream headers, and the events, the first one already read.</summary>
/// <remarks>Reading the first event before anything is sent to the caller lets an error that arrives first still become
/// a proper HTTP error instead of an error inside a 200 stream. With server tools the events are the tool loop's:
/// one answer across all turns. A cached answer replays its events the same way.</remarks>
public sealed class ChatRun : IAsyncDisposable
{
    private readonly IAsyncEnumerator<StreamEvent> _events;
    private readonly IAsyncDisposable? _owner;
    private readonly Activity? _activity;
    private readonly StringBuilder? _answer;
    private bool _firstPending = true;
    private AnswerRecorder? _recorder;
    private Func<CachedAnswer, Task>? _store;

    internal ChatRun(TranslatedRequest request, UpstreamHeaders headers, IAsyncEnumerator<StreamEvent> events, IAsyncDisposable? owner, Activity? activity = null, bool captureAnswer = false)
    {
        Request = request;
        Headers = headers;
        _events = events;
        _owner = owner;
        _activity = activity;
        _answer = captureAnswer ? new StringBuilder() : null;
        Observe(events.Current);
    }

    private ChatRun(TranslatedRequest request, IAsyncEnumerator<StreamEvent> replay)
    {
        Request = request;
        Headers = UpstreamHeaders.None;
        _events = replay;
        _firstPending = false;
        CacheStatus = "HIT";
    }

    public TranslatedRequest Request { get; }

    public UpstreamHeaders Headers { get; }

    /// <summary><c>HIT</c> when the answer is a cached one, <c>MISS</c> when it is new and will be cached, <c>BYPASS</c> otherwise.</summary>
    public string CacheStatus { get; private set; } = "BYPASS";

    /// <summary>The model that answered (after any fallback).</summary>
    public string Model => Request.Upstream.Model;

    /// <summary>Claude's reported usage so far (final once the stream has ended; summed over tool-loop turns).</summary>
    public ResponseMapping.UsageTracker Usage { get; } = new();

    /// <summary>The answer's text so far, kept only when prompt logging is on; otherwise null.</summary>
    public string? AnswerText => _answer?.ToString();

    internal static ChatRun FromCache(TranslatedRequest request, CachedAnswer answer) => new(request, CachedReplay.Events(answer));

    /// <summary>Records the answer as it passes, to store it once it is complete.</summary>
    internal ChatRun RecordFor(Func<CachedAnswer, Task> store)
    {
        _recorder = new AnswerRecorder();
        _recorder.Observe(_events.Current);
        _store = store;
        CacheStatus = "MISS";
        return this;
    }

    /// <summary>Called once the caller has the whole answer: stores it when it ended normally.</summary>
    public Task CompleteAsync() =>
        _store is not null && _recorder?.Complete() is { } answer ? _store(answer) : Task.CompletedTask;

    /// <summary>Moves to the next event. Throws <see cref="UpstreamStreamException"/> when the upstream fails.</summary>
    public async ValueTask<bool> MoveNextAsync()
    {
        if (_firstPending)
        {
            _firstPending = false;
            return true;
        }

        try
        {
            if (!await _events.MoveNextAsync())
            {
                return false;
            }
        }
        catch (UpstreamStreamException ex)
        {
            _activity?.SetStatus(ActivityStatusCode.Error, ex.Failure.Kind.ToString());
            throw;
        }

        Observe(_events.Current);
        return true;
    }

    public StreamEvent Current => _events.Current;

    private void Observe(StreamEvent item)
    {
        _recorder?.Observe(item);
        switch (item.Type)
        {
            case "message_start":
                Usage.Update(item.Message?.Usage);
                break;
            case "message_delta":
                Usage.Update(item.Usage);
                break;
            case "content_block_delta" when _answer is not null && item.Delta?.Type == "text_delta":
                _answer.Append(item.Delta.Text);
                break;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_activity is not null)
        {
            _activity.SetTag("gen_ai.usage.input_tokens", Usage.Input);
            _activity.SetTag("gen_ai.usage.output_tokens", Usage.Output);
            _activity.SetTag("gen_ai.usage.cache_read.input_tokens", Usage.CacheRead);
            _activity.SetTag("gen_ai.usage.cache_creation.input_tokens", Usage.CacheCreation);
            _activity.Dispose();
        }

        await _events.DisposeAsync();
        if (_owner is not null)
        {
            await _owner.DisposeAsync();
        }
    }
}
