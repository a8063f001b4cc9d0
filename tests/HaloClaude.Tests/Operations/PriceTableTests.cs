using HaloClaude.Anthropic;
using HaloClaude.Operations.Telemetry;
using HaloClaude.Translation;

using Microsoft.Extensions.Options;

namespace HaloClaude.Tests.Operations;

public sealed class PriceTableTests
{
    private static ResponseMapping.UsageTracker Usage(long input, long output, long cacheRead = 0, long cacheWrite = 0)
    {
        var usage = new ResponseMapping.UsageTracker();
        usage.Update(new Usage { InputTokens = input, OutputTokens = output, CacheReadInputTokens = cacheRead, CacheCreationInputTokens = cacheWrite });
        return usage;
    }

    private static PriceTable Table(PricingOptions? options = null) =>
        new(new StaticOptions(options ?? new PricingOptions()));

    [Fact]
    public void Cost_adds_input_output_cache_read_and_cache_write_at_the_model_s_prices()
    {
        // Sonnet 5.5: $2 in, $10 out, $0.10 cache read, $2.50 cache write per million tokens.
        var cost = Table().Estimate("claude-sonnet-5-5", Usage(1_000_000, 100_000, cacheRead: 2_000_000, cacheWrite: 400_000));

        cost.ShouldBe(2m + 1m + 0.2m + 1m);
    }

    [Fact]
    public void A_dated_model_id_uses_the_longest_matching_prefix()
    {
        Table().For("claude-opus-4-5-20251101")!.InputPerMillion.ShouldBe(5m);
        Table().For("claude-opus-4-1-20250805")!.InputPerMillion.ShouldBe(15m);
    }

    [Fact]
    public void Configured_prices_override_the_defaults_and_price_unknown_models()
    {
        var options = new PricingOptions();
        options.Models["claude-sonnet-5-5"] = ModelPrice.Of(1m, 1m, 0m, 0m);
        options.Models["claude-private-1"] = ModelPrice.Of(7m, 0m, 0m, 0m);

        Table(options).Estimate("claude-sonnet-5-5", Usage(1_000_000, 1_000_000)).ShouldBe(2m);
        Table(options).Estimate("claude-private-1-preview", Usage(1_000_000, 0)).ShouldBe(7m);
    }

    [Fact]
    public void A_model_without_a_price_has_no_estimate()
    {
        Table().Estimate("gpt-4o", Usage(1000, 1000)).ShouldBeNull();
    }

    private sealed class StaticOptions(PricingOptions value) : IOptionsMonitor<PricingOptions>
    {
        public PricingOptions CurrentValue => value;

        public PricingOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<PricingOptions, string?> listener) => null;
    }
}
