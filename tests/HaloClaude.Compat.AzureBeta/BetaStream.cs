using System.Text;

using Azure.AI.OpenAI;

namespace HaloClaude.Compat.AzureBeta;

/// <summary>What one beta.6 streamed answer delivered to the application.</summary>
public sealed record BetaStreamResult(IReadOnlyList<ChatMessage> Deltas, IReadOnlyList<CompletionsFinishReason?> FinishReasons, string CompletionId)
{
    public string Text => string.Concat(Deltas.Select(d => d.Content));

    public string FunctionName => string.Concat(Deltas.Select(d => d.FunctionCall?.Name));

    public string FunctionArguments => string.Concat(Deltas.Select(d => d.FunctionCall?.Arguments));
}

/// <summary>Reads a beta.6 stream the way its samples do (choices, then each choice's messages), under a time limit.</summary>
/// <remarks>The beta.6 reader never finishes when a delta carries <c>"role": null</c>; the limit turns such a hang into a
/// failed test instead of a stuck CI job. It is deliberately generous: it says nothing about speed.</remarks>
public static class BetaStream
{
    public static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(60);

    /// <param name="deltas">Receives the deltas as they arrive, so a test still sees them when the stream then fails.</param>
    public static async Task<BetaStreamResult> ReadAsync(OpenAIClient client, ChatCompletionsOptions options, string deployment = BetaClient.Deployment, List<ChatMessage>? deltas = null)
    {
        var test = TestContext.Current.CancellationToken;
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(test);
        limit.CancelAfter(HangLimit);
        try
        {
            // WaitAsync also ends the wait if the client ignores its cancellation token.
            return await ReadCoreAsync(client, options, deployment, deltas ?? [], limit.Token).WaitAsync(limit.Token);
        }
        catch (OperationCanceledException) when (!test.IsCancellationRequested)
        {
            throw new TimeoutException($"The beta.6 stream did not end within {HangLimit.TotalSeconds} s: the client hangs (as it does on a \"role\": null delta, on anything but a chunk while a choice is open, or when its answer comes on a connection where an earlier failed stream left a read behind).");
        }
    }

    private static async Task<BetaStreamResult> ReadCoreAsync(OpenAIClient client, ChatCompletionsOptions options, string deployment, List<ChatMessage> deltas, CancellationToken cancellationToken)
    {
        var finishReasons = new List<CompletionsFinishReason?>();
        var response = await client.GetChatCompletionsStreamingAsync(deployment, options, cancellationToken);
        using var streaming = response.Value;
        // No token for the enumerations: cancelling one while beta.6 waits for its next update completes an internal
        // TaskCompletionSource twice and the exception crashes the whole test process. WaitAsync above ends the wait.
        await foreach (var choice in streaming.GetChoicesStreaming(CancellationToken.None))
        {
            await foreach (var message in choice.GetMessageStreaming(CancellationToken.None))
            {
                deltas.Add(message);
            }

            finishReasons.Add(choice.FinishReason);
        }

        return new BetaStreamResult(deltas, finishReasons, streaming.Id);
    }
}
