using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

using Microsoft.AspNetCore.WebUtilities;

namespace HaloClaude.Operations.Demo;

/// <summary>Stands in for Halo in demo mode: <c>POST /auth/token</c> issues a bearer token for the demo client id and secret
/// (client-credentials form, OAuth error bodies), and <c>GET /api/*</c> answers from the <see cref="HaloSampleTenant"/> with
/// 401 without that token, 404 for unknown records and 405 for anything but GET.</summary>
/// <remarks>The primary handler of the Halo token and API clients, so the real token provider, retries, client and tools
/// all run; nothing leaves the process.</remarks>
public sealed class SimulatedHaloHandler : HttpMessageHandler
{
    // One token per process, as if Halo had issued it; a handler rebuilt by the client factory keeps accepting it.
    private static readonly string Token = "simulated-halo-token-" + Guid.NewGuid().ToString("N");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri ?? throw new InvalidOperationException("A Halo request needs an address.");
        var path = uri.AbsolutePath;
        if (path.EndsWith("/auth/token", StringComparison.OrdinalIgnoreCase))
        {
            return request.Method == HttpMethod.Post ? await TokenAsync(request, cancellationToken) : Json(HttpStatusCode.MethodNotAllowed, """{"error":"invalid_request"}""");
        }

        if (!path.StartsWith("/api/", StringComparison.OrdinalIgnoreCase))
        {
            return Json(HttpStatusCode.NotFound, HaloSampleTenant.NotFoundBody);
        }

        if (request.Headers.Authorization is not { Scheme: "Bearer", Parameter: { } token } || token != Token)
        {
            return new HttpResponseMessage(HttpStatusCode.Unauthorized) { Content = new StringContent(string.Empty) };
        }

        if (request.Method != HttpMethod.Get)
        {
            return Json(HttpStatusCode.MethodNotAllowed, """{"error":"The simulated Halo is read-only."}""");
        }

        var query = new QueryCollection(QueryHelpers.ParseQuery(uri.Query));
        return HaloSampleTenant.Resolve(path["/api/".Length..], query) is { } body
            ? Json(HttpStatusCode.OK, body.ToJsonString())
            : Json(HttpStatusCode.NotFound, HaloSampleTenant.NotFoundBody);
    }

    private static async Task<HttpResponseMessage> TokenAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content?.Headers.ContentType?.MediaType != "application/x-www-form-urlencoded")
        {
            return Json(HttpStatusCode.BadRequest, """{"error":"invalid_request","error_description":"form body required"}""");
        }

        var form = QueryHelpers.ParseQuery(await request.Content.ReadAsStringAsync(cancellationToken));
        if (form.GetValueOrDefault("grant_type") != "client_credentials")
        {
            return Json(HttpStatusCode.BadRequest, """{"error":"unsupported_grant_type"}""");
        }

        if (form.GetValueOrDefault("client_id") != DemoMode.SimulatedHaloClientId || form.GetValueOrDefault("client_secret") != DemoMode.SimulatedHaloClientSecret)
        {
            return Json(HttpStatusCode.BadRequest, """{"error":"invalid_client"}""");
        }

        var body = new JsonObject
        {
            ["access_token"] = Token,
            ["token_type"] = "Bearer",
            ["expires_in"] = 3600,
            ["scope"] = form.GetValueOrDefault("scope").ToString(),
        };
        return Json(HttpStatusCode.OK, body.ToJsonString());
    }

    private static HttpResponseMessage Json(HttpStatusCode status, string json)
    {
        var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return new HttpResponseMessage(status) { Content = content };
    }
}
