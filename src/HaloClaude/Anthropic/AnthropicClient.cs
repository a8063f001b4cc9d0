using System.Net.Http.Json;
using System.Text.Json;

using Microsoft.Extensions.Options;

using Polly.CircuitBreaker;

namespace HaloClaude.Anthropic;

/// <summary>Calls <c>POST {base}/v1/messages</c>, always streaming, with deliberate time limits.</summary>
/// <remarks>Returns failures as values until the answer has started; after that, <see cref="AnthropicEventStream"/> throws.</remarks>
public sealed class AnthropicClient(HttpClient http, IOptionsMonitor<AnthropicOptions> options, AnthropicCircuits circuits)
{
    /// <summary>The name of the <see cref="HttpClient"/> registered for Anthropic.</summary>
    public const string HttpClientName = "anthropic";

    private const int MaxErrorBodyBytes = 64 * 1024;

    /// <summary>Starts a streamed Messages call. The caller owns (and must dispose) the returned stream.</summary>
    public async Task<(AnthropicEventStream? Stream, UpstreamFailure? Failure)> StartAsync(MessagesRequest request, CancellationToken cancellationToken)
    {
        var o = options.CurrentValue;
        request.Stream = true;
        var lifetime = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        lifetime.CancelAfter(o.TotalTimeout);
        HttpResponseMessage? response = null;
        try
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(o.BaseUrl.TrimEnd('/') + "/"), "v1/messages"))
            {
                Content = JsonContent.Create(request, AnthropicJsonContext.Default.MessagesRequest),
            };
            message.Headers.TryAddWithoutValidation("x-api-key", o.ApiKey);
            message.Headers.TryAddWithoutValidation("anthropic-version", o.ApiVersion);
            message.Headers.Accept.ParseAdd("text/event-stream");
            message.Options.Set(AnthropicResilience.ModelOption, request.Model);

            using (var headersTimeout = CancellationTokenSource.CreateLinkedTokenSource(lifetime.Token))
            {
                headersTimeout.CancelAfter(o.ResponseHeadersTimeout);
                response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, headersTimeout.Token);
            }

            var headers = UpstreamHeaders.From(response);
            if (!response.IsSuccessStatusCode)
            {
                var failure = await ReadFailureAsync(response, headers, lifetime.Token);
                response.Dispose();
                lifetime.Dispose();
                return (null, failure);
            }

            return (new AnthropicEventStream(response, lifetime, o.IdleTimeout, headers, cancellationToken), null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            response?.Dispose();
            lifetime.Dispose();
            return (null, UpstreamFailure.TimedOut("Anthropic did not answer within the proxy's time limit."));
        }
        catch (BrokenCircuitException)
        {
            response?.Dispose();
            lifetime.Dispose();
            return (null, AnthropicResilience.CircuitOpen(circuits.RetryAfter(request.Model) ?? o.Resilience.BreakDuration));
        }
        catch (HttpRequestException)
        {
            response?.Dispose();
            lifetime.Dispose();
            return (null, UpstreamFailure.Connection("The proxy could not reach Anthropic."));
        }
        catch
        {
            response?.Dispose();
            lifetime.Dispose();
            throw;
        }
    }

    private static async Task<UpstreamFailure> ReadFailureAsync(HttpResponseMessage response, UpstreamHeaders headers, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        ErrorDetail? detail = null;
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            var buffer = new byte[MaxErrorBodyBytes];
            var length = 0;
            int read;
            while (length < buffer.Length && (read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
            {
                length += read;
            }

            detail = JsonSerializer.Deserialize(buffer.AsSpan(0, length), AnthropicJsonContext.Default.ErrorResponse)?.Error;
        }
        catch (Exception ex) when (ex is JsonException or IOException or HttpRequestException)
        {
            // Not Anthropic's JSON (an edge proxy's HTML page, a cut body): the status alone decides.
        }

        return new UpstreamFailure(UpstreamFailureKind.ApiError, status, detail?.Type, detail?.Message, headers);
    }
}
