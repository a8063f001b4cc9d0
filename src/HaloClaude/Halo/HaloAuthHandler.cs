using System.Net;
using System.Net.Http.Headers;

namespace HaloClaude.Halo;

/// <summary>Adds the bearer token to every Halo API call; on a 401 it drops the token, fetches a new one and retries once.
/// It also refuses anything but GET: the Halo client is read-only by construction.</summary>
public sealed class HaloAuthHandler(HaloTokenProvider tokens, ILogger<HaloAuthHandler> logger) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method != HttpMethod.Get)
        {
            throw new InvalidOperationException("The Halo client is read-only: only GET requests are allowed.");
        }

        var token = await tokens.GetTokenAsync(cancellationToken);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await base.SendAsync(request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Unauthorized)
        {
            return response;
        }

        HaloLog.RetryingAfterUnauthorized(logger, request.RequestUri?.AbsolutePath ?? string.Empty);
        response.Dispose();
        tokens.Invalidate(token);
        token = await tokens.GetTokenAsync(cancellationToken);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await base.SendAsync(request, cancellationToken);
    }
}
