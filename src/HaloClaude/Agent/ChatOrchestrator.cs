using System.Diagnostics;

using HaloClaude.Anthropic;
using HaloClaude.Caching;
using HaloClaude.Configuration;
using HaloClaude.Halo.Tools;
using HaloClaude.OpenAi;
using HaloClaude.Operations.Logging;
using HaloClaude.Operations.Telemetry;
using HaloClaude.Translation;

using Microsoft.Extensions.Options;

namespace HaloClaude.Agent;

/// <summary>Runs a chat request against the deployment's models: translates for each model, adds the proxy's tools,
/// calls Anthropic, moves to the next fallback when a model is gone (404), and to the overload fallback deployment when
/// the model is still overloaded after the retries. Returns failures as values until the answer has started.</summary>
public sealed partial class ChatOrchestrator(
    AnthropicClient anthropic,
    ServerTools serverTools,
    HaloTicketContext ticketContext,
    ToolAudit audit,
    ResponseCache responseCache,
    PromptLog promptLog,
    HaloClaudeInstruments instruments,
    IOptionsMonitor<RequestLimitOptions> limits,
    IOptionsMonitor<AgentOptions> agentOptions,
    TimeProvider time,
    ILogger<ChatOrchestrator> logger)
{
    public async Task<(ChatRun? Run, ApiError? Error, UpstreamHeaders Headers)> StartAsync(
        ChatCompletionRequest request, DeploymentRoute route, ChatCaller caller, CancellationToken cancellationToken)
    {
        ApiError? error = null;
        var headers = UpstreamHeaders.None;
        var agent = agentOptions.CurrentValue;
        ToolScope? scope = null;
        string? cacheKey = null;
        string? context = null;
        var models = route.Models;
        var overloaded = false; // true once the deployment's overload fallback is being tried
        for (var i = 0; i < models.Count; i++)
        {
            var model = models[i];
            var first = i == 0 && !overloaded;
            var translated = RequestTranslator.Translate(request, model, limits.CurrentValue);
            var upstream = translated.Upstream;
            if (first)
            {
                promptLog.Prompt(route.Name, upstream);
                scope = serverTools.Scope(upstream, route, caller);
                // Without the proxy's tools the answer holds no Halo data and depends on the body alone, which the key has.
                cacheKey = responseCache.KeyFor(request, route, caller, scope?.TicketId, scope is not null);
                if (cacheKey is not null && await responseCache.GetAsync(cacheKey, cancellationToken) is { } cached)
                {
                    instruments.RecordCacheHit("response");
                    return (ChatRun.FromCache(translated, cached), null, UpstreamHeaders.None);
                }

                var fetching = time.GetTimestamp();
                context = scope is null ? null : await ticketContext.BuildAsync(scope, cancellationToken);
                audit.RecordContext(scope, context, time.GetUtcNow(), time.GetElapsedTime(fetching));
                if (scope?.TicketId is not null && context is null)
                {
                    cacheKey = null; // the ticket could not be read from Halo: this answer lacks it and must not outlive the outage
                }
            }

            var (names, callerTools) = scope is null ? ([], []) : serverTools.Inject(upstream, scope);
            if (agent.PromptCaching)
            {
                PromptCaching.Mark(upstream);
            }

            if (context is not null)
            {
                // After the caller's own system text, so its cached prefix stays the same from ticket to ticket.
                (upstream.System ??= []).Add(new ContentBlock { Type = "text", Text = context, CacheControl = agent.PromptCaching ? new CacheControl() : null });
            }

            var activity = HaloClaudeInstruments.StartUpstreamCall(route.Name, model);
            AnthropicEventStream? stream;
            UpstreamFailure? failure;
            try
            {
                (stream, failure) = await anthropic.StartAsync(upstream, cancellationToken);
            }
            catch
            {
                activity?.Dispose(); // the caller went away: end the span rather than leave it open
                throw;
            }

            activity?.SetTag("anthropic.request_id", (stream?.Headers ?? failure?.Headers)?.RequestId);
            if (stream is not null)
            {
                var events = stream.ReadAllAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
                try
                {
                    if (await events.MoveNextAsync())
                    {
                        if (overloaded)
                        {
                            instruments.RecordFallback(route.Name, model, "overloaded");
                            LogOverloadFallbackUsed(logger, route.Name, route.Models[0], route.OverloadFallback!.Name, model);
                        }
                        else if (i > 0)
                        {
                            instruments.RecordFallback(route.Name, model, "model_retired");
                            LogFallbackUsed(logger, route.Name, route.Models[0], model);
                        }

                        ChatRun run;
                        if (names.Count == 0)
                        {
                            run = new ChatRun(translated, stream.Headers, events, stream, activity, promptLog.Enabled);
                        }
                        else
                        {
                            var round = new ToolRound(serverTools.Toolbox!, audit, instruments, time);
                            var loop = new ToolLoop(anthropic, upstream, stream, events, round, scope!, callerTools, agent, time)
                                .RunAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
                            await loop.MoveNextAsync(); // positions on the first turn's message_start, already read
                            run = new ChatRun(translated, stream.Headers, loop, null, activity, promptLog.Enabled);
                        }

                        // An overload fallback's answer is not cached: once the primary model recovers, callers get it again.
                        var key = overloaded ? null : cacheKey;
                        var toolScope = scope;
                        return (key is null ? run : run.RecordFor(answer => toolScope?.HadToolErrors == true ? Task.CompletedTask : responseCache.SetAsync(key, answer, CancellationToken.None)), null, stream.Headers);
                    }
                }
                catch (UpstreamStreamException ex)
                {
                    failure = ex.Failure with { Headers = stream.Headers };
                }

                await events.DisposeAsync();
                await stream.DisposeAsync();
            }

            failure ??= UpstreamFailure.Malformed("Anthropic's stream ended before the answer started.");
            activity?.SetTag("http.response.status_code", failure.Status);
            activity?.SetStatus(ActivityStatusCode.Error, failure.ErrorType ?? failure.Kind.ToString());
            activity?.Dispose();
            headers = failure.Headers;
            error = ErrorMap.Map(failure, model);
            LogUpstreamFailure(logger, route.Name, model, failure.Kind, failure.Status, failure.ErrorType);
            if (ErrorMap.IsModelNotFound(failure))
            {
                continue;
            }

            if (failure.IsOverloaded && !overloaded && route.OverloadFallback is { } fallback)
            {
                // Still overloaded after the retries: the configured fallback deployment's models answer instead.
                LogOverloaded(logger, route.Name, model, fallback.Name);
                overloaded = true;
                models = fallback.Models;
                i = -1;
                continue;
            }

            break;
        }

        return (null, error, headers);
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Upstream call for deployment {Deployment} (model {Model}) failed: {Kind} {Status} {ErrorType}")]
    private static partial void LogUpstreamFailure(ILogger logger, string deployment, string model, UpstreamFailureKind kind, int status, string? errorType);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Deployment {Deployment}: model {Primary} is unavailable, answered with fallback {Fallback}")]
    private static partial void LogFallbackUsed(ILogger logger, string deployment, string primary, string fallback);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Deployment {Deployment}: model {Model} is overloaded after retries; trying overload fallback deployment {Fallback}")]
    private static partial void LogOverloaded(ILogger logger, string deployment, string model, string fallback);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "Deployment {Deployment}: model {Primary} is overloaded, answered by overload fallback deployment {Fallback} with model {Model}")]
    private static partial void LogOverloadFallbackUsed(ILogger logger, string deployment, string primary, string fallback, string model);
}
