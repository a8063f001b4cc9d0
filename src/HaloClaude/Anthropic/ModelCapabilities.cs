namespace HaloClaude.Anthropic;

/// <summary>How a Claude model can think.</summary>
public enum ThinkingMode
{
    /// <summary>Extended thinking with <c>budget_tokens</c>, off unless requested (Claude 4.5 and older).</summary>
    Budget,
    /// <summary>Adaptive thinking, off unless requested (Opus/Sonnet 4.6 to Opus 4.8).</summary>
    AdaptiveOptional,
    /// <summary>Adaptive thinking on by default (Sonnet 5, Opus 5).</summary>
    AdaptiveDefault,
    /// <summary>Adaptive thinking that cannot be disabled (the 5.5 generation and Fable).</summary>
    AdaptiveAlways,
}

/// <summary>Which sampling parameters a model accepts.</summary>
public enum SamplingSupport
{
    /// <summary><c>temperature</c> and <c>top_p</c>, also together.</summary>
    Both,
    /// <summary><c>temperature</c> or <c>top_p</c>, never both in one request.</summary>
    OneOf,
    /// <summary>Non-default sampling parameters are rejected with a 400.</summary>
    None,
}

/// <summary>What the request builder must know about a Claude model so that a request valid for Azure is valid for it.</summary>
/// <param name="IdPrefix">Model ids starting with this prefix share these capabilities.</param>
/// <param name="AcceptsPrefill">Whether a final assistant turn is accepted (as prefill).</param>
/// <param name="Sampling">Which sampling parameters are accepted.</param>
/// <param name="MaxOutputTokens">The largest <c>max_tokens</c> the model accepts.</param>
/// <param name="StructuredOutputs">Whether <c>output_config.format</c> and strict tools are supported.</param>
/// <param name="Thinking">The thinking mode.</param>
/// <param name="Effort">Whether <c>output_config.effort</c> is accepted (<c>low</c>, <c>medium</c>, <c>high</c>).</param>
/// <param name="MaxEffort">Whether the <c>max</c> effort level is accepted (from the 4.6 generation).</param>
/// <param name="XHighEffort">Whether the <c>xhigh</c> effort level is accepted (from Opus 4.7).</param>
/// <param name="ForcedToolChoice">Whether <c>tool_choice</c> <c>any</c>/<c>tool</c> is accepted (never while thinking).</param>
/// <param name="RetiresOn">The retirement date, after which the model answers 404.</param>
public sealed record ModelCapabilities(
    string IdPrefix,
    bool AcceptsPrefill,
    SamplingSupport Sampling,
    int MaxOutputTokens,
    bool StructuredOutputs,
    ThinkingMode Thinking,
    bool Effort,
    bool MaxEffort,
    bool XHighEffort,
    bool ForcedToolChoice,
    DateOnly? RetiresOn = null)
{
    /// <summary>Whether the model thinks when the request says nothing about thinking.</summary>
    public bool ThinksByDefault => Thinking is ThinkingMode.AdaptiveDefault or ThinkingMode.AdaptiveAlways;

    // Sources: translation-mapping.md §9 (Anthropic model pages, Sept–Nov 2026). Longest prefix wins. Structured outputs
    // are GA from the 4.5 generation (Opus 4.1 had them only as a beta); effort levels per Anthropic's effort page: Opus 4.5
    // low–high, the 4.6 generation adds max, Opus 4.7 adds xhigh.
    private static readonly ModelCapabilities[] Table =
    [
        new("claude-3", true, SamplingSupport.Both, 8192, false, ThinkingMode.Budget, false, false, false, true),
        new("claude-haiku-4-5", true, SamplingSupport.OneOf, 64000, true, ThinkingMode.Budget, false, false, false, true),
        new("claude-sonnet-4-5", true, SamplingSupport.OneOf, 64000, true, ThinkingMode.Budget, false, false, false, true, new DateOnly(2026, 11, 30)),
        new("claude-opus-4-5", true, SamplingSupport.OneOf, 64000, true, ThinkingMode.Budget, true, false, false, true),
        new("claude-opus-4-1", true, SamplingSupport.OneOf, 32000, false, ThinkingMode.Budget, false, false, false, true),
        new("claude-sonnet-4-6", false, SamplingSupport.OneOf, 128000, true, ThinkingMode.AdaptiveOptional, true, true, false, true),
        new("claude-opus-4-6", false, SamplingSupport.OneOf, 128000, true, ThinkingMode.AdaptiveOptional, true, true, false, true),
        new("claude-opus-4-7", false, SamplingSupport.None, 128000, true, ThinkingMode.AdaptiveOptional, true, true, true, true),
        new("claude-opus-4-8", false, SamplingSupport.None, 128000, true, ThinkingMode.AdaptiveOptional, true, true, true, true),
        new("claude-sonnet-5", false, SamplingSupport.None, 128000, true, ThinkingMode.AdaptiveDefault, true, true, true, true),
        new("claude-opus-5", false, SamplingSupport.None, 128000, true, ThinkingMode.AdaptiveDefault, true, true, true, true),
        new("claude-fable-5", false, SamplingSupport.None, 128000, true, ThinkingMode.AdaptiveAlways, true, true, true, false),
        new("claude-opus-5-5", false, SamplingSupport.None, 128000, true, ThinkingMode.AdaptiveAlways, true, true, true, false),
        new("claude-sonnet-5-5", false, SamplingSupport.None, 128000, true, ThinkingMode.AdaptiveAlways, true, true, true, false),
        new("claude-haiku-5-5", false, SamplingSupport.None, 128000, true, ThinkingMode.AdaptiveAlways, true, true, true, false),
    ];

    /// <summary>Capabilities assumed for a model id the table does not know: the newest generation's rules, which every newer model has kept so far.</summary>
    public static readonly ModelCapabilities Unknown =
        new(string.Empty, false, SamplingSupport.None, 64000, false, ThinkingMode.AdaptiveOptional, true, false, false, true);

    /// <summary>Finds the capabilities of a model id (longest matching prefix), or <see cref="Unknown"/>.</summary>
    public static ModelCapabilities For(string modelId)
    {
        ModelCapabilities? best = null;
        foreach (var entry in Table)
        {
            if (modelId.StartsWith(entry.IdPrefix, StringComparison.Ordinal) && (best is null || entry.IdPrefix.Length > best.IdPrefix.Length))
            {
                best = entry;
            }
        }

        return best ?? Unknown;
    }
}
