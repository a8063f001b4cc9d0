using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HaloClaude.Tests.TestKit;

/// <summary>A real HTTP server on 127.0.0.1 that speaks Anthropic's Messages API: it checks the key and version headers,
/// validates bodies with the real API's rules and error texts, records what it received, and answers scripted replies
/// as JSON or as SSE (split frames, pings, silences, cuts and error events on request).</summary>
public sealed class FakeAnthropic : IAsyncDisposable
{
    public const string ApiKey = "sk-ant-fake-test-key-0123456789";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<FakeReply> _replies = new();
    private readonly ConcurrentQueue<ReceivedRequest> _received = new();
    private int _messageCounter;
    private int _modelListRequests;

    private FakeAnthropic(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Model ids answered with 404 <c>not_found_error</c>, as a retired model is.</summary>
    public ConcurrentDictionary<string, bool> RetiredModels { get; } = new();

    /// <summary>Model ids answered with 529 <c>overloaded_error</c>, as Anthropic answers when a model is overloaded.</summary>
    public ConcurrentDictionary<string, bool> OverloadedModels { get; } = new();

    public IReadOnlyList<ReceivedRequest> Received => _received.ToArray();

    public ReceivedRequest LastRequest => _received.Last();

    /// <summary>How many <c>GET /v1/models</c> calls arrived (the proxy's readiness probe uses it).</summary>
    public int ModelListRequests => Volatile.Read(ref _modelListRequests);

    public void Enqueue(params FakeReply[] replies)
    {
        foreach (var reply in replies)
        {
            _replies.Enqueue(reply);
        }
    }

    public static async Task<FakeAnthropic> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeAnthropic(app);
        app.MapPost("/v1/messages", fake.HandleAsync);
        app.MapGet("/v1/models", fake.ListModelsAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.BaseUrl = new Uri(address);
        return fake;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        context.RequestAborted.Register(() => aborted.TrySetResult());
        JsonObject? body = null;
        try
        {
            body = await JsonNode.ParseAsync(context.Request.Body) as JsonObject;
        }
        catch (JsonException)
        {
        }

        var received = new ReceivedRequest(
            body ?? [],
            context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()),
            aborted.Task);
        _received.Enqueue(received);
        context.Response.Headers["request-id"] = $"req_fake_{Interlocked.Increment(ref _messageCounter):D4}";

        if (context.Request.Headers["x-api-key"] != ApiKey)
        {
            await WriteErrorAsync(context, 401, "authentication_error", "invalid x-api-key");
            return;
        }

        if (context.Request.Headers["anthropic-version"].Count == 0)
        {
            await WriteErrorAsync(context, 400, "invalid_request_error", "anthropic-version: header is required");
            return;
        }

        if (body is null)
        {
            await WriteErrorAsync(context, 400, "invalid_request_error", "There was an issue with your request body: not valid JSON");
            return;
        }

        var model = body["model"]?.GetValue<string>() ?? string.Empty;
        if (RetiredModels.ContainsKey(model) || (model.Length > 0 && !FakeAnthropicRules.IsKnownModel(model)))
        {
            await WriteErrorAsync(context, 404, "not_found_error", $"model: {model}");
            return;
        }

        if (OverloadedModels.ContainsKey(model))
        {
            await WriteErrorAsync(context, 529, "overloaded_error", "Overloaded");
            return;
        }

        if (FakeAnthropicRules.Validate(body) is { } problem)
        {
            await WriteErrorAsync(context, 400, "invalid_request_error", problem);
            return;
        }

        var reply = _replies.TryDequeue(out var scripted) ? scripted : EchoReply(body);
        switch (reply)
        {
            case FakeError error:
                foreach (var (name, value) in error.Headers)
                {
                    context.Response.Headers[name] = value;
                }

                await WriteErrorAsync(context, error.Status, error.Type, error.Message);
                return;
            case FakeDrop:
                context.Abort();
                return;
            case FakeMessage message:
                foreach (var (name, value) in message.Headers)
                {
                    context.Response.Headers[name] = value;
                }

                var id = $"msg_fake{Interlocked.Increment(ref _messageCounter):D6}";
                if (body["stream"]?.GetValue<bool>() == true)
                {
                    await StreamAsync(context, message, id, model);
                }
                else
                {
                    context.Response.ContentType = "application/json";
                    await context.Response.WriteAsync(FakeEvents.MessageJson(message, id, model).ToJsonString());
                }

                return;
        }
    }

