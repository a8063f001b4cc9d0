using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

using HaloClaude.Operations.Demo;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HaloClaude.Tests.TestKit;

/// <summary>One scripted misbehaviour for the next Halo API call: a status (with an optional body and Retry-After) and/or a delay.</summary>
public sealed record FakeHaloFault(int Status, string? Body = null, TimeSpan? RetryAfter = null, TimeSpan Delay = default);

/// <summary>A real HTTP server on 127.0.0.1 that behaves like a Halo instance: <c>POST /auth/token</c> issues bearer tokens
/// for one client id and secret (client-credentials form, OAuth error bodies), and <c>GET /api/*</c> serves the
/// "Kestrelpoint IT" sample tenant (<see cref="HaloSampleTenant"/>, shared with the demo's simulated Halo) with Halo's
/// envelopes, filters (<c>count</c>, <c>open_only</c>, <c>excludesys</c>, <c>excludeprivate</c>, …), 401 for missing,
/// unknown or revoked tokens and 404 for unknown records. Faults, overrides and slow or oversized bodies can be scripted.</summary>
public sealed class FakeHalo : IAsyncDisposable
{
    public const string ClientId = "2f1c6b1e-fake-halo-client";
    public const string ClientSecret = "halo-secret-DO-NOT-LOG-5a7c91";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _validTokens = new();
    private readonly ConcurrentQueue<FakeHaloFault> _faults = new();
    private readonly ConcurrentQueue<string> _apiRequests = new();
    private readonly ConcurrentDictionary<string, Func<HttpContext, Task>> _overrides = new(StringComparer.OrdinalIgnoreCase);
    private int _tokenRequests;
    private int _tokenCounter;

    private FakeHalo(WebApplication app) => _app = app;

    /// <summary>The web app root, as HALO_API_URL is written (the API is at <c>{BaseUrl}api/</c>).</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>How many token requests arrived (successful or not).</summary>
    public int TokenRequests => Volatile.Read(ref _tokenRequests);

    /// <summary>Every API request as "GET /api/Tickets/10231?includedetails=true", in arrival order.</summary>
    public IReadOnlyList<string> ApiRequests => _apiRequests.ToArray();

    /// <summary>Time the token endpoint takes to answer; widens the window in which concurrent callers could stampede.</summary>
    public TimeSpan TokenDelay { get; set; } = TimeSpan.FromMilliseconds(150);

    /// <summary>The <c>expires_in</c> the token endpoint reports; a token is refused (401) once it has lived that long on <see cref="Clock"/>.</summary>
    public long TokenLifetimeSeconds { get; set; } = 3600;

    /// <summary>The clock tokens expire on; share a FakeTimeProvider with the proxy to let a token run out.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>When set, the token URL must carry <c>?tenant=</c> with this value, as on a hosted instance.</summary>
    public string? RequiredTenant { get; set; }

    /// <summary>The scopes last requested at the token endpoint.</summary>
    public string? LastScope { get; private set; }

    public static async Task<FakeHalo> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeHalo(app);
        app.MapPost("/auth/token", fake.TokenAsync);
        app.Map("/api/{**path}", fake.ApiAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.BaseUrl = new Uri(address.TrimEnd('/') + "/");
        return fake;
    }

    /// <summary>Makes every issued token invalid, as an expiry or revocation on Halo's side does.</summary>
    public void RevokeAllTokens() => _validTokens.Clear();

    public void Enqueue(params FakeHaloFault[] faults)
    {
        foreach (var fault in faults)
        {
            _faults.Enqueue(fault);
        }
    }

    /// <summary>Answers <paramref name="path"/> (e.g. "Tickets/777", any casing, any query; or "Actions?ticket_id=1" for
    /// exactly that query) with a JSON body. Every override method takes paths the same way.</summary>
    public void Serve(string path, string json) => _overrides[Key(path)] = context => WriteJsonAsync(context, 200, json);

