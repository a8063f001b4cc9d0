using System.Text.RegularExpressions;

using Microsoft.Extensions.Options;

namespace HaloClaude.Agent;

/// <summary>Start-up checks for the <c>Agent</c> section, one plain line per problem.</summary>
public sealed class AgentOptionsValidator : IValidateOptions<AgentOptions>
{
    public ValidateOptionsResult Validate(string? name, AgentOptions options)
    {
        var problems = new List<string>();
        if (options.MaxTurns < 1)
        {
            problems.Add("Agent:MaxTurns must be at least 1.");
        }

        if (options.MaxToolCalls < 0 || options.MaxParallelToolCalls < 1)
        {
            problems.Add("Agent:MaxToolCalls must be 0 or more and Agent:MaxParallelToolCalls at least 1.");
        }

        if (options.MaxResultBytes < 256 || options.MaxTotalResultBytes < options.MaxResultBytes)
        {
            problems.Add("Agent:MaxResultBytes must be at least 256 and no larger than Agent:MaxTotalResultBytes.");
        }

        if (options.MaxWallTime <= TimeSpan.Zero)
        {
            problems.Add("Agent:MaxWallTime must be a positive duration (e.g. 00:02:00).");
        }

        foreach (var pattern in options.TicketPatterns)
        {
            try
            {
                if (Array.IndexOf(new Regex(pattern).GetGroupNames(), "id") < 0)
                {
                    problems.Add($"Agent:TicketPatterns entry '{pattern}' has no (?<id>…) group for the ticket number.");
                }
            }
            catch (ArgumentException)
            {
                problems.Add($"Agent:TicketPatterns entry '{pattern}' is not a valid regular expression.");
            }
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
