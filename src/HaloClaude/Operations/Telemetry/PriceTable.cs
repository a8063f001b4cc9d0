using HaloClaude.Translation;

using Microsoft.Extensions.Options;

namespace HaloClaude.Operations.Telemetry;

/// <summary>Estimates what a request cost from Claude's reported usage and a price table per model.</summary>
/// <remarks>An estimate for dashboards and alerts, not an invoice: batch discounts, data-residency multipliers, long-prompt
/// tiers and 1-hour cache writes are not modelled.</remarks>
public sealed class PriceTable(IOptionsMonitor<PricingOptions> options)
{
    /// <summary>Anthropic's published list prices (USD per million tokens: input, output, cache read, 5-minute cache write),
    /// as shown on Anthropic's pricing and model pages on 2026-11-25. Keys are model-id prefixes.</summary>
    public static IReadOnlyDictionary<string, ModelPrice> Defaults { get; } = new Dictionary<string, ModelPrice>(StringComparer.OrdinalIgnoreCase)
    {
        ["claude-fable-5-1"] = ModelPrice.Of(10m, 50m, 0.25m, 12.50m),
        ["claude-fable-5"] = ModelPrice.Of(10m, 50m, 1m, 12.50m),
        ["claude-opus-5-5"] = ModelPrice.Of(4m, 20m, 0.20m, 5m),
        ["claude-opus-5"] = ModelPrice.Of(5m, 25m, 0.50m, 6.25m),
        ["claude-opus-4-8"] = ModelPrice.Of(5m, 25m, 0.50m, 6.25m),
        ["claude-opus-4-7"] = ModelPrice.Of(5m, 25m, 0.50m, 6.25m),
        ["claude-opus-4-6"] = ModelPrice.Of(5m, 25m, 0.50m, 6.25m),
        ["claude-opus-4-5"] = ModelPrice.Of(5m, 25m, 0.50m, 6.25m),
        ["claude-opus-4"] = ModelPrice.Of(15m, 75m, 1.50m, 18.75m), // Opus 4 and 4.1
        ["claude-sonnet-5-5"] = ModelPrice.Of(2m, 10m, 0.10m, 2.50m), // cache reads cut from $0.20 on 2026-10-07
        ["claude-sonnet-5"] = ModelPrice.Of(2m, 10m, 0.20m, 2.50m),
        ["claude-sonnet-4"] = ModelPrice.Of(3m, 15m, 0.30m, 3.75m), // Sonnet 4, 4.5 and 4.6
        ["claude-haiku-5-5"] = ModelPrice.Of(0.10m, 0.50m, 0.01m, 0.125m), // prompts up to 100k tokens; longer ones cost 5x
        ["claude-haiku-4-5"] = ModelPrice.Of(1m, 5m, 0.10m, 1.25m),
    };

    /// <summary>The price of a model, or null when neither the configuration nor the defaults know it.</summary>
    /// <remarks>Configured and default entries form one table; on an equally long prefix the configured one wins.</remarks>
    public ModelPrice? For(string model)
    {
        var (configured, configuredLength) = Longest(options.CurrentValue.Models, model);
        var (builtIn, builtInLength) = Longest(Defaults, model);
        return configuredLength >= builtInLength ? configured : builtIn;
    }

    /// <summary>The estimated cost in US dollars, or null for a model without a price.</summary>
    public decimal? Estimate(string model, ResponseMapping.UsageTracker usage)
    {
        if (For(model) is not { } price)
        {
            return null;
        }

        return (usage.Input * price.InputPerMillion
            + usage.Output * price.OutputPerMillion
            + usage.CacheRead * price.CacheReadPerMillion
            + usage.CacheCreation * price.CacheWritePerMillion) / 1_000_000m;
    }

    private static (ModelPrice? Price, int Length) Longest(IEnumerable<KeyValuePair<string, ModelPrice>> table, string model)
    {
        ModelPrice? best = null;
        var bestLength = -1;
        foreach (var (prefix, price) in table)
        {
            if (prefix.Length > bestLength && model.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                best = price;
                bestLength = prefix.Length;
            }
        }

        return (best, bestLength);
    }
}
