using HaloClaude.Anthropic;
using HaloClaude.OpenAi;

namespace HaloClaude.Translation;

/// <summary>The small fixed maps of the response side: finish reasons (§5.1), usage (§5.2), ids.</summary>
public static class ResponseMapping
{
    public static string FinishReason(string? stopReason, bool hasToolCalls, bool legacyFunctions) => stopReason switch
    {
        "end_turn" or "stop_sequence" or "pause_turn" => "stop",
        "max_tokens" or "model_context_window_exceeded" => "length",
        "tool_use" => hasToolCalls ? (legacyFunctions ? "function_call" : "tool_calls") : "stop",
        "refusal" => "content_filter",
        _ => "stop", // Anthropic asks clients to tolerate new stop reasons.
    };

    /// <summary>Whether this proxy knows the stop reason (an unknown one is answered as <c>stop</c> and logged).</summary>
    public static bool IsKnownStopReason(string? stopReason) =>
        stopReason is "end_turn" or "stop_sequence" or "pause_turn" or "max_tokens" or "model_context_window_exceeded" or "tool_use" or "refusal";

    /// <summary>OpenAI's prompt_tokens is the whole prompt; Anthropic reports cache reads and writes apart from input_tokens.</summary>
    public static ChatUsage Usage(long input, long cacheCreation, long cacheRead, long output)
    {
        var prompt = input + cacheCreation + cacheRead;
        return new ChatUsage
        {
            PromptTokens = prompt,
            CompletionTokens = output,
            TotalTokens = prompt + output,
            PromptTokensDetails = new PromptTokensDetails { CachedTokens = cacheRead },
        };
    }

    public static string CompletionId(string? messageId) =>
        "chatcmpl-" + (messageId is { Length: > 4 } id && id.StartsWith("msg_", StringComparison.Ordinal) ? id[4..] : messageId ?? Guid.NewGuid().ToString("N"));

    /// <summary>Removes a Markdown code fence around a JSON answer (JSON mode has no schema-less equivalent on Anthropic).</summary>
    public static string StripCodeFence(string text)
    {
        var trimmed = text.AsSpan().Trim();
        if (!trimmed.StartsWith("```") || !trimmed.EndsWith("```") || trimmed.Length < 6)
        {
            return text;
        }

        var inner = trimmed[3..^3];
        var newline = inner.IndexOf('\n');
        if (newline < 0)
        {
            return text;
        }

        // The opening fence may carry a language tag ("```json").
        return inner[(newline + 1)..].Trim().ToString();
    }

    /// <summary>Keeps the latest cumulative usage figures Anthropic reported.</summary>
    public sealed class UsageTracker
    {
        public long Input { get; private set; }
        public long CacheCreation { get; private set; }
        public long CacheRead { get; private set; }
        public long Output { get; private set; }

        public void Update(Usage? usage)
        {
            if (usage is null)
            {
                return;
            }

            // Values in message_delta are cumulative: the latest one replaces, never adds.
            Input = usage.InputTokens ?? Input;
            CacheCreation = usage.CacheCreationInputTokens ?? CacheCreation;
            CacheRead = usage.CacheReadInputTokens ?? CacheRead;
            Output = usage.OutputTokens ?? Output;
        }

        public ChatUsage ToChatUsage() => Usage(Input, CacheCreation, CacheRead, Output);
    }
}
