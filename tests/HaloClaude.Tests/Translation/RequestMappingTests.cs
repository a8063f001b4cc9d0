using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

using HaloClaude.Tests.Support;
using HaloClaude.Tests.TestKit;

namespace HaloClaude.Tests.Translation;

/// <summary>Mapping §2: every request field, end to end — what Anthropic receives for what Halo sends.</summary>
public sealed class RequestMappingTests : ProxyTest
{
    // Deployments: claude-haiku-4-5 (budget thinking, temperature xor top_p, 64K), claude-opus-4-5 (budget + effort),
    // sonnet-4-6 (adaptive when asked, xor, 128K), opus-4-8 (no sampling), claude-sonnet-5-5 (always thinks, no sampling, 128K).

    [Theory]
    [InlineData("claude-haiku-4-5", "", 4096)]
    [InlineData("sonnet-4-6", "", 4096)]
    [InlineData("claude-sonnet-5-5", "", 16000)]
    [InlineData("claude-haiku-4-5", "\"max_tokens\":500", 500)]
    [InlineData("claude-haiku-4-5", "\"max_completion_tokens\":300", 300)]
    [InlineData("claude-haiku-4-5", "\"max_tokens\":500,\"max_completion_tokens\":2000", 2000)]
    [InlineData("claude-haiku-4-5", "\"max_completion_tokens\":2000,\"max_tokens\":500", 2000)]
    [InlineData("claude-haiku-4-5", "\"max_tokens\":200000", 64000)]
    [InlineData("claude-sonnet-5-5", "\"max_tokens\":500000", 128000)]
    [InlineData("claude-haiku-4-5", "\"max_tokens\":5000000", 64000)]
    public async Task Max_tokens_is_passed_defaulted_or_clamped_to_the_model(string deployment, string members, int expected)
    {
        var sent = await UpstreamBodyAsync(Body(members), deployment);

        sent["max_tokens"]!.GetValue<int>().ShouldBe(expected);
    }

    [Theory]
    [InlineData("\"max_tokens\":0", "max_tokens")]
    [InlineData("\"max_tokens\":-5", "max_tokens")]
    [InlineData("\"max_completion_tokens\":0,\"max_tokens\":100", "max_completion_tokens")]
    public async Task Max_tokens_that_is_not_positive_is_a_400_naming_the_field(string members, string param)
    {
        var reply = await PostAsync(Body(members));

        ShouldBeAzureError(reply, HttpStatusCode.BadRequest, param: param);
        Upstream.Received.ShouldBeEmpty();
    }

    [Fact]
    public async Task Budget_thinking_gets_room_on_top_of_the_default_max_tokens()
    {
        var sent = await UpstreamBodyAsync(Body("\"reasoning_effort\":\"medium\""), "claude-haiku-4-5");

        sent["thinking"]!["budget_tokens"]!.GetValue<int>().ShouldBe(4096);
        // The thinking default (16,000) for the answer, plus the budget; within Haiku 4.5's 64K.
        sent["max_tokens"]!.GetValue<int>().ShouldBe(16000 + 4096);
    }

    [Fact]
    public async Task Budget_thinking_is_dropped_when_the_callers_max_tokens_cannot_hold_it()
    {
        var sent = await UpstreamBodyAsync(Body("\"reasoning_effort\":\"high\",\"max_tokens\":2000,\"temperature\":0.4"), "claude-haiku-4-5");

        sent["max_tokens"]!.GetValue<int>().ShouldBe(2000);
        sent.ContainsKey("thinking").ShouldBeFalse();
        // Thinking is off again, so the caller's temperature is honoured.
        sent["temperature"]!.GetValue<double>().ShouldBe(0.4);
    }

    private const string OpenToolLoop = """
        [{"role":"user","content":"Look up ticket 1"},
         {"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_ticket","arguments":"{\"id\":1}"}}]},
         {"role":"tool","tool_call_id":"call_1","content":"Ticket 1: printer jam"}]
        """;

    private const string TicketTool = """
        "tools":[{"type":"function","function":{"name":"get_ticket","parameters":{"type":"object","properties":{"id":{"type":"integer"}}}}}]
        """;