    /// <summary><c>GET /v1/models</c> as the real API answers it: the same key and version checks, newest model first, paged by <c>limit</c>.</summary>
    private async Task ListModelsAsync(HttpContext context)
    {
        Interlocked.Increment(ref _modelListRequests);
        context.Response.Headers["request-id"] = $"req_fake_{Interlocked.Increment(ref _messageCounter):D4}";
        if (context.Request.Headers["x-api-key"] != ApiKey)
        {
            await WriteErrorAsync(context, 401, "authentication_error", "invalid x-api-key");
            return;
        }

        if (context.Request.Headers["anthropic-version"].Count == 0)
        {
            await WriteErrorAsync(context, 400, "invalid_request_error", "anthropic-version: header is required");
            return;
        }

        var limit = int.TryParse(context.Request.Query["limit"], out var requested) ? Math.Clamp(requested, 1, 1000) : 20;
        var page = ListedModels.Take(limit).ToArray();
        var data = new JsonArray(page.Select(m => (JsonNode)new JsonObject
        {
            ["type"] = "model",
            ["id"] = m.Id,
            ["display_name"] = m.DisplayName,
            ["created_at"] = m.CreatedAt,
        }).ToArray());
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(new JsonObject
        {
            ["data"] = data,
            ["has_more"] = page.Length < ListedModels.Length,
            ["first_id"] = page.FirstOrDefault().Id,
            ["last_id"] = page.LastOrDefault().Id,
        }.ToJsonString());
    }

    private static readonly (string Id, string DisplayName, string CreatedAt)[] ListedModels =
    [
        ("claude-haiku-5-5", "Claude Haiku 5.5", "2026-10-07T00:00:00Z"),
        ("claude-sonnet-5-5", "Claude Sonnet 5.5", "2026-09-28T00:00:00Z"),
        ("claude-opus-5-5", "Claude Opus 5.5", "2026-09-23T00:00:00Z"),
        ("claude-opus-5", "Claude Opus 5", "2026-07-24T00:00:00Z"),
        ("claude-sonnet-5", "Claude Sonnet 5", "2026-06-30T00:00:00Z"),
        ("claude-haiku-4-5-20251001", "Claude Haiku 4.5", "2025-10-01T00:00:00Z"),
        ("claude-sonnet-4-5-20250929", "Claude Sonnet 4.5", "2025-09-29T00:00:00Z"),
    ];

    /// <summary>With no script, the fake answers with the text of the last user turn, so tests can see a real round trip.</summary>
    private static FakeMessage EchoReply(JsonObject body)
    {
        var lastUser = body["messages"]!.AsArray().LastOrDefault(m => m?["role"]?.GetValue<string>() == "user");
        var text = lastUser?["content"] switch
        {
            JsonValue value => value.GetValue<string>(),
            JsonArray blocks => string.Join(" ", blocks.Where(b => b?["type"]?.GetValue<string>() == "text").Select(b => b!["text"]!.GetValue<string>())),
            _ => string.Empty,
        };
        return FakeReply.Text("Echo: " + text);
    }

    private static async Task StreamAsync(HttpContext context, FakeMessage message, string id, string model)
    {
        context.Response.ContentType = "text/event-stream; charset=utf-8";
        context.Response.Headers.CacheControl = "no-cache";
        var events = FakeEvents.Build(message, id, model);
        for (var i = 0; i < events.Count; i++)
        {
            if (message.Silence is { } silence && silence.BeforeEvent == i)
            {
                await Task.Delay(silence.Duration, context.RequestAborted);
            }

            if (message.CutAfterEvents == i)
            {
                await context.Response.Body.FlushAsync();
                // A reset discards bytes the peer has not read yet; give the proxy time to read what was sent first.
                await Task.Delay(300);
                context.Abort();
                return;
            }

            if (message.EndAfterEvents == i)
            {
                return;
            }

            if (message.ErrorEvent is { } error && error.AfterEvents == i)
            {
                var payload = new JsonObject { ["type"] = "error", ["error"] = new JsonObject { ["type"] = error.Type, ["message"] = error.Message } };
                await WriteBytesAsync(context, Frame("error", payload), message.WriteSize);
                return;
            }

            await WriteBytesAsync(context, Frame(events[i]["type"]!.GetValue<string>(), events[i]), message.WriteSize);
            if (i == 0 || (message.PingEvery > 0 && i % message.PingEvery == 0))
            {
                await WriteBytesAsync(context, Frame("ping", new JsonObject { ["type"] = "ping" }), message.WriteSize);
            }

            if (i == 1 && message.IncludeUnknownEvent)
            {
                await WriteBytesAsync(context, Frame("some_future_event", new JsonObject { ["type"] = "some_future_event", ["payload"] = 1 }), message.WriteSize);
            }
        }
    }

    private static byte[] Frame(string type, JsonObject data) => Encoding.UTF8.GetBytes($"event: {type}\ndata: {data.ToJsonString()}\n\n");

    private static async Task WriteBytesAsync(HttpContext context, byte[] bytes, int? writeSize)
    {
        var size = writeSize ?? bytes.Length;
        for (var offset = 0; offset < bytes.Length; offset += size)
        {
            await context.Response.Body.WriteAsync(bytes.AsMemory(offset, Math.Min(size, bytes.Length - offset)), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }
    }

    private static Task WriteErrorAsync(HttpContext context, int status, string type, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        var body = new JsonObject
        {
            ["type"] = "error",
            ["error"] = new JsonObject { ["type"] = type, ["message"] = message },
            ["request_id"] = context.Response.Headers["request-id"].ToString(),
        };
        return context.Response.WriteAsync(body.ToJsonString());
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>One request the fake received.</summary>
public sealed record ReceivedRequest(JsonObject Body, IReadOnlyDictionary<string, string> Headers, Task Aborted);
