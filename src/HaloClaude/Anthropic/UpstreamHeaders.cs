using System.Globalization;
using System.Net.Http.Headers;

namespace HaloClaude.Anthropic;

/// <summary>The Anthropic response headers the proxy passes on to its caller (request id, rate limits, retry hints).</summary>
public sealed class UpstreamHeaders
{
    public string? RequestId { get; init; }
    public TimeSpan? RetryAfter { get; init; }
    public string? RequestsRemaining { get; init; }
    public string? TokensRemaining { get; init; }
    public string? RequestsLimit { get; init; }
    public string? TokensLimit { get; init; }
    public DateTimeOffset? RequestsReset { get; init; }
    public DateTimeOffset? TokensReset { get; init; }

    public static readonly UpstreamHeaders None = new();

    public static UpstreamHeaders From(HttpResponseMessage response)
    {
        var h = response.Headers;
        return new UpstreamHeaders
        {
            RequestId = First(h, "request-id"),
            RetryAfter = ParseRetryAfter(h),
            RequestsRemaining = First(h, "anthropic-ratelimit-requests-remaining"),
            TokensRemaining = First(h, "anthropic-ratelimit-tokens-remaining") ?? First(h, "anthropic-ratelimit-input-tokens-remaining"),
            RequestsLimit = First(h, "anthropic-ratelimit-requests-limit"),
            TokensLimit = First(h, "anthropic-ratelimit-tokens-limit") ?? First(h, "anthropic-ratelimit-input-tokens-limit"),
            RequestsReset = ParseDate(First(h, "anthropic-ratelimit-requests-reset")),
            TokensReset = ParseDate(First(h, "anthropic-ratelimit-tokens-reset") ?? First(h, "anthropic-ratelimit-input-tokens-reset")),
        };
    }

    private static string? First(HttpResponseHeaders headers, string name)
    {
        if (!headers.TryGetValues(name, out var values))
        {
            return null;
        }

        foreach (var value in values)
        {
            // Header values are reflected to the caller: refuse anything that could split or inject headers.
            return value.AsSpan().IndexOfAny('\r', '\n') < 0 && value.Length <= 256 ? value : null;
        }

        return null;
    }

    private static TimeSpan? ParseRetryAfter(HttpResponseHeaders headers)
    {
        if (headers.RetryAfter?.Delta is { } delta)
        {
            return delta;
        }

        if (headers.RetryAfter?.Date is { } date)
        {
            var wait = date - DateTimeOffset.UtcNow;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }

    private static DateTimeOffset? ParseDate(string? value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) ? date : null;
}
