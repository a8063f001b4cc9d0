using System.Text.Json;

using HaloClaude.Agent;
using HaloClaude.Anthropic;
using HaloClaude.Configuration;
using HaloClaude.OpenAi;
using HaloClaude.Operations.Logging;
using HaloClaude.Operations.Telemetry;
using HaloClaude.Translation;

using Microsoft.Extensions.Options;

namespace HaloClaude.Api;

/// <summary>The chat completions routes, Azure-style and OpenAI-style.</summary>
public static partial class ChatCompletionsEndpoints
{
    public static IEndpointRouteBuilder MapChatCompletions(this IEndpointRouteBuilder app)
    {
        app.MapPost("/openai/deployments/{deployment}/chat/completions", HandleAzureAsync);
        app.MapPost("/v1/chat/completions", HandleOpenAiAsync);
        app.MapPost("/chat/completions", HandleOpenAiAsync);
        return app;
    }

    /// <summary>Azure style: the deployment is in the path; any api-version is accepted.</summary>
    private static Task HandleAzureAsync(HttpContext context, string deployment, ChatServices services) =>
        RecordAsync(context, services, async record =>
        {
            if (!services.Deployments.TryResolve(deployment, out var route))
            {
                await WriteErrorAsync(context, ApiError.DeploymentNotFound(deployment), UpstreamHeaders.None);
                return;
            }

            await HandleAsync(context, route, services, record);
        });

    /// <summary>OpenAI style: the body's <c>model</c> names the deployment.</summary>
    private static Task HandleOpenAiAsync(HttpContext context, ChatServices services) =>
        RecordAsync(context, services, record => HandleAsync(context, null, services, record));

    /// <summary>Every chat request, however it ends, is recorded once: metrics, the summary log line and (when on) the answer log.</summary>
    private static async Task RecordAsync(HttpContext context, ChatServices services, Func<RequestRecord, Task> handle)
    {
        var record = services.Telemetry.Begin();
        try
        {
            await handle(record);
        }
        catch
        {
            record.Outcome = RequestOutcomes.Error;
            throw;
        }
        finally
        {
            if (context.Response.StatusCode >= 400 && record.Outcome == RequestOutcomes.Ok)
            {
                record.Outcome = RequestOutcomes.Error;
            }

            record.RequestId = context.Features.Get<RequestCorrelation>()?.Id ?? context.TraceIdentifier;
            record.AuditId = context.TraceIdentifier; // the id HandleAsync gives the orchestrator as ChatCaller.RequestId
            services.Telemetry.Complete(record, context.Response.StatusCode);
        }
    }

