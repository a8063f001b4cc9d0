using System.Text.Json;

using HaloClaude.Anthropic;
using HaloClaude.Configuration;
using HaloClaude.OpenAi;
using HaloClaude.Translation;

namespace HaloClaude.Tests.Translation;

/// <summary>Rows of mapping §2, §4 and §9 for models the fake upstream does not serve (older or unknown ids), tested on the translator itself.</summary>
public sealed class RequestTranslatorTests
{
    private static TranslatedRequest Translate(string json, string model) =>
        RequestTranslator.Translate(JsonSerializer.Deserialize(json, OpenAiJsonContext.Default.ChatCompletionRequest)!, model, new RequestLimitOptions());

    private const string Ask = """[{"role":"user","content":"Hi"}]""";

    [Fact]
    public void A_model_that_takes_both_sampling_parameters_gets_both()
    {
        var upstream = Translate($$$$"""{"messages":{{{{Ask}}}},"temperature":0.7,"top_p":0.9}""", "claude-3-5-haiku-20241022").Upstream;

        upstream.Temperature.ShouldBe(0.7);
        upstream.TopP.ShouldBe(0.9);
        upstream.MaxTokens.ShouldBe(4096);
    }

    [Fact]
    public void A_model_without_structured_outputs_gets_json_schema_as_an_instruction()
    {
        var translated = Translate("""
            {"messages":[{"role":"user","content":"Hi"}],"response_format":{"type":"json_schema","json_schema":{"name":"t","schema":{"type":"object","properties":{"priority":{"type":"integer"}}}}}}
            """, "claude-3-5-haiku-20241022");

        translated.Upstream.OutputConfig.ShouldBeNull();
        var instruction = translated.Upstream.System!.Single().Text!;
        instruction.ShouldContain("single valid JSON object");
        instruction.ShouldContain("\"priority\"");
        translated.Shape.JsonMode.ShouldBeTrue();
    }

    [Fact]
    public void Strict_tools_are_not_forwarded_to_a_model_without_structured_outputs()
    {
        var upstream = Translate($$$$"""
            {"messages":{{{{Ask}}}},"tools":[{"type":"function","function":{"name":"x","strict":true}}]}
            """, "claude-3-5-haiku-20241022").Upstream;

        upstream.Tools!.Single().Strict.ShouldBeNull();
    }

    [Fact]
    public void An_unknown_model_id_gets_the_newest_generations_cautious_rules()
    {
        var upstream = Translate($$$$"""{"messages":{{{{Ask}}}},"temperature":0.5,"top_p":0.5,"max_tokens":999999}""", "claude-future-9").Upstream;

        upstream.Temperature.ShouldBeNull();
        upstream.TopP.ShouldBeNull();
        upstream.MaxTokens.ShouldBe(64000);
    }

    [Theory]
    [InlineData("claude-3-7-sonnet-20250219", "high", "")]
    [InlineData("claude-3-7-sonnet-20250219", "medium", ",\"max_tokens\":20000")]
    [InlineData("claude-opus-4-1-20250805", "high", "")]
    [InlineData("claude-opus-4-1-20250805", "high", ",\"max_tokens\":100000")]
    public void A_thinking_budget_always_stays_below_the_max_tokens_actually_sent(string model, string effort, string members)
    {
        var upstream = Translate($$$$"""{"messages":{{{{Ask}}}},"reasoning_effort":"{{{{effort}}}}"{{{{members}}}}}""", model).Upstream;

        upstream.MaxTokens.ShouldBeLessThanOrEqualTo(ModelCapabilities.For(model).MaxOutputTokens);
        if (upstream.Thinking is { } thinking)
        {
            thinking.BudgetTokens!.Value.ShouldBeLessThan(upstream.MaxTokens);
        }
    }

    [Fact]
    public void Opus_4_1_gets_json_schema_as_an_instruction_because_its_structured_outputs_never_left_beta()
    {
        var translated = Translate("""
            {"messages":[{"role":"user","content":"Hi"}],"response_format":{"type":"json_schema","json_schema":{"name":"t","schema":{"type":"object","properties":{}}}}}
            """, "claude-opus-4-1-20250805");

        translated.Upstream.OutputConfig.ShouldBeNull();
        translated.Upstream.System!.Single().Text!.ShouldContain("JSON Schema");
    }

    [Fact]
    public void The_response_shape_remembers_how_to_answer()
    {
        var shape = Translate($$$$"""
            {"messages":{{{{Ask}}}},"stream":true,"stream_options":{"include_usage":true},"functions":[{"name":"f"}],"response_format":{"type":"json_object"}}
            """, "claude-sonnet-5-5").Shape;

        shape.Stream.ShouldBeTrue();
        shape.IncludeUsage.ShouldBeTrue();
        shape.LegacyFunctions.ShouldBeTrue();
        shape.JsonMode.ShouldBeTrue();
    }

    [Fact]
    public void Include_usage_without_streaming_is_ignored()
    {
        var shape = Translate($$$$"""{"messages":{{{{Ask}}}},"stream_options":{"include_usage":true}}""", "claude-sonnet-5-5").Shape;

        shape.Stream.ShouldBeFalse();
        shape.IncludeUsage.ShouldBeFalse();
    }
}
