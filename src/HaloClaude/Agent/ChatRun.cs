using System.Diagnostics;
using System.Text;

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
    private readonly Activity? _activity;
    private readonly StringBuilder? _answer;
    private bool _firstPending = true;

    internal ChatRun(TranslatedRequest request, AnthropicEventStream stream, IAsyncEnumerator<StreamEvent> events, Activity? activity = null, bool captureAnswer = false)
    {
        Request = request;
        _stream = stream;
        _events = events;
        _activity = activity;
        _answer = captureAnswer ? new StringBuilder() : null;
        Observe(events.Current);
    }

    public TranslatedRequest Request { get; }

    public UpstreamHeaders Headers => _stream.Headers;

    /// <summary>The model that answered (after any fallback).</summary>
    public string Model => Request.Upstream.Model;

    /// <summary>Claude's reported usage so far (final once the stream has ended).</summary>
    public ResponseMapping.UsageTracker Usage { get; } = new();

    /// <summary>The answer's text so far, kept only when prompt logging is on; otherwise null.</summary>
    public string? AnswerText => _answer?.ToString();

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
        await _stream.DisposeAsync();
    }
}