    private static async Task HandleAsync(HttpContext context, DeploymentRoute? route, ChatServices services, RequestRecord record)
    {
        // Claude is called with this token: it ends when the caller goes away, or when the shutdown drain runs out.
        using var lifetime = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, services.Drain.Deadline);
        try
        {
            await HandleAsync(context, route, services, record, lifetime.Token);
        }
        catch (OperationCanceledException) when (services.Drain.Deadline.IsCancellationRequested && !context.RequestAborted.IsCancellationRequested && !context.Response.HasStarted)
        {
            // Not answered before the drain ran out: a 503 the caller can retry at once, against another replica.
            record.Outcome = RequestOutcomes.Error;
            LogShutdownCut(services.Logger, record.Model ?? record.Deployment);
            await ErrorWriter.WriteAsync(context, ShuttingDown with { RetryAfter = TimeSpan.FromSeconds(1) });
        }
    }

    private static async Task HandleAsync(HttpContext context, DeploymentRoute? route, ChatServices services, RequestRecord record, CancellationToken upstreamToken)
    {
        var limits = services.Limits.CurrentValue;
        ChatRun? run;
        try
        {
            var request = await RequestBodyReader.ReadAsync(context, limits);
            if (route is null)
            {
                if (string.IsNullOrEmpty(request.Model))
                {
                    throw new InvalidRequestException("'model' is required: it names the deployment.", "model");
                }

                if (!services.Deployments.TryResolve(request.Model, out route))
                {
                    await WriteErrorAsync(context, ApiError.DeploymentNotFound(request.Model), UpstreamHeaders.None);
                    return;
                }
            }

            record.Deployment = route.Name;
            record.Stream = request.Stream == true;
            var (started, error, headers) = await services.Orchestrator.StartAsync(request, route, new ChatCaller(context.TraceIdentifier, CallerKey.Of(context).KeyFingerprint, BypassesCache(context.Request)), upstreamToken);
            record.UpstreamRequestId = headers.RequestId;
            if (error is not null)
            {
                await WriteErrorAsync(context, error, headers);
                return;
            }

            run = started!;
        }
        catch (InvalidRequestException ex)
        {
            await WriteErrorAsync(context, ApiError.FromInvalidRequest(ex), UpstreamHeaders.None);
            return;
        }

        await using (run)
        {
            record.Model = run.Model;
            record.Usage = run.Usage;
            record.CacheHit = run.CacheStatus == "HIT";
            ResponseHeaders.Apply(context, run.Headers);
            context.Response.Headers["x-cache"] = run.CacheStatus;
            if (run.Request.Shape.Stream)
            {
                await StreamAsync(context, run, limits.KeepAliveInterval, services, record);
            }
            else
            {
                await CompleteAsync(context, run, services.Time, services.Logger, record);
            }

            if (run.AnswerText is { } answer)
            {
                services.PromptLog.Answer(record.Deployment, run.Model, answer);
            }
        }
    }

    private static async Task CompleteAsync(HttpContext context, ChatRun run, TimeProvider time, ILogger logger, RequestRecord record)
    {
        var aggregator = new ResponseAggregator(run.Request.Shape, time.GetUtcNow().ToUnixTimeSeconds());
        try
        {
            while (await run.MoveNextAsync())
            {
                aggregator.Add(run.Current);
            }
        }
        catch (UpstreamStreamException ex)
        {
            // Nothing was sent yet: the whole answer fails as one HTTP error.
            record.Outcome = RequestOutcomes.Error;
            LogStreamFailed(logger, run.Model, ex.Failure.Kind, ex.Failure.ErrorType);
            await WriteErrorAsync(context, ErrorMap.Map(ex.Failure, run.Model), run.Headers);
            return;
        }

        context.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(context.Response.Body, aggregator.Build(), OpenAiJsonContext.Answers.ChatCompletion, context.RequestAborted);
        await run.CompleteAsync();
        ObserveAnswer(logger, run.Model, aggregator.StopReason, aggregator.HasContent);
    }

    private static async Task StreamAsync(HttpContext context, ChatRun run, TimeSpan keepAlive, ChatServices services, RequestRecord record)
    {
        var logger = services.Logger;
        var cancellation = context.RequestAborted;
        var translator = new StreamTranslator(run.Request.Shape, services.Time.GetUtcNow().ToUnixTimeSeconds());
        using var writer = new SseWriter(context);
        writer.Start();
        try
        {
            while (await NextWithKeepAliveAsync(run, writer, keepAlive, cancellation))
            {
                var item = run.Current;
                if (translator.Translate(item) is { } chunk)
                {
                    await writer.WriteAsync(chunk, OpenAiJsonContext.Default.ChatCompletionChunk, cancellation);
                }

                if (item.Type == "message_stop")
                {
                    if (run.Request.Shape.IncludeUsage)
                    {
                        await writer.WriteAsync(translator.UsageChunk(), OpenAiJsonContext.Default.ChatCompletionChunk, cancellation);
                    }

                    await writer.WriteDoneAsync(cancellation);
                    await run.CompleteAsync();
                    ObserveAnswer(logger, run.Model, translator.StopReason, translator.ShowedContent);
                    return;
                }
            }
        }
        catch (UpstreamStreamException ex)
        {
            // The 200 is already sent: one error event, and no [DONE], so a failed stream never looks complete.
            record.Outcome = RequestOutcomes.StreamError;
            LogStreamFailed(logger, run.Model, ex.Failure.Kind, ex.Failure.ErrorType);
            var error = ErrorMap.Map(ex.Failure, run.Model);
            await writer.WriteFailureAsync(translator.FailureChunk(), error, cancellation);
        }
        catch (OperationCanceledException) when (services.Drain.Deadline.IsCancellationRequested && !cancellation.IsCancellationRequested)
        {
            // The shutdown drain ran out: say so in-band (retryable, like a 503) and leave out [DONE]; nothing is cached.
            record.Outcome = RequestOutcomes.StreamError;
            LogShutdownCut(logger, run.Model);
            await writer.WriteFailureAsync(translator.FailureChunk(), ShuttingDown, cancellation);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            record.Outcome = RequestOutcomes.ClientDisconnected;
            LogClientDisconnected(logger, run.Model);
        }
    }

    /// <summary>Waits for the next upstream event, writing a keep-alive comment whenever the upstream stays silent.</summary>
    private static async ValueTask<bool> NextWithKeepAliveAsync(ChatRun run, SseWriter writer, TimeSpan interval, CancellationToken cancellation)
    {
        var next = run.MoveNextAsync();
        if (next.IsCompleted)
        {
            return next.Result;
        }

        var pending = next.AsTask();
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        while (true)
        {
            var delay = Task.Delay(interval, timer.Token);
            if (await Task.WhenAny(pending, delay) == pending)
            {
                await timer.CancelAsync(); // release the pending timer now rather than when it would fire
                return await pending;
            }

            cancellation.ThrowIfCancellationRequested();
            await writer.WriteKeepAliveAsync(cancellation);
        }
    }

    /// <summary>What a request still unanswered when the shutdown drain runs out gets: a server error to retry at once.</summary>
    private static readonly ApiError ShuttingDown = new(503, "ServiceUnavailable", "The proxy is restarting and could not finish this answer. Please retry the request.", Type: "server_error");

    /// <summary><c>Cache-Control: no-cache</c> (or <c>no-store</c>) asks for a fresh answer.</summary>
    private static bool BypassesCache(HttpRequest request)
    {
        foreach (var value in request.Headers.CacheControl)
        {
            if (value is not null && (value.Contains("no-cache", StringComparison.OrdinalIgnoreCase) || value.Contains("no-store", StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }

        return false;
    }

    private static Task WriteErrorAsync(HttpContext context, ApiError error, UpstreamHeaders headers)
    {
        ResponseHeaders.Apply(context, headers);
        return ErrorWriter.WriteAsync(context, error);
    }

    /// <summary>Answers Halo would show as blank (edge case I74, usually a prefill-like history), and stop reasons newer than
    /// this proxy, are worth an operator's look.</summary>
    private static void ObserveAnswer(ILogger logger, string model, string? stopReason, bool hasContent)
    {
        if (!ResponseMapping.IsKnownStopReason(stopReason))
        {
            LogUnknownStopReason(logger, model, stopReason);
        }

        if (!hasContent)
        {
            LogEmptyAnswer(logger, model, stopReason);
        }
    }

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Claude's answer from {Model} was empty (stop reason {StopReason}); the caller sees a blank answer")]
    private static partial void LogEmptyAnswer(ILogger logger, string model, string? stopReason);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Claude's answer from {Model} ended with a stop reason this proxy does not know ({StopReason}); answered as \"stop\"")]
    private static partial void LogUnknownStopReason(ILogger logger, string model, string? stopReason);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Answer from {Model} failed after it started: {Kind} {ErrorType}")]
    private static partial void LogStreamFailed(ILogger logger, string model, UpstreamFailureKind kind, string? errorType);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Client disconnected during a stream from {Model}; the upstream call was cancelled")]
    private static partial void LogClientDisconnected(ILogger logger, string model);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning, Message = "Shutdown drain ran out before the answer from {Model} was complete: ended it with a retryable error")]
    private static partial void LogShutdownCut(ILogger logger, string model);
}

/// <summary>What the chat handlers need, injected as one parameter.</summary>
public sealed class ChatServices(
    DeploymentCatalog deployments,
    ChatOrchestrator orchestrator,
    IOptionsMonitor<RequestLimitOptions> limits,
    TimeProvider time,
    RequestTelemetry telemetry,
    PromptLog promptLog,
    ShutdownDrain drain,
    ILogger<ChatServices> logger)
{
    public DeploymentCatalog Deployments { get; } = deployments;
    public ChatOrchestrator Orchestrator { get; } = orchestrator;
    public IOptionsMonitor<RequestLimitOptions> Limits { get; } = limits;
    public TimeProvider Time { get; } = time;
    public RequestTelemetry Telemetry { get; } = telemetry;
    public PromptLog PromptLog { get; } = promptLog;
    public ShutdownDrain Drain { get; } = drain;
    public ILogger Logger { get; } = logger;
}
