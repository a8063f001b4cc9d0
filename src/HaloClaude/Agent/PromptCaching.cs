using HaloClaude.Anthropic;

namespace HaloClaude.Agent;

/// <summary>Marks the stable prefix of a request (tools, then system with the ticket context) for Anthropic prompt caching.</summary>
/// <remarks>Halo repeats long system prompts on every click; marked, they are billed as cache reads after the first.
/// Anthropic ignores a marker on a prefix shorter than the model's minimum, so marking is never an error.</remarks>
public static class PromptCaching
{
    public static void Mark(MessagesRequest request)
    {
        if (request.Tools is { Count: > 0 } tools)
        {
            tools[^1].CacheControl ??= new CacheControl();
        }

        if (request.System is { Count: > 0 } system)
        {
            system[^1].CacheControl ??= new CacheControl();
        }
    }
}