    /// <summary>Answers <paramref name="path"/> with <paramref name="bytes"/> of valid-looking JSON, written in 64 KB chunks
    /// with <paramref name="pause"/> between them; with <paramref name="declareLength"/> the size is announced in
    /// Content-Length, otherwise the body is chunked.</summary>
    public void ServeLarge(string path, int bytes, bool declareLength = false, TimeSpan pause = default) => _overrides[Key(path)] = async context =>
    {
        var head = Encoding.UTF8.GetBytes("{\"record_count\":1,\"tickets\":[{\"id\":1,\"summary\":\"");
        var tail = Encoding.UTF8.GetBytes("\"}]}");
        var chunk = Encoding.UTF8.GetBytes(new string(' ', 64 * 1024));
        var chunks = (bytes + chunk.Length - 1) / chunk.Length;
        context.Response.ContentType = "application/json";
        if (declareLength)
        {
            context.Response.ContentLength = head.Length + ((long)chunks * chunk.Length) + tail.Length;
        }

        await StreamAsync(context, head, chunk, chunks, tail, pause);
    };

    /// <summary>Answers <paramref name="path"/> with a JSON body that never ends: 64 KB of padding after another, with
    /// <paramref name="pause"/> between them, until the client stops reading. <see cref="StreamedBytes"/> counts what was
    /// written and <see cref="StreamStopped"/> completes when the client has gone.</summary>
    public void ServeEndless(string path, TimeSpan pause = default) => _overrides[Key(path)] = async context =>
    {
        context.Response.ContentType = "application/json";
        var head = Encoding.UTF8.GetBytes("{\"record_count\":1,\"tickets\":[{\"id\":1,\"summary\":\"");
        await StreamAsync(context, head, Encoding.UTF8.GetBytes(new string(' ', 64 * 1024)), int.MaxValue, [], pause);
    };

    /// <summary>Bytes written by <see cref="ServeLarge"/> and <see cref="ServeEndless"/> bodies so far.</summary>
    public long StreamedBytes => Interlocked.Read(ref _streamedBytes);

    /// <summary>Completes when a streamed body ends, normally or because the client stopped reading (then with true).</summary>
    public Task<bool> StreamStopped => _streamStopped.Task;

