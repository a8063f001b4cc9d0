using System.Globalization;

using HaloClaude.Anthropic;
using HaloClaude.Operations.Logging;

namespace HaloClaude.Api;

/// <summary>Anthropic's response headers → the ones Azure OpenAI clients read (mapping §7.2).</summary>
public static class ResponseHeaders
{
    public static void Apply(HttpContext context, UpstreamHeaders upstream)
    {
        var headers = context.Response.Headers;
        var requestId = upstream.RequestId ?? context.TraceIdentifier;
        headers["apim-request-id"] = requestId;
        headers["x-request-id"] = requestId;
        context.Features.Get<RequestCorrelation>()?.Update(requestId);
        Set(headers, "x-ratelimit-remaining-requests", upstream.RequestsRemaining);
        Set(headers, "x-ratelimit-remaining-tokens", upstream.TokensRemaining);
        Set(headers, "x-ratelimit-limit-requests", upstream.RequestsLimit);
        Set(headers, "x-ratelimit-limit-tokens", upstream.TokensLimit);
        Set(headers, "x-ratelimit-reset-requests", Duration(upstream.RequestsReset));
        Set(headers, "x-ratelimit-reset-tokens", Duration(upstream.TokensReset));
    }

    private static void Set(IHeaderDictionary headers, string name, string? value)
    {
        if (value is not null)
        {
            headers[name] = value;
        }
    }

    /// <summary>Anthropic gives reset times as timestamps, OpenAI as durations such as <c>6s</c>.</summary>
    private static string? Duration(DateTimeOffset? reset)
    {
        if (reset is not { } at)
        {
            return null;
        }

        var seconds = Math.Max(0, Math.Ceiling((at - DateTimeOffset.UtcNow).TotalSeconds));
        return seconds.ToString(CultureInfo.InvariantCulture) + "s";
    }
}
