namespace HaloClaude.Operations.Logging;

/// <summary>What the logs may contain. Bound from <c>LOG_PROMPTS</c>.</summary>
public sealed class LoggingOptions
{
    /// <summary>Log the prompt sent to Claude and its answer (<c>LOG_PROMPTS=true</c>). Default off: prompts hold ticket contents
    /// and customer data. Meant for short troubleshooting sessions only.</summary>
    public bool LogPrompts { get; set; }
}
