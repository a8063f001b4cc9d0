using System.Text.RegularExpressions;

using HaloClaude.Anthropic;

using Microsoft.Extensions.Options;

namespace HaloClaude.Agent;

/// <summary>Finds the Halo ticket a request is about, in the system and user text ("Ticket #12345", "ticket_id: 12345", a Halo ticket URL).</summary>
/// <remarks>Only the caller's own messages are searched (system first, then the latest user turn backwards), never tool
/// results: a ticket number quoted inside a looked-up record must not move the request's scope.</remarks>
public sealed class TicketReferenceFinder(IOptionsMonitor<AgentOptions> options)
{
    private Regex[]? _compiled;
    private List<string>? _source;

    public long? Find(MessagesRequest request)
    {
        var patterns = Patterns();
        foreach (var block in request.System ?? [])
        {
            if (Match(patterns, block.Text) is { } id)
            {
                return id;
            }
        }

        for (var m = request.Messages.Count - 1; m >= 0; m--)
        {
            if (request.Messages[m].Role != "user")
            {
                continue;
            }

            foreach (var block in request.Messages[m].Content)
            {
                if (block.Type == "text" && Match(patterns, block.Text) is { } id)
                {
                    return id;
                }
            }
        }

        return null;
    }

    private static long? Match(Regex[] patterns, string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        foreach (var pattern in patterns)
        {
            try
            {
                if (pattern.Match(text) is { Success: true } match && long.TryParse(match.Groups["id"].ValueSpan, out var id) && id > 0)
                {
                    return id;
                }
            }
            catch (RegexMatchTimeoutException)
            {
                // The limit guards against a configured pattern that backtracks badly; it is wall-clock time, so a busy
                // machine can hit it too. Either way the request goes on without a ticket reference from this pattern.
            }
        }

        return null;
    }

    private Regex[] Patterns()
    {
        var configured = options.CurrentValue.TicketPatterns;
        if (_compiled is { } compiled && ReferenceEquals(_source, configured))
        {
            return compiled;
        }

        // Compiled once per configuration: every request is searched, and the interpreter took about 20 times longer.
        _compiled = [.. configured.Select(p => new Regex(p, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled, TimeSpan.FromMilliseconds(100)))];
        _source = configured;
        return _compiled;
    }
}
