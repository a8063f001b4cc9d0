using System.Globalization;

namespace HaloClaude.Benchmarks.Load;

/// <summary>The few <c>--name value</c> options the load tools take.</summary>
internal static class Arguments
{
    public static string? Value(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    public static string Required(string[] args, string name) =>
        Value(args, name) ?? throw new ArgumentException($"{name} is required.");

    public static int Int(string[] args, string name, int fallback) =>
        Value(args, name) is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    /// <summary>Every value of an option that may repeat (<c>--header "name: value"</c>).</summary>
    public static IEnumerable<string> All(string[] args, string name)
    {
        for (var i = 0; i + 1 < args.Length; i++)
        {
            if (args[i] == name)
            {
                yield return args[i + 1];
            }
        }
    }
}
