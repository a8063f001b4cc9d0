using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

using HaloClaude.Anthropic;

namespace HaloClaude.Operations.Demo;

/// <summary>Stands in for Anthropic in demo mode: answers <c>/v1/messages</c> with real SSE and <c>/v1/models</c> with a list.</summary>
public sealed class SimulatedClaudeHandler : HttpMessageHandler
{
    private const int DeltaSize = 24;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri?.AbsolutePath ?? string.Empty;
        if (request.Method == HttpMethod.Get && path.EndsWith("/v1/models", StringComparison.Ordinal))
        {
            return Respond("application/json", """{"data":[{"type":"model","id":"claude-simulated","display_name":"Simulated Claude (demo)"}],"has_more":false}""");
        }

        if (request.Method != HttpMethod.Post || !path.EndsWith("/v1/messages", StringComparison.Ordinal) || request.Content is null)
        {
            return new HttpResponseMessage(HttpStatusCode.NotFound)
            {
                Content = new StringContent("""{"type":"error","error":{"type":"not_found_error","message":"Not found."}}""", Encoding.UTF8, "application/json"),
            };
        }

        var body = await request.Content.ReadAsStreamAsync(cancellationToken);
        var messages = await JsonSerializer.DeserializeAsync(body, AnthropicJsonContext.Default.MessagesRequest, cancellationToken)
            ?? throw new InvalidOperationException("The proxy sent an empty Messages request.");
        return Respond("text/event-stream", Sse(messages, SimulatedAnswer.For(messages)));
    }

    private static HttpResponseMessage Respond(string contentType, string body)
    {
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body, Encoding.UTF8) };
        response.Content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        response.Headers.TryAddWithoutValidation("request-id", "req_simulated_" + Guid.NewGuid().ToString("N")[..16]);
        return response;
    }

    private static string Sse(MessagesRequest request, SimulatedAnswer answer)
    {
        var id = "msg_simulated_" + Guid.NewGuid().ToString("N")[..16];
        var output = new StringBuilder();
        Write(output, new StreamEvent
        {
            Type = "message_start",
            Message = new MessagesResponse
            {
                Id = id,
                Type = "message",
                Role = "assistant",
                Model = request.Model,
                Content = [],
                Usage = new Usage { InputTokens = answer.InputTokens, OutputTokens = 1, CacheReadInputTokens = 0, CacheCreationInputTokens = 0 },
            },
        });

        var index = 0;
        if (answer.Text is { } text)
        {
            Write(output, new StreamEvent { Type = "content_block_start", Index = index, ContentBlock = new ContentBlock { Type = "text", Text = string.Empty } });
            for (var start = 0; start < text.Length; start += DeltaSize)
            {
                var piece = text.Substring(start, Math.Min(DeltaSize, text.Length - start));
                Write(output, new StreamEvent { Type = "content_block_delta", Index = index, Delta = new StreamDelta { Type = "text_delta", Text = piece } });
            }

            Write(output, new StreamEvent { Type = "content_block_stop", Index = index++ });
        }

        if (answer.ToolCall is { } call)
        {
            using var empty = JsonDocument.Parse("{}");
            Write(output, new StreamEvent { Type = "content_block_start", Index = index, ContentBlock = new ContentBlock { Type = "tool_use", Id = "toolu_simulated_" + Guid.NewGuid().ToString("N")[..12], Name = call.Name, Input = empty.RootElement.Clone() } });
            Write(output, new StreamEvent { Type = "content_block_delta", Index = index, Delta = new StreamDelta { Type = "input_json_delta", PartialJson = call.ArgumentsJson } });
            Write(output, new StreamEvent { Type = "content_block_stop", Index = index });
        }

        Write(output, new StreamEvent { Type = "message_delta", Delta = new StreamDelta { StopReason = answer.ToolCall is null ? "end_turn" : "tool_use" }, Usage = new Usage { OutputTokens = answer.OutputTokens } });
        Write(output, new StreamEvent { Type = "message_stop" });
        return output.ToString();
    }

    private static void Write(StringBuilder output, StreamEvent streamEvent) =>
        output.Append("event: ").Append(streamEvent.Type).Append("\ndata: ")
            .Append(JsonSerializer.Serialize(streamEvent, AnthropicJsonContext.Default.StreamEvent)).Append("\n\n");
}
