namespace HaloClaude.Operations.Telemetry;

/// <summary>Prices of one model in US dollars per million tokens.</summary>
public sealed class ModelPrice
{
    public decimal InputPerMillion { get; set; }
    public decimal OutputPerMillion { get; set; }

    /// <summary>Reading from the prompt cache ("cache hits and refreshes").</summary>
    public decimal CacheReadPerMillion { get; set; }

    /// <summary>Writing to the prompt cache with the default 5-minute lifetime.</summary>
    public decimal CacheWritePerMillion { get; set; }

    public static ModelPrice Of(decimal input, decimal output, decimal cacheRead, decimal cacheWrite) =>
        new() { InputPerMillion = input, OutputPerMillion = output, CacheReadPerMillion = cacheRead, CacheWritePerMillion = cacheWrite };
}

/// <summary>Section <c>Pricing</c>: <c>Pricing__Models__{model id or prefix}__InputPerMillion</c> and so on. Entries override or
/// extend <see cref="PriceTable.Defaults"/>; the longest matching prefix of a model id wins.</summary>
public sealed class PricingOptions
{
    public Dictionary<string, ModelPrice> Models { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
