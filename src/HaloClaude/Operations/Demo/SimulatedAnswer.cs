using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

using HaloClaude.Anthropic;
using HaloClaude.Halo.Tools;

namespace HaloClaude.Operations.Demo;

/// <summary>What the simulated Claude says: a visible echo of what reached it (the question, the Halo ticket context the proxy
/// added, the tool results), a tool call when one is due, JSON when JSON is asked for.</summary>
public sealed partial record SimulatedAnswer(string? Text, SimulatedToolCall? ToolCall, long InputTokens, long OutputTokens)
{
    public static SimulatedAnswer For(MessagesRequest request)
    {
        var inputTokens = Math.Max(1, AllText(request).Length / 4);
        var results = request.Messages.Count > 0 ? request.Messages[^1].Content.Where(b => b.Type == "tool_result").ToList() : [];

        if (results.Count == 0 && NextToolCall(request) is { } call)
        {
            return new SimulatedAnswer(null, call, inputTokens, 12);
        }

        var text = results.Count > 0 ? AfterTools(request, results) : Plain(request);
        if (request.OutputConfig?.Format is not null || MentionsJson(request))
        {
            text = JsonSerializer.Serialize(new SimulatedJson(true, text), DemoJsonContext.Default.SimulatedJson);
        }

        return new SimulatedAnswer(text, null, inputTokens, Math.Max(1, text.Length / 4));
    }

    private static SimulatedToolCall? NextToolCall(MessagesRequest request)
    {
        if (request.Tools is not { Count: > 0 } tools || request.Messages.Any(m => m.Content.Any(b => b.Type == "tool_result")))
        {
            return null;
        }

        var forced = request.ToolChoice?.Type switch
        {
            "tool" => tools.FirstOrDefault(t => t.Name == request.ToolChoice.Name),
            "any" => tools[0],
            _ => null,
        };
        if (forced is not null)
        {
            return new SimulatedToolCall(forced.Name, "{}");
        }

        if (tools.Any(t => t.Name == "get_ticket") && TicketNumber().Match(AllText(request)) is { Success: true } ticket)
        {
            return new SimulatedToolCall("get_ticket", $$"""{"ticket_id":{{ticket.Groups["id"].Value}}}""");
        }

        return null;
    }

    private static string Plain(MessagesRequest request)
    {
        var question = LastUserText(request);
        var system = request.System?.Sum(b => b.Text?.Length ?? 0) ?? 0;
        return $"{DemoMode.AnswerPrefix} You asked: \"{Excerpt(question, 200)}\". The request reached model {request.Model} " +
               $"with {request.Messages.Count} message(s) and {system} characters of system prompt. {ContextNote(request)}" +
               RealAnswerHint;
    }

    private const string RealAnswerHint = "Start the proxy without --demo and with ANTHROPIC_API_KEY set to get Claude's real answer.";

    private static string AfterTools(MessagesRequest request, List<ContentBlock> results)
    {
        var text = string.Join("\n", results.SelectMany(r => r.Content ?? []).Select(b => b.Text));
        var calls = request.Messages.Count > 1 ? request.Messages[^2].Content.Where(b => b.Type == "tool_use").Select(b => b.Name).ToList() : [];
        var tools = calls.Count > 0 ? string.Join(", ", calls) : "a tool";
        return $"{DemoMode.AnswerPrefix} {ContextNote(request)}I then looked it up in Halo with {tools}; what came back begins: \"{Excerpt(text, 300)}\" " +
               RealAnswerHint;
    }

    /// <summary>Says whether the proxy put Halo ticket context into the system prompt, and which ticket it was about.</summary>
    private static string ContextNote(MessagesRequest request)
    {
        var context = request.System?.Select(b => b.Text).FirstOrDefault(t => t?.Contains(HaloTicketContext.Heading, StringComparison.Ordinal) == true);
        if (context is null)
        {
            return string.Empty;
        }

        var lines = context.Split('\n');
        var ticket = lines.FirstOrDefault(l => l.StartsWith("Ticket #", StringComparison.Ordinal))?.Trim();
        var client = lines.FirstOrDefault(l => l.StartsWith("Client: ", StringComparison.Ordinal))?["Client: ".Length..].Trim();
        return $"The proxy gave me Halo ticket context before I answered ({context.Length:#,0} characters" +
               (ticket is null ? string.Empty : $", \"{Excerpt(ticket, 120)}\"") + (client is null ? string.Empty : $", client {Excerpt(client, 80)}") + "). ";
    }

    private static string LastUserText(MessagesRequest request) =>
        request.Messages.LastOrDefault(m => m.Role == "user") is { } user
            ? string.Join(" ", user.Content.Where(b => b.Type == "text").Select(b => b.Text))
            : string.Empty;

    private static bool MentionsJson(MessagesRequest request) =>
        request.System?.Any(b => b.Text?.Contains("JSON", StringComparison.Ordinal) == true) == true;

    private static string AllText(MessagesRequest request)
    {
        var text = new StringBuilder();
        foreach (var block in request.System ?? [])
        {
            text.Append(block.Text).Append('\n');
        }

        foreach (var block in request.Messages.SelectMany(m => m.Content))
        {
            text.Append(block.Text).Append('\n');
        }

        return text.ToString();
    }

    private static string Excerpt(string text, int length)
    {
        var flat = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return flat.Length <= length ? flat : flat[..length] + "…";
    }

    [GeneratedRegex(@"ticket(?:\s*(?:#|no\.?|number|id)?\s*[:#]?\s*)(?<id>\d{1,9})\b", RegexOptions.IgnoreCase)]
    private static partial Regex TicketNumber();
}

public sealed record SimulatedToolCall(string Name, string ArgumentsJson);

public sealed record SimulatedJson(bool Simulated, string Message);
