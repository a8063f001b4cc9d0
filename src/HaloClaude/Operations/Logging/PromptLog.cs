using System.Text;

using HaloClaude.Anthropic;

using Microsoft.Extensions.Options;

namespace HaloClaude.Operations.Logging;

/// <summary>Writes prompts and answers to the log, only when <c>LOG_PROMPTS=true</c>, at Trace level in their own category
/// (<see cref="Category"/>), which the switch also enables.</summary>
public sealed partial class PromptLog(IOptionsMonitor<LoggingOptions> options, ILoggerFactory loggers)
{
    public const string Category = "HaloClaude.Prompts";

    private readonly ILogger _logger = loggers.CreateLogger(Category);

    public bool Enabled => options.CurrentValue.LogPrompts && _logger.IsEnabled(LogLevel.Trace);

    public void Prompt(string deployment, MessagesRequest request)
    {
        if (Enabled)
        {
            LogPrompt(_logger, deployment, request.Model, Render(request));
        }
    }

    public void Answer(string deployment, string model, string answer)
    {
        if (Enabled)
        {
            LogAnswer(_logger, deployment, model, answer);
        }
    }

    /// <summary>The conversation as readable text: one line per turn, tool calls and results marked, images and documents named only.</summary>
    internal static string Render(MessagesRequest request)
    {
        var text = new StringBuilder();
        if (request.System is { Count: > 0 } system)
        {
            text.Append("system: ");
            AppendBlocks(text, system);
            text.Append('\n');
        }

        foreach (var message in request.Messages)
        {
            text.Append(message.Role).Append(": ");
            AppendBlocks(text, message.Content);
            text.Append('\n');
        }

        return text.ToString();
    }

    private static void AppendBlocks(StringBuilder text, List<ContentBlock> blocks)
    {
        foreach (var block in blocks)
        {
            switch (block.Type)
            {
                case "text":
                    text.Append(block.Text).Append(' ');
                    break;
                case "tool_use":
                    text.Append("[tool_use ").Append(block.Name).Append(' ').Append(block.Input?.GetRawText()).Append("] ");
                    break;
                case "tool_result":
                    text.Append("[tool_result ");
                    AppendBlocks(text, block.Content ?? []);
                    text.Append("] ");
                    break;
                default:
                    text.Append('[').Append(block.Type).Append("] ");
                    break;
            }
        }
    }

    [LoggerMessage(EventId = 8301, Level = LogLevel.Trace, Message = "Prompt for {Deployment} ({Model}):\n{Prompt}")]
    private static partial void LogPrompt(ILogger logger, string deployment, string model, string prompt);

    [LoggerMessage(EventId = 8302, Level = LogLevel.Trace, Message = "Answer on {Deployment} from {Model}:\n{Answer}")]
    private static partial void LogAnswer(ILogger logger, string deployment, string model, string answer);
}