    [Theory]
    [InlineData("claude-haiku-4-5", "low", null)]
    [InlineData("sonnet-4-6", "medium", "medium")]
    public async Task Thinking_is_not_requested_for_the_continuation_of_a_tool_loop_whose_thinking_block_Halo_cannot_send_back(
        string deployment, string effort, string? expectedEffort)
    {
        var sent = await UpstreamBodyAsync(Body($"{TicketTool},\"reasoning_effort\":\"{effort}\"", OpenToolLoop), deployment);

        sent.ContainsKey("thinking").ShouldBeFalse();
        sent["output_config"]?["effort"]?.GetValue<string>().ShouldBe(expectedEffort);
    }

    [Fact]
    public async Task Thinking_is_requested_again_once_the_tool_loop_has_ended()
    {
        var sent = await UpstreamBodyAsync(Body($"{TicketTool},\"reasoning_effort\":\"low\"", """
            [{"role":"user","content":"Look up ticket 1"},
             {"role":"assistant","tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_ticket","arguments":"{}"}}]},
             {"role":"tool","tool_call_id":"call_1","content":"Ticket 1: printer jam"},
             {"role":"assistant","content":"Ticket 1 is a printer jam."},
             {"role":"user","content":"Thanks. What should I try first?"}]
            """), "claude-haiku-4-5");

        sent["thinking"]!["type"]!.GetValue<string>().ShouldBe("enabled");
    }

    [Fact]
    public async Task A_recursive_json_schema_falls_back_to_an_instruction()
    {
        var sent = await UpstreamBodyAsync(Body("""
            "response_format":{"type":"json_schema","json_schema":{"name":"tree","schema":{"type":"object","properties":{"root":{"$ref":"#/$defs/node"}},
              "$defs":{"node":{"type":"object","properties":{"name":{"type":"string"},"children":{"type":"array","items":{"$ref":"#/$defs/node"}}}}}}}}
            """));

        sent["output_config"]?["format"].ShouldBeNull();
        var instruction = sent["system"]!.AsArray()[^1]!["text"]!.GetValue<string>();
        instruction.ShouldContain("single valid JSON object");
        instruction.ShouldContain("\"children\"");
    }

    [Fact]
    public async Task A_json_schema_with_definitions_keeps_its_references_and_closes_every_definition()
    {
        var sent = await UpstreamBodyAsync(Body("""
            "response_format":{"type":"json_schema","json_schema":{"name":"t","schema":{"type":"object","properties":{"from":{"$ref":"#/$defs/person"},"to":{"$ref":"#/$defs/person"}},
              "$defs":{"person":{"type":"object","properties":{"name":{"type":"string","maxLength":80}}}}}}}
            """));

        var schema = sent["output_config"]!["format"]!["schema"]!;
        schema["properties"]!["from"]!["$ref"]!.GetValue<string>().ShouldBe("#/$defs/person");
        schema["$defs"]!["person"]!["additionalProperties"]!.GetValue<bool>().ShouldBeFalse();
    }

    [Fact]
    public async Task A_strict_tool_gets_a_schema_structured_outputs_accept()
    {
        var sent = await UpstreamBodyAsync(Body("""
            "tools":[{"type":"function","function":{"name":"set_priority","strict":true,"parameters":{"type":"object","properties":{"priority":{"type":"integer","minimum":1,"maximum":5},"note":{"type":"object","properties":{}}},"required":["priority"],"additionalProperties":false}}}]
            """));

        var tool = sent["tools"]![0]!;
        tool["strict"]!.GetValue<bool>().ShouldBeTrue();
        tool["input_schema"]!["properties"]!["priority"]!.AsObject().ContainsKey("minimum").ShouldBeFalse();
        tool["input_schema"]!["properties"]!["note"]!["additionalProperties"]!.GetValue<bool>().ShouldBeFalse();
    }

    [Fact]
    public async Task A_strict_tool_whose_schema_is_recursive_is_sent_as_a_normal_tool()
    {
        var sent = await UpstreamBodyAsync(Body("""
            "tools":[{"type":"function","function":{"name":"walk","strict":true,"parameters":{"type":"object","properties":{"node":{"$ref":"#/$defs/node"}},"additionalProperties":false,
              "$defs":{"node":{"type":"object","properties":{"next":{"$ref":"#/$defs/node"}},"additionalProperties":false}}}}}]
            """));

        var tool = sent["tools"]![0]!.AsObject();
        tool.ContainsKey("strict").ShouldBeFalse();
        tool["input_schema"]!["$defs"]!["node"].ShouldNotBeNull();
    }

