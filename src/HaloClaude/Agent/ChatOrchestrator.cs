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
/// calls Anthropic, and moves to the next fallback when a model is gone (404). Returns failures as values until the
/// answer has started.</summary>
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
        for (var i = 0; i < route.Models.Count; i++)
        {
            var model = route.Models[i];
            var translated = RequestTranslator.Translate(request, model, limits.CurrentValue);
            var upstream = translated.Upstream;
            if (i == 0)
            {
                promptLog.Prompt(route.Name, upstream);
                scope = serverTools.Scope(upstream, route, caller);
                cacheKey = responseCache.KeyFor(request, route.Name, caller, serverTools.TicketOf(upstream));
                if (cacheKey is not null && await responseCache.GetAsync(cacheKey, cancellationToken) is { } cached)
                {
                    instruments.RecordCacheHit("response");
                    return (ChatRun.FromCache(translated, cached), null, UpstreamHeaders.None);
                }

                var fetching = time.GetTimestamp();
                context = scope is null ? null : await ticketContext.BuildAsync(scope, cancellationToken);
                audit.RecordContext(scope, context, time.GetUtcNow(), time.GetElapsedTime(fetching));
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
                        if (i > 0)
                        {
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

                        var key = cacheKey;
                        return (key is null ? run : run.RecordFor(answer => responseCache.SetAsync(key, answer, CancellationToken.None)), null, stream.Headers);
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
            if (!ErrorMap.IsModelNotFound(failure))
            {
                break;
            }
        }

        return (null, error, headers);
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Upstream call for deployment {Deployment} (model {Model}) failed: {Kind} {Status} {ErrorType}")]
    private static partial void LogUpstreamFailure(ILogger logger, string deployment, string model, UpstreamFailureKind kind, int status, string? errorType);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning, Message = "Deployment {Deployment}: model {Primary} is unavailable, answered with fallback {Fallback}")]
    private static partial void LogFallbackUsed(ILogger logger, string deployment, string primary, string fallback);
}
