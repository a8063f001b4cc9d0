using System.Text.Json;
using System.Text.Json.Nodes;

using HaloClaude.Translation;

namespace HaloClaude.Tests.Translation;

/// <summary>Mapping §10.3: the schema subset Anthropic's structured outputs accept.</summary>
public sealed class JsonSchemaSanitizerTests
{
    private static JsonNode Sanitize(string schema) => JsonSchemaSanitizer.Sanitize(JsonDocument.Parse(schema).RootElement).ShouldNotBeNull();

    private static JsonNode? TrySanitize(string schema) => JsonSchemaSanitizer.Sanitize(JsonDocument.Parse(schema).RootElement);

    [Theory]
    [InlineData("""{"type":"object","properties":{}}""", """{"type":"object","properties":{},"additionalProperties":false}""")]
    [InlineData("""{"type":"object","additionalProperties":true}""", """{"type":"object","additionalProperties":false}""")]
    [InlineData("""{"type":"string"}""", """{"type":"string"}""")]
    [InlineData("""{"type":"object","properties":{"a":{"type":"object","properties":{}}}}""", """{"type":"object","properties":{"a":{"type":"object","properties":{},"additionalProperties":false}},"additionalProperties":false}""")]
    [InlineData("""{"type":"array","items":{"type":"object"}}""", """{"type":"array","items":{"type":"object","additionalProperties":false}}""")]
    [InlineData("""{"anyOf":[{"type":"object"},{"type":"null"}]}""", """{"anyOf":[{"type":"object","additionalProperties":false},{"type":"null"}]}""")]
    public void Every_object_is_closed(string schema, string expected)
    {
        JsonNode.DeepEquals(Sanitize(schema), JsonNode.Parse(expected)).ShouldBeTrue(Sanitize(schema).ToJsonString());
    }

    [Theory]
    [InlineData("minimum", "1")]
    [InlineData("maximum", "5")]
    [InlineData("exclusiveMinimum", "0")]
    [InlineData("exclusiveMaximum", "10")]
    [InlineData("minLength", "2")]
    [InlineData("maxLength", "80")]
    [InlineData("minItems", "1")]
    [InlineData("maxItems", "3")]
    [InlineData("multipleOf", "2")]
    [InlineData("pattern", "\"^[A-Z]+$\"")]
    public void Unsupported_keywords_move_into_the_description(string keyword, string value)
    {
        var result = Sanitize($$$$"""{"type":"object","properties":{"p":{"type":"integer","{{{{keyword}}}}":{{{{value}}}}}}}""");

        var property = result["properties"]!["p"]!.AsObject();
        property.ContainsKey(keyword).ShouldBeFalse();
        property["description"]!.GetValue<string>().ShouldBe($"({keyword}: {JsonNode.Parse(value)!.ToJsonString()})");
    }

    [Fact]
    public void An_existing_description_keeps_its_text_before_the_notes()
    {
        var result = Sanitize("""{"type":"integer","description":"Priority","minimum":1,"maximum":5}""");

        result["description"]!.GetValue<string>().ShouldBe("Priority (minimum: 1, maximum: 5)");
    }

    [Theory]
    [InlineData("$defs", "#/$defs/address")]
    [InlineData("definitions", "#/definitions/address")]
    public void Local_references_stay_and_their_definitions_are_sanitised_too(string container, string reference)
    {
        var result = Sanitize("""
            {"type":"object","properties":{"home":{"$ref":"REF"},"work":{"$ref":"REF"}},
             "DEFS":{"address":{"type":"object","properties":{"city":{"type":"string","maxLength":50}}}}}
            """.Replace("REF", reference, StringComparison.Ordinal).Replace("DEFS", container, StringComparison.Ordinal));

        result["properties"]!["home"]!["$ref"]!.GetValue<string>().ShouldBe(reference);
        result["properties"]!["work"]!["$ref"]!.GetValue<string>().ShouldBe(reference);
        var address = result[container]!["address"]!;
        address["additionalProperties"]!.GetValue<bool>().ShouldBeFalse();
        address["properties"]!["city"]!["description"]!.GetValue<string>().ShouldBe("(maxLength: 50)");
    }

    [Fact]
    public void Definitions_that_fan_out_are_not_expanded()
    {
        // Ten levels that each use the next one ten times: inlining would mean 10^10 copies.
        var defs = new JsonObject();
        for (var level = 0; level < 10; level++)
        {
            var properties = new JsonObject();
            for (var p = 0; p < 10; p++)
            {
                properties[$"p{p}"] = level == 9 ? new JsonObject { ["type"] = "string" } : new JsonObject { ["$ref"] = $"#/$defs/l{level + 1}" };
            }

            defs[$"l{level}"] = new JsonObject { ["type"] = "object", ["properties"] = properties };
        }

        var schema = new JsonObject { ["type"] = "object", ["properties"] = new JsonObject { ["root"] = new JsonObject { ["$ref"] = "#/$defs/l0" } }, ["$defs"] = defs };

        var result = Sanitize(schema.ToJsonString());

        result.ToJsonString().Length.ShouldBeLessThan(20_000);
        result["$defs"]!.AsObject().Count.ShouldBe(10);
    }

    [Theory]
    [InlineData("""{"type":"object","properties":{"root":{"$ref":"#/$defs/node"}},"$defs":{"node":{"type":"object","properties":{"child":{"$ref":"#/$defs/node"}}}}}""")]
    [InlineData("""{"type":"object","properties":{"a":{"$ref":"#/$defs/a"}},"$defs":{"a":{"type":"object","properties":{"b":{"$ref":"#/$defs/b"}}},"b":{"type":"array","items":{"$ref":"#/$defs/a"}}}}""")]
    [InlineData("""{"type":"object","properties":{"self":{"$ref":"#"}}}""")]
    [InlineData("""{"type":"object","properties":{"a":{"$ref":"https://schemas.example.invalid/a.json"}}}""")]
    [InlineData("""{"type":"object","properties":{"a":{"$ref":"#/$defs/missing"}}}""")]
    public void Recursive_external_or_dangling_references_cannot_be_taken_natively(string schema)
    {
        TrySanitize(schema).ShouldBeNull();
    }

    [Fact]
    public void A_definition_used_twice_without_recursion_is_fine()
    {
        var result = Sanitize("""
            {"type":"object","properties":{"a":{"$ref":"#/$defs/x"},"b":{"type":"array","items":{"$ref":"#/$defs/x"}}},
             "$defs":{"x":{"type":"object","properties":{"y":{"$ref":"#/$defs/y"}}},"y":{"type":"string"}}}
            """);

        result["$defs"]!["x"]!["additionalProperties"]!.GetValue<bool>().ShouldBeFalse();
    }

    [Fact]
    public void The_callers_schema_is_not_modified()
    {
        using var document = JsonDocument.Parse("""{"type":"object","properties":{"p":{"type":"integer","minimum":1}}}""");
        var before = document.RootElement.GetRawText();

        JsonSchemaSanitizer.Sanitize(document.RootElement);

        document.RootElement.GetRawText().ShouldBe(before);
    }

    [Fact]
    public void A_schema_that_is_not_an_object_is_a_400()
    {
        var ex = Should.Throw<InvalidRequestException>(() => TrySanitize("[1]"));

        ex.Param.ShouldBe("response_format.json_schema.schema");
    }
}
