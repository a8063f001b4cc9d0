using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace HaloClaude.Tests.TestKit;

/// <summary>Records what a client sent to the proxy (path, query, headers, JSON body) before the proxy sees it, so
/// compatibility tests can state what a real SDK puts on the wire instead of guessing.</summary>
/// <remarks>Attach with <c>ProxyHost.StartAsync(upstream, configure: recorder.Attach)</c>.</remarks>
public sealed class ClientRequestRecorder : IStartupFilter
{
    private readonly ConcurrentQueue<ClientRequest> _requests = new();

    public IReadOnlyList<ClientRequest> Requests => _requests.ToArray();

    public ClientRequest Last => _requests.Last();

    public void Attach(WebApplicationBuilder builder) => builder.Services.AddSingleton<IStartupFilter>(this);

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, proceed) =>
        {
            context.Request.EnableBuffering();
            JsonNode? body = null;
            try
            {
                body = await JsonNode.ParseAsync(context.Request.Body);
            }
            catch (JsonException)
            {
            }

            context.Request.Body.Position = 0;
            _requests.Enqueue(new ClientRequest(
                context.Request.Method,
                context.Request.Path.Value ?? string.Empty,
                context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString()),
                context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()),
                body));
            await proceed(context);
        });
        next(app);
    };
}

/// <summary>One request as the client sent it.</summary>
public sealed record ClientRequest(
    string Method,
    string Path,
    IReadOnlyDictionary<string, string> Query,
    IReadOnlyDictionary<string, string> Headers,
    JsonNode? Body);
