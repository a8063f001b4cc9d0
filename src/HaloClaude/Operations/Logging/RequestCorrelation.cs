using System.Collections;
using System.Diagnostics;

namespace HaloClaude.Operations.Logging;

/// <summary>The logging scope of one request: <c>CorrelationId</c> is always the id the response carries in <c>x-request-id</c>
/// and <c>apim-request-id</c>, so an id a Halo admin copies from an error finds every log line of that request.</summary>
/// <remarks>The id starts as the proxy's own request id and becomes Anthropic's <c>request-id</c> once Anthropic answers
/// (that is what the response then returns); the scope is read when each line is written, so later lines carry the new id.</remarks>
public sealed class RequestCorrelation(string initialId) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public const string Key = "CorrelationId";

    private volatile string _id = initialId;

    public string Id => _id;

    public int Count => 1;

    public KeyValuePair<string, object?> this[int index] =>
        index == 0 ? new(Key, _id) : throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>Called when the response's request-id headers are set.</summary>
    public void Update(string id)
    {
        _id = id;
        Activity.Current?.SetTag("haloclaude.request_id", id);
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        yield return this[0];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"{Key}:{_id}";
}

/// <summary>Opens the <see cref="RequestCorrelation"/> scope for every request and makes it reachable through the request's features.</summary>
public sealed class RequestCorrelationMiddleware(RequestDelegate next, ILoggerFactory loggers)
{
    private readonly ILogger _logger = loggers.CreateLogger("HaloClaude.Requests");

    public async Task InvokeAsync(HttpContext context)
    {
        var correlation = new RequestCorrelation(context.TraceIdentifier);
        context.Features.Set(correlation);
        using (_logger.BeginScope(correlation))
        {
            await next(context);
        }
    }
}
