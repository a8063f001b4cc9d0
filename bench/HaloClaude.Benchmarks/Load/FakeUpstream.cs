using System.Buffers;
using System.Net;
using System.Runtime.InteropServices;
using System.Text.Json;

using HaloClaude.Benchmarks.Payloads;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Hosting;

namespace HaloClaude.Benchmarks.Load;

/// <summary>A fake Anthropic Messages API built not to be the bottleneck: every answer is precomputed bytes (SSE for
/// <c>"stream": true</c>, JSON otherwise), so its cost per request is reading the body and one write.</summary>
/// <remarks>It listens on two loopback ports: one answers at once, the other after a fixed delay (a slow model's time to
/// first token). It prints <c>fast=PORT delayed=PORT</c> once both are bound. Unlike the tests' FakeAnthropic it does
/// not validate the request beyond its key and JSON: it measures, it does not check.</remarks>
public static class FakeUpstream
{
    public const string ApiKey = "bench-upstream-key";

    private static readonly byte[] Sse = HaloPayloads.AnswerSse();
    private static readonly byte[] Json = HaloPayloads.AnswerJson();
    private static readonly byte[] Unauthorized = """{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}"""u8.ToArray();
    private static readonly byte[] Invalid = """{"type":"error","error":{"type":"invalid_request_error","message":"The request body is not valid JSON."}}"""u8.ToArray();
    private static readonly byte[] NotFound = """{"type":"error","error":{"type":"not_found_error","message":"Not found"}}"""u8.ToArray();
    private static long _requests;

    public static async Task<int> RunAsync(string[] args)
    {
        var delay = TimeSpan.FromMilliseconds(Arguments.Int(args, "--delay-ms", 200));
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { Args = [] });
        builder.WebHost.UseKestrelCore();
        ListenOptions? fast = null, delayed = null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, 0, listen => fast = listen);
            kestrel.Listen(IPAddress.Loopback, 0, listen => delayed = listen);
        });
        await using var app = builder.Build();
        var delayedPort = -1;
        app.Run(context => AnswerAsync(context, context.Connection.LocalPort == delayedPort ? delay : TimeSpan.Zero));
        await app.StartAsync();
        delayedPort = delayed!.IPEndPoint!.Port;
        Console.WriteLine($"runtime: {RuntimeInformation.FrameworkDescription}");
        Console.WriteLine($"fast={fast!.IPEndPoint!.Port} delayed={delayedPort}");
        Console.WriteLine($"SSE answer {Sse.Length} bytes, JSON answer {Json.Length} bytes, delayed port waits {delay.TotalMilliseconds} ms");
        await app.WaitForShutdownAsync();
        return 0;
    }

    private static async Task AnswerAsync(HttpContext context, TimeSpan delay)
    {
        var response = context.Response;
        if (!HttpMethods.IsPost(context.Request.Method) || context.Request.Path != "/v1/messages")
        {
            await WriteAsync(response, 404, "application/json", NotFound);
            return;
        }

        if (context.Request.Headers["x-api-key"] != ApiKey || context.Request.Headers["anthropic-version"].Count == 0)
        {
            await WriteAsync(response, 401, "application/json", Unauthorized);
            return;
        }

        bool? stream;
        var body = context.Request.BodyReader;
        while (true)
        {
            var read = await body.ReadAsync(context.RequestAborted);
            if (read.IsCompleted)
            {
                stream = AsksForStream(read.Buffer);
                body.AdvanceTo(read.Buffer.End);
                break;
            }

            body.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }

        if (stream is null)
        {
            await WriteAsync(response, 400, "application/json", Invalid);
            return;
        }

        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, context.RequestAborted);
        }

        var headers = response.Headers;
        headers["request-id"] = "req_bench_" + Interlocked.Increment(ref _requests).ToString("D8", System.Globalization.CultureInfo.InvariantCulture);
        headers["anthropic-ratelimit-requests-limit"] = "4000";
        headers["anthropic-ratelimit-requests-remaining"] = "3999";
        headers["anthropic-ratelimit-tokens-limit"] = "2000000";
        headers["anthropic-ratelimit-tokens-remaining"] = "1999000";
        if (stream == true)
        {
            // Chunked, like the real API's streams; the whole answer in one write keeps this side cheap.
            response.StatusCode = 200;
            response.ContentType = "text/event-stream; charset=utf-8";
            headers.CacheControl = "no-cache";
            await response.Body.WriteAsync(Sse, context.RequestAborted);
        }
        else
        {
            await WriteAsync(response, 200, "application/json", Json);
        }
    }

    /// <summary>The body's top-level <c>stream</c> flag; null when the body is not a JSON object.</summary>
    private static bool? AsksForStream(ReadOnlySequence<byte> body)
    {
        try
        {
            var json = new Utf8JsonReader(body);
            if (!json.Read() || json.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (json.Read() && json.TokenType == JsonTokenType.PropertyName)
            {
                var isStream = json.ValueTextEquals("stream"u8);
                json.Read();
                if (isStream)
                {
                    return json.TokenType == JsonTokenType.True;
                }

                json.Skip();
            }

            return false;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static Task WriteAsync(HttpResponse response, int status, string contentType, byte[] body)
    {
        response.StatusCode = status;
        response.ContentType = contentType;
        response.ContentLength = body.Length;
        return response.Body.WriteAsync(body).AsTask();
    }
}