    private long _streamedBytes;
    private readonly TaskCompletionSource<bool> _streamStopped = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async Task StreamAsync(HttpContext context, byte[] head, byte[] chunk, int chunks, byte[] tail, TimeSpan pause)
    {
        var body = context.Response.Body;
        try
        {
            await body.WriteAsync(head, context.RequestAborted);
            for (var i = 0; i < chunks; i++)
            {
                await body.WriteAsync(chunk, context.RequestAborted);
                await body.FlushAsync(context.RequestAborted);
                Interlocked.Add(ref _streamedBytes, chunk.Length);
                if (pause > TimeSpan.Zero)
                {
                    await Task.Delay(pause, context.RequestAborted);
                }
            }

            await body.WriteAsync(tail, context.RequestAborted);
            _streamStopped.TrySetResult(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidOperationException)
        {
            _streamStopped.TrySetResult(true); // the client closed the connection: it stopped reading
        }
    }

    private async Task TokenAsync(HttpContext context)
    {
        Interlocked.Increment(ref _tokenRequests);
        await Task.Delay(TokenDelay);
        if (!context.Request.HasFormContentType)
        {
            await WriteJsonAsync(context, 400, """{"error":"invalid_request","error_description":"form body required"}""");
            return;
        }

        var form = await context.Request.ReadFormAsync();
        LastScope = form["scope"];
        if (RequiredTenant is not null && context.Request.Query["tenant"] != RequiredTenant)
        {
            await WriteJsonAsync(context, 400, """{"error":"invalid_request","error_description":"Tenant not found"}""");
            return;
        }

        if (form["grant_type"] != "client_credentials")
        {
            await WriteJsonAsync(context, 400, """{"error":"unsupported_grant_type"}""");
            return;
        }

        if (form["client_id"] != ClientId || form["client_secret"] != ClientSecret)
        {
            await WriteJsonAsync(context, 400, """{"error":"invalid_client"}""");
            return;
        }

        var token = $"fake-halo-token-{Interlocked.Increment(ref _tokenCounter)}-{Guid.NewGuid():N}";
        _validTokens[token] = Clock.GetUtcNow().AddSeconds(Math.Min(TokenLifetimeSeconds, 10L * 365 * 24 * 3600));
        var body = new JsonObject
        {
            ["access_token"] = token,
            ["token_type"] = "Bearer",
            ["expires_in"] = TokenLifetimeSeconds,
            ["scope"] = form["scope"].ToString(),
        };
        await WriteJsonAsync(context, 200, body.ToJsonString());
    }

    /// <summary>A delay added to every API answer (to observe overlapping calls).</summary>
    public TimeSpan ApiDelay { get; set; }

    /// <summary>The most API requests that were in progress at the same time.</summary>
    public int MaxConcurrentApiRequests => Volatile.Read(ref _maxConcurrent);

    /// <summary>Answers one path with an error status every time.</summary>
    public void Fail(string path, int status) => _overrides[Key(path)] = context => WriteJsonAsync(context, status, """{"error":"Fake Halo failure"}""");

    private int _concurrent;
    private int _maxConcurrent;

    private async Task ApiAsync(HttpContext context)
    {
        var now = Interlocked.Increment(ref _concurrent);
        int seen;
        while (now > (seen = Volatile.Read(ref _maxConcurrent)) && Interlocked.CompareExchange(ref _maxConcurrent, now, seen) != seen)
        {
        }

        try
        {
            if (ApiDelay > TimeSpan.Zero)
            {
                await Task.Delay(ApiDelay, context.RequestAborted);
            }

            await ServeApiAsync(context);
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            Interlocked.Decrement(ref _concurrent);
        }
    }

    private async Task ServeApiAsync(HttpContext context)
    {
        var request = context.Request;
        _apiRequests.Enqueue($"{request.Method} {request.Path}{request.QueryString}");
        var authorization = request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Bearer ", StringComparison.Ordinal)
            || !_validTokens.TryGetValue(authorization["Bearer ".Length..], out var expires)
            || Clock.GetUtcNow() >= expires)
        {
            context.Response.StatusCode = 401;
            return;
        }

        if (_faults.TryDequeue(out var fault))
        {
            if (fault.Delay > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(fault.Delay, context.RequestAborted);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            if (fault.Status != 200)
            {
                if (fault.RetryAfter is { } wait)
                {
                    context.Response.Headers.RetryAfter = ((int)wait.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                }

                context.Response.StatusCode = fault.Status;
                context.Response.ContentType = "text/plain";
                await context.Response.WriteAsync(fault.Body ?? $"Fake Halo fault {fault.Status}");
                return;
            }
        }

        if (!HttpMethods.IsGet(request.Method))
        {
            context.Response.StatusCode = 405;
            return;
        }

        var path = Normalise(request.Path.Value!["/api/".Length..]);
        if (_overrides.TryGetValue($"{path}{request.QueryString}", out var handler) || _overrides.TryGetValue(path, out handler))
        {
            await handler(context);
            return;
        }

        var body = HaloSampleTenant.Resolve(path, request.Query);
        if (body is null)
        {
            await WriteJsonAsync(context, 404, HaloSampleTenant.NotFoundBody);
            return;
        }

        await WriteJsonAsync(context, 200, body.ToJsonString());
    }

    private static string Normalise(string path) => path.Trim('/').Split('?')[0].ToLowerInvariant();

    // An override for "Tickets/777" answers that path whatever the query; one for "Actions?ticket_id=1&x=y" only that exact query.
    private static string Key(string path) => path.Contains('?', StringComparison.Ordinal)
        ? Normalise(path) + path[path.IndexOf('?', StringComparison.Ordinal)..]
        : Normalise(path);

    private static async Task WriteJsonAsync(HttpContext context, int status, string json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        await context.Response.WriteAsync(json);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