    [Theory]
    [InlineData("claude-haiku-4-5", "\"temperature\":0.5", 0.5)]
    [InlineData("claude-haiku-4-5", "\"temperature\":0", 0.0)]
    [InlineData("claude-haiku-4-5", "\"temperature\":1.3", 1.0)]
    [InlineData("claude-haiku-4-5", "\"temperature\":2", 1.0)]
    [InlineData("sonnet-4-6", "\"temperature\":0.3", 0.3)]
    [InlineData("claude-opus-4-5", "\"temperature\":1.7", 1.0)]
    public async Task Temperature_is_passed_and_capped_at_1(string deployment, string members, double expected)
    {
        var sent = await UpstreamBodyAsync(Body(members), deployment);

        sent["temperature"]!.GetValue<double>().ShouldBe(expected);
    }

    [Theory]
    [InlineData("claude-sonnet-5-5", "\"temperature\":0.2")]
    [InlineData("claude-opus-5-5", "\"temperature\":0.7,\"top_p\":0.5")]
    [InlineData("claude-haiku-5-5", "\"top_p\":0.8")]
    [InlineData("opus-4-8", "\"temperature\":0.2")]
    [InlineData("sonnet-5", "\"temperature\":1.5,\"top_p\":0.9")]
    [InlineData("claude-haiku-4-5", "\"temperature\":0.3,\"reasoning_effort\":\"low\"")]
    [InlineData("sonnet-4-6", "\"temperature\":0.3,\"top_p\":0.5,\"reasoning_effort\":\"medium\"")]
    public async Task Sampling_parameters_are_dropped_where_the_model_or_thinking_rejects_them(string deployment, string members)
    {
        var sent = await UpstreamBodyAsync(Body(members), deployment);

        sent.ContainsKey("temperature").ShouldBeFalse();
        sent.ContainsKey("top_p").ShouldBeFalse();
    }

    [Theory]
    [InlineData("\"temperature\":2.5", "temperature")]
    [InlineData("\"temperature\":-0.1", "temperature")]
    [InlineData("\"top_p\":1.5", "top_p")]
    [InlineData("\"top_p\":-1", "top_p")]
    public async Task Sampling_values_outside_the_OpenAI_range_are_a_400(string members, string param)
    {
        var reply = await PostAsync(Body(members), "claude-haiku-4-5");

        ShouldBeAzureError(reply, HttpStatusCode.BadRequest, param: param);
        Upstream.Received.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("claude-haiku-4-5", "\"top_p\":0.9", null, 0.9)]
    [InlineData("claude-haiku-4-5", "\"temperature\":0.7,\"top_p\":0.9", 0.7, null)]
    [InlineData("sonnet-4-6", "\"temperature\":0.7,\"top_p\":0.9", 0.7, null)]
    [InlineData("opus-4-6", "\"temperature\":0.7,\"top_p\":0.9", 0.7, null)]
    [InlineData("claude-haiku-4-5", "\"temperature\":0.5,\"top_p\":1", 0.5, null)]
    [InlineData("claude-haiku-4-5", "\"top_p\":1", null, null)]
    [InlineData("claude-haiku-4-5", "\"top_p\":0.97,\"reasoning_effort\":\"low\"", null, 0.97)]
    [InlineData("claude-haiku-4-5", "\"top_p\":0.9,\"reasoning_effort\":\"low\"", null, null)]
    public async Task Top_p_is_sent_only_where_the_model_accepts_it_with_the_temperature(string deployment, string members, double? temperature, double? topP)
    {
        var sent = await UpstreamBodyAsync(Body(members), deployment);

        (sent["temperature"]?.GetValue<double>()).ShouldBe(temperature);
        sent.ContainsKey("temperature").ShouldBe(temperature is not null);
        (sent["top_p"]?.GetValue<double>()).ShouldBe(topP);
        sent.ContainsKey("top_p").ShouldBe(topP is not null);
    }

    [Theory]
    [InlineData("\"stop\":\"###\"", new[] { "###" })]
    [InlineData("\"stop\":[\"END\",\"STOP\"]", new[] { "END", "STOP" })]
    [InlineData("\"stop\":[\"\",\"END\",\"\\n\",\"  \"]", new[] { "END" })]
    [InlineData("\"stop\":[\"END\",\"END\"]", new[] { "END" })]
    public async Task Stop_becomes_stop_sequences_without_empty_entries(string members, string[] expected)
    {
        var sent = await UpstreamBodyAsync(Body(members));

        sent["stop_sequences"]!.AsArray().Select(s => s!.GetValue<string>()).ShouldBe(expected);
    }

