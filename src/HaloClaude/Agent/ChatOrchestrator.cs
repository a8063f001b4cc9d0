using System.Diagnostics;

using HaloClaude.Anthropic;
using HaloClaude.Configuration;
using HaloClaude.OpenAi;
using HaloClaude.Operations.Logging;
using HaloClaude.Operations.Telemetry;
using HaloClaude.Translation;

using Microsoft.Extensions.Options;

namespace HaloClaude.Agent;

/// <summary>Runs a chat request against the deployment's models: translates for each model, calls Anthropic, and
/// moves to the next fallback when a model is gone (404). Returns failures as values until the answer has started.</summary>
public sealed partial class ChatOrchestrator(AnthropicClient anthropic, IOptionsMonitor<RequestLimitOptions> limits, PromptLog promptLog, ILogger<ChatOrchestrator> logger)
{
    public async Task<(ChatRun? Run, ApiError? Error, UpstreamHeaders Headers)> StartAsync(
        ChatCompletionRequest request, DeploymentRoute route, CancellationToken cancellationToken)
    {
        ApiError? error = null;
        var headers = UpstreamHeaders.None;
        for (var i = 0; i < route.Models.Count; i++)
        {
            var model = route.Models[i];
            var translated = RequestTranslator.Translate(request, model, limits.CurrentValue);
            if (i == 0)
            {
                promptLog.Prompt(route.Name, translated.Upstream);
            }

            var activity = HaloClaudeInstruments.StartUpstreamCall(route.Name, model);
            AnthropicEventStream? stream;
            UpstreamFailure? failure;
            try
            {
                (stream, failure) = await anthropic.StartAsync(translated.Upstream, cancellationToken);
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

                        return (new ChatRun(translated, stream, events, activity, promptLog.Enabled), null, stream.Headers);
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
