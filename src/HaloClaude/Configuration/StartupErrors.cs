using Microsoft.Extensions.Options;

namespace HaloClaude;

/// <summary>Runs the app; invalid configuration ends the process with one plain line per problem instead of a stack trace.</summary>
public static class StartupErrors
{
    public static async Task<int> RunAsync(WebApplication app)
    {
        try
        {
            await app.RunAsync();
            return 0;
        }
        catch (Exception ex) when (Problems(ex) is { Count: > 0 } problems)
        {
            await Console.Error.WriteLineAsync("HaloClaude cannot start because of its configuration:");
            foreach (var problem in problems)
            {
                await Console.Error.WriteLineAsync("  - " + problem);
            }

            return 1;
        }
    }

    internal static List<string> Problems(Exception ex) => ex switch
    {
        OptionsValidationException options => [.. options.Failures],
        AggregateException aggregate => aggregate.InnerExceptions.SelectMany(Problems).ToList(),
        _ => [],
    };
}