    [Theory]
    [InlineData("\"stop\":[\"\\n\"]")]
    [InlineData("\"stop\":\"\"")]
    [InlineData("\"stop\":[]")]
    [InlineData("\"stop\":null")]
    public async Task Stop_with_nothing_usable_sends_no_stop_sequences(string members)
    {
        var sent = await UpstreamBodyAsync(Body(members));

        sent.ContainsKey("stop_sequences").ShouldBeFalse();
    }

    [Theory]
    [InlineData("\"stop\":42")]
    [InlineData("\"stop\":[1]")]
    [InlineData("\"stop\":{\"a\":1}")]
    public async Task Stop_of_the_wrong_type_is_a_400(string members)
    {
        var reply = await PostAsync(Body(members));

        ShouldBeAzureError(reply, HttpStatusCode.BadRequest, param: "stop");
        Upstream.Received.ShouldBeEmpty();
    }

    [Fact]
    public async Task User_is_sent_only_as_a_SHA256_hash()
    {
        var sent = await UpstreamBodyAsync(Body("\"user\":\"jane.doe@contoso.com\""));

        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("jane.doe@contoso.com")));
        sent["metadata"]!["user_id"]!.GetValue<string>().ShouldBe(expected);
        sent.ToJsonString().ShouldNotContain("jane.doe");
        Proxy.Logs.AllText.ShouldNotContain("jane.doe");
    }

    [Fact]
    public async Task No_user_sends_no_metadata()
    {
        var sent = await UpstreamBodyAsync(Body("\"user\":\"\""));

        sent.ContainsKey("metadata").ShouldBeFalse();
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(0)]
    public async Task N_other_than_1_is_a_400_naming_n(int n)
    {
        var reply = await PostAsync(Body($"\"n\":{n}"));

        ShouldBeAzureError(reply, HttpStatusCode.BadRequest, "invalid_request_error", "n");
        Upstream.Received.ShouldBeEmpty();
    }

    [Fact]
    public async Task N_of_1_is_accepted()
    {
        var reply = await PostAsync(Body("\"n\":1"));

        reply.Status.ShouldBe(HttpStatusCode.OK);
        reply.Body!["choices"]!.AsArray().Count.ShouldBe(1);
    }

    [Theory]
    [InlineData("\"presence_penalty\":0.5", "presence_penalty")]
    [InlineData("\"frequency_penalty\":1.2", "frequency_penalty")]
    [InlineData("\"logit_bias\":{\"50256\":-100}", "logit_bias")]
    [InlineData("\"seed\":42", "seed")]
    [InlineData("\"logprobs\":true,\"top_logprobs\":5", "logprobs")]
    [InlineData("\"metadata\":{\"halo_ref\":\"123\"}", "halo_ref")]
    [InlineData("\"store\":true", "store")]
    [InlineData("\"service_tier\":\"auto\"", "service_tier")]
    [InlineData("\"modalities\":[\"text\"]", "modalities")]
    [InlineData("\"audio\":{\"voice\":\"alloy\",\"format\":\"wav\"}", "alloy")]
    [InlineData("\"prediction\":{\"type\":\"content\",\"content\":\"x\"}", "prediction")]
    [InlineData("\"model\":\"gpt-4o\"", "gpt-4o")]
    [InlineData("\"top_k\":5", "top_k")]
    [InlineData("\"thinking\":{\"type\":\"disabled\"}", "disabled")]
    [InlineData("\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":4000}", "budget_tokens")]
    [InlineData("\"response_format\":{\"type\":\"text\"}", "response_format")]
    public async Task Fields_Claude_has_no_use_for_are_dropped_silently(string members, string absent)
    {
        var reply = await PostAsync(Body(members));

        reply.Status.ShouldBe(HttpStatusCode.OK, reply.Text);
        Sent.ToJsonString().ShouldNotContain(absent);
        Sent["model"]!.GetValue<string>().ShouldBe("claude-sonnet-5-5");
        Sent.ContainsKey("system").ShouldBeFalse();
        reply.Body!["choices"]![0]!["logprobs"].ShouldBeNull();
    }

    [Fact]
    public async Task Azure_data_sources_are_a_400_rather_than_an_ungrounded_answer()
    {
        var reply = await PostAsync(Body("\"data_sources\":[{\"type\":\"azure_search\",\"parameters\":{}}]"));

        ShouldBeAzureError(reply, HttpStatusCode.BadRequest, param: "data_sources");
        Upstream.Received.ShouldBeEmpty();
    }

    [Fact]
    public async Task Json_object_mode_adds_a_system_instruction_after_the_callers_system_text()
    {
        var sent = await UpstreamBodyAsync(Body(
            "\"response_format\":{\"type\":\"json_object\"}",
            """[{"role":"system","content":"Classify tickets."},{"role":"user","content":"Printer on fire"}]"""));

        var system = sent["system"]!.AsArray();
        system[0]!["text"]!.GetValue<string>().ShouldBe("Classify tickets.");
        system[^1]!["text"]!.GetValue<string>().ShouldContain("single valid JSON object");
        sent.ContainsKey("output_config").ShouldBeFalse();
    }

    [Theory]
    [InlineData("```json\n{\"priority\":2}\n```")]
    [InlineData("```\n{\"priority\":2}\n```")]
    [InlineData("  ```json\n{\"priority\":2}\n```\n")]
    [InlineData("{\"priority\":2}")]
    public async Task Json_mode_answers_lose_their_code_fences(string answer)
    {
        Upstream.Enqueue(FakeReply.Text(answer));

        var reply = await PostAsync(Body("\"response_format\":{\"type\":\"json_object\"}"));

        reply.Content.ShouldBe("{\"priority\":2}");
    }

    [Fact]
    public async Task Without_json_mode_code_fences_are_kept()
    {
        Upstream.Enqueue(FakeReply.Text("```json\n{}\n```"));

        var reply = await PostAsync(Body());

        reply.Content.ShouldBe("```json\n{}\n```");
    }

    [Theory]
    [InlineData("claude-sonnet-5-5")]
    [InlineData("claude-haiku-4-5")]
    [InlineData("opus-4-8")]
    public async Task Json_schema_uses_native_structured_output_with_a_sanitised_schema(string deployment)
    {
        var sent = await UpstreamBodyAsync(Body("""
            "response_format":{"type":"json_schema","json_schema":{"name":"t","strict":true,"schema":{"type":"object","properties":{"priority":{"type":"integer","minimum":1,"maximum":5}},"required":["priority"]}}}
            """), deployment);

        var format = sent["output_config"]!["format"]!;
        format["type"]!.GetValue<string>().ShouldBe("json_schema");
        var schema = format["schema"]!;
        schema["additionalProperties"]!.GetValue<bool>().ShouldBeFalse();
        schema["required"]!.AsArray().Single()!.GetValue<string>().ShouldBe("priority");
        var priority = schema["properties"]!["priority"]!.AsObject();
        priority.ContainsKey("minimum").ShouldBeFalse();
        priority.ContainsKey("maximum").ShouldBeFalse();
        priority["description"]!.GetValue<string>().ShouldContain("minimum: 1");
        sent.ContainsKey("system").ShouldBeFalse();
    }

    [Theory]
    [InlineData("\"response_format\":{\"type\":\"json_schema\"}", "response_format.json_schema.schema")]
    [InlineData("\"response_format\":{\"type\":\"json_schema\",\"json_schema\":{\"name\":\"t\",\"schema\":\"x\"}}", "response_format.json_schema.schema")]
    [InlineData("\"response_format\":{\"type\":\"xml\"}", "response_format.type")]
    public async Task An_unusable_response_format_is_a_400(string members, string param)
    {
        var reply = await PostAsync(Body(members));

        ShouldBeAzureError(reply, HttpStatusCode.BadRequest, param: param);
        Upstream.Received.ShouldBeEmpty();
    }

    [Theory]
    // Budget thinking without effort (Haiku 4.5): effort becomes a thinking budget.
    [InlineData("claude-haiku-4-5", "minimal", "enabled", 1024, null)]
    [InlineData("claude-haiku-4-5", "low", "enabled", 1024, null)]
    [InlineData("claude-haiku-4-5", "medium", "enabled", 4096, null)]
    [InlineData("claude-haiku-4-5", "high", "enabled", 16384, null)]
    [InlineData("claude-haiku-4-5", "none", null, 0, null)]
    [InlineData("claude-haiku-4-5", null, null, 0, null)]
    // Budget thinking with effort (Opus 4.5): effort alone.
    [InlineData("claude-opus-4-5", "high", null, 0, "high")]
    [InlineData("claude-opus-4-5", "xhigh", null, 0, "high")]
    // Adaptive when asked (4.6 to 4.8).
    [InlineData("sonnet-4-6", "medium", "adaptive", 0, "medium")]
    [InlineData("sonnet-4-6", "max", "adaptive", 0, "max")]
    [InlineData("sonnet-4-6", "xhigh", "adaptive", 0, "high")]
    [InlineData("opus-4-6", "max", "adaptive", 0, "max")]
    [InlineData("opus-4-8", "xhigh", "adaptive", 0, "xhigh")]
    [InlineData("opus-4-8", "max", "adaptive", 0, "max")]
    [InlineData("sonnet-4-6", null, null, 0, null)]
    [InlineData("sonnet-4-6", "none", null, 0, null)]
    // Thinks by default or always (Claude 5.x): effort only, never a thinking switch.
    [InlineData("sonnet-5", "low", null, 0, "low")]
    [InlineData("claude-sonnet-5-5", "low", null, 0, "low")]
    [InlineData("claude-sonnet-5-5", "none", null, 0, "low")]
    [InlineData("claude-opus-5-5", "xhigh", null, 0, "xhigh")]
    [InlineData("claude-haiku-5-5", null, null, 0, null)]
    public async Task Reasoning_effort_follows_the_models_thinking_mode(string deployment, string? effort, string? thinking, int budget, string? expectedEffort)
    {
        var sent = await UpstreamBodyAsync(Body(effort is null ? string.Empty : $"\"reasoning_effort\":\"{effort}\""), deployment);

        sent["thinking"]?["type"]?.GetValue<string>().ShouldBe(thinking);
        sent.ContainsKey("thinking").ShouldBe(thinking is not null);
        if (budget > 0)
        {
            sent["thinking"]!["budget_tokens"]!.GetValue<int>().ShouldBe(budget);
        }

        sent["output_config"]?["effort"]?.GetValue<string>().ShouldBe(expectedEffort);
        (sent["output_config"]?["effort"] is not null).ShouldBe(expectedEffort is not null);
    }

    [Fact]
    public async Task An_unknown_reasoning_effort_is_a_400()
    {
        var reply = await PostAsync(Body("\"reasoning_effort\":\"extreme\""));

        ShouldBeAzureError(reply, HttpStatusCode.BadRequest, param: "reasoning_effort");
    }

    [Fact]
    public async Task Stream_options_on_a_non_streaming_call_are_ignored()
    {
        var reply = await PostAsync(Body("\"stream\":false,\"stream_options\":{\"include_usage\":true}"));

        reply.Status.ShouldBe(HttpStatusCode.OK);
        reply.Response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        reply.Body!["object"]!.GetValue<string>().ShouldBe("chat.completion");
        reply.Body["usage"]!["total_tokens"]!.GetValue<long>().ShouldBeGreaterThan(0);
        Sent.ContainsKey("stream_options").ShouldBeFalse();
    }

    [Fact]
    public async Task Non_streaming_calls_are_streamed_upstream()
    {
        var sent = await UpstreamBodyAsync(Body("\"stream\":false,\"max_tokens\":64000"), "claude-haiku-4-5");

        sent["stream"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public async Task The_deployment_decides_the_model_not_the_body()
    {
        var sent = await UpstreamBodyAsync(Body("\"model\":\"claude-opus-5-5\""), "claude-haiku-5-5");

        sent["model"]!.GetValue<string>().ShouldBe("claude-haiku-5-5");
    }

    [Fact]
    public async Task A_request_with_every_field_at_once_is_valid_for_the_model()
    {
        var reply = await PostAsync(Body("""
            "max_tokens":900,"max_completion_tokens":800,"temperature":1.4,"top_p":0.9,"stop":["END",""],"user":"u@x.com",
            "presence_penalty":1,"frequency_penalty":1,"logit_bias":{},"seed":1,"logprobs":false,"n":1,"stream":false,
            "response_format":{"type":"json_object"},"reasoning_effort":"medium","parallel_tool_calls":false,
            "tools":[{"type":"function","function":{"name":"lookup","parameters":{"type":"object","properties":{}}}}],"tool_choice":"required"
            """), "sonnet-4-6");

        reply.Status.ShouldBe(HttpStatusCode.OK, reply.Text);
        Sent["max_tokens"]!.GetValue<int>().ShouldBe(800);
    }

    [Fact]
    public async Task Too_many_messages_is_a_400()
    {
        var messages = "[" + string.Join(",", Enumerable.Repeat("""{"role":"user","content":"x"}""", 1001)) + "]";

        var reply = await PostAsync(Body(messages: messages));

        ShouldBeAzureError(reply, HttpStatusCode.BadRequest, param: "messages");
    }
}
