using System.Net;
using System.Net.Http.Headers;
using System.Text;

using HaloClaude.Tests.Support;
using HaloClaude.Tests.TestKit;

namespace HaloClaude.Tests.Api;

/// <summary>A client's mistake is a 4xx in the Azure error shape with <c>param</c> where known — never a 500, never a
/// stack trace — and nothing reaches Anthropic.</summary>
public sealed class BadInputTests : ProxyTest
{
    private const string ChatPath = "/openai/deployments/claude-sonnet-5-5/chat/completions?api-version=2024-02-01";

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Limits:MaxRequestBodyBytes"] = "65536" };

    private async Task<Reply> PostBytesAsync(byte[] body, string contentType = "application/json")
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return await SendAsync(new HttpRequestMessage(HttpMethod.Post, ChatPath) { Content = content });
    }

    public static TheoryData<string, string?> InvalidBodies => new()
    {
        { "{not json", null },
        { """{"messages":[{"role":"user","content":"hi"}]""", null },
        { """{"messages":[{"role":"user","content":"hi"}]} trailing""", null },
        { "[1,2,3]", null },
        { "null", null },
        { "42", null },
        { """{"messages":"hello"}""", "messages" },
        { """{"messages":{"role":"user"}}""", "messages" },
        { """{"messages":[5]}""", "messages[0]" },
        { """{"messages":[{"role":5,"content":"hi"}]}""", "messages[0].role" },
        { """{"messages":[{"role":"user","content":"hi"}],"temperature":"hot"}""", "temperature" },
        { """{"messages":[{"role":"user","content":"hi"}],"max_tokens":"100"}""", "max_tokens" },
        { """{"messages":[{"role":"user","content":"hi"}],"max_tokens":1.5}""", "max_tokens" },
        { """{"messages":[{"role":"user","content":"hi"}],"stream":"yes"}""", "stream" },
        { """{"messages":[{"role":"user","content":"hi"}],"n":"2"}""", "n" },
        { """{"messages":[{"role":"user","content":"hi"}],"tools":{"name":"x"}}""", "tools" },
        { """{"messages":[{"role":"user","content":"hi"}],"user":{"id":1}}""", "user" },
        { """{"messages":[{"role":"user","content":"hi"}],"response_format":"json"}""", "response_format" },
        { """{"model":"claude-sonnet-5-5"}""", "messages" },
        { """{"messages":null}""", "messages" },
        { """{"messages":[{"role":"wizard","content":"hi"}]}""", "messages[0].role" },
        { """{"messages":[{"role":"user","content":"hi"}],"messages":[{"role":"user","content":"again"}]}""", "messages" },
        { """{"messages":[{"role":"user","role":"assistant","content":"hi"}]}""", "messages[0].role" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task Invalid_request_bodies_are_a_400_in_the_Azure_shape(string body, string? param)
    {
        var reply = await PostAsync(body);

        var error = ShouldBeAzureError(reply, HttpStatusCode.BadRequest, param: param);
        error["type"]!.GetValue<string>().ShouldBe("invalid_request_error");
        if (param is null)
        {
            error["param"].ShouldBeNull();
        }

        Upstream.Received.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("""{"messages":[{"role":"user","content":"hi"}""", "byte 44")]
    [InlineData("""{"messages":[{"role":"user","content":"hi"}]""", "byte 45")]
    [InlineData("""{"messages":[{"role":"us""", "byte 25")]
    [InlineData("""{"messages":[{"role":"user","content":hi}]}""", "byte 39")]
    [InlineData("""{"messages":[{"role":"user","content":"hi"},]}""", "byte 45")]
    public async Task A_body_cut_short_or_with_a_syntax_error_is_called_invalid_JSON_with_its_position(string body, string position)
    {
        var reply = await PostAsync(body);

        var error = ShouldBeAzureError(reply, HttpStatusCode.BadRequest);
        var message = error["message"]!.GetValue<string>();
        message.ShouldStartWith("The request body is not valid JSON");
        message.ShouldContain($"(line 1, {position})");
        message.ShouldNotContain("nested");
        error["param"].ShouldBeNull();
        Upstream.Received.ShouldBeEmpty();
    }

    public static TheoryData<string, string> WrongTypesInsidePolymorphicMembers => new()
    {
        { """{"messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"x"}}],"tool_choice":{"type":"function","function":{"name":5}}}""", "tool_choice" },
        { """{"messages":[{"role":"user","content":"hi"}],"functions":[{"name":"x"}],"function_call":{"name":5}}""", "function_call" },
        { """{"messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"x"}}],"tool_choice":{"type":"function","function":{"name":null}}}""", "tool_choice" },
        { """{"messages":[{"role":"user","content":"hi"}],"response_format":{"type":"json_schema","json_schema":{"name":"t","schema":{"type":"object","properties":{"a":{"$ref":5}}}}}}""", "response_format.json_schema.schema" },
        { """{"messages":[{"role":"user","content":"hi"}],"response_format":{"type":"json_schema","json_schema":{"name":"t","schema":{"type":"object","properties":{"a":{"type":"integer","description":7,"minimum":1}}}}}}""", "response_format.json_schema.schema" },
        { """{"messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"x","parameters":{"type":"object","properties":{"a":{"type":"string","description":"bad \ud800"}}}}}]}""", "tools[0].function.parameters" },
        { """{"messages":[{"role":"user","content":"hi"}],"response_format":{"type":"json_schema","json_schema":{"name":"t","schema":{"type":"object","description":"bad \udc00"}}}}""", "response_format.json_schema.schema" },
        { """{"messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"x"}}],"tool_choice":"\ud800"}""", "tool_choice" },
    };

    [Theory]
    [MemberData(nameof(WrongTypesInsidePolymorphicMembers))]
    public async Task Wrong_types_and_lone_surrogates_inside_free_form_members_are_a_400_naming_the_member(string body, string param)
    {
        var reply = await PostAsync(body, "claude-haiku-4-5");

        ShouldBeAzureError(reply, HttpStatusCode.BadRequest, param: param);
        Upstream.Received.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("tools")]
    [InlineData("tool_choice")]
    [InlineData("schema")]
    [InlineData("stop")]
    [InlineData("arguments")]
    [InlineData("part")]
    [InlineData("ignored")]
    public async Task Invalid_UTF8_inside_any_member_is_a_400(string member)
    {
        // The invalid bytes go where "caf" ends: <prefix>caf 0xC3 0x28 0xFF<suffix>.
        var (prefix, suffix) = member switch
        {
            "tools" => ("""{"messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"x","parameters":{"type":"object","description":"caf""", "\"}}}]}"),
            "tool_choice" => ("""{"messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"x"}}],"tool_choice":"caf""", "\"}"),
            "schema" => ("""{"messages":[{"role":"user","content":"hi"}],"response_format":{"type":"json_schema","json_schema":{"name":"t","schema":{"type":"object","description":"caf""", "\"}}}}"),
            "stop" => ("""{"messages":[{"role":"user","content":"hi"}],"stop":["caf""", "\"]}"),
            "arguments" => ("""{"messages":[{"role":"user","content":"hi"},{"role":"assistant","tool_calls":[{"id":"c1","type":"function","function":{"name":"x","arguments":"{\"a\":\"caf""", "\\\"}\"}}]},{\"role\":\"tool\",\"tool_call_id\":\"c1\",\"content\":\"ok\"}]}"),
            "part" => ("""{"messages":[{"role":"user","content":[{"type":"text","text":"caf""", "\"}]}]}"),
            _ => ("""{"messages":[{"role":"user","content":"hi"}],"metadata":{"note":"caf""", "\"}}"),
        };
        byte[] body = [.. Encoding.UTF8.GetBytes(prefix), 0xC3, 0x28, 0xFF, .. Encoding.UTF8.GetBytes(suffix)];

        var reply = await PostBytesAsync(body);

        ShouldBeAzureError(reply, HttpStatusCode.BadRequest);
        Upstream.Received.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("\"max_tokens\":99999999999999999999", "max_tokens")]
    [InlineData("\"max_tokens\":1e400", "max_tokens")]
    [InlineData("\"temperature\":1e400", "temperature")]
    [InlineData("\"n\":99999999999", "n")]
    public async Task Numbers_that_do_not_fit_are_a_400_naming_the_field(string members, string param)
    {
        var reply = await PostAsync(Body(members));

        ShouldBeAzureError(reply, HttpStatusCode.BadRequest, param: param);
        Upstream.Received.ShouldBeEmpty();
    }

    [Fact]
    public async Task An_empty_body_is_a_400()
    {
        var reply = await PostBytesAsync([]);

        ShouldBeAzureError(reply, HttpStatusCode.BadRequest);
        Upstream.Received.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_duplicate_key_is_named_in_the_message()
    {
        var reply = await PostAsync("""{"messages":[{"role":"user","content":"hi"}],"temperature":0.1,"temperature":0.9}""");

        ShouldBeAzureError(reply, HttpStatusCode.BadRequest)["message"]!.GetValue<string>().ShouldContain("duplicate");
    }

    [Theory]
    [InlineData(65, false)]
    [InlineData(200, false)]
    [InlineData(60, true)]
    public async Task Json_nested_deeper_than_64_is_a_400(int depth, bool accepted)
    {
        // The nesting sits in a member the proxy ignores, so a shallow one is a valid request.
        var nested = new string('[', depth) + "\"END\"" + new string(']', depth);
        var reply = await PostAsync($$$"""{"messages":[{"role":"user","content":"hi"}],"metadata":{{{nested}}}}""");

        if (accepted)
        {
            reply.Status.ShouldBe(HttpStatusCode.OK, reply.Text);
            return;
        }

        ShouldBeAzureError(reply, HttpStatusCode.BadRequest)["message"]!.GetValue<string>().ShouldContain("nested too deeply");
        Upstream.Received.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("role")]
    [InlineData("content")]
    [InlineData("model")]
    public async Task Invalid_UTF8_is_a_400(string member)
    {
        var prefix = member switch
        {
            "role" => """{"messages":[{"role":"us""",
            "content" => """{"messages":[{"role":"user","content":"caf""",
            _ => """{"model":"x""",
        };
        var suffix = member switch
        {
            "role" => """er","content":"hi"}]}""",
            "content" => """ au lait"}]}""",
            _ => "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}",
        };
        byte[] body = [.. Encoding.UTF8.GetBytes(prefix), 0xC3, 0x28, 0xFF, .. Encoding.UTF8.GetBytes(suffix)];

        var reply = await PostBytesAsync(body);

        ShouldBeAzureError(reply, HttpStatusCode.BadRequest);
        Upstream.Received.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("multipart/form-data; boundary=x")]
    public async Task A_body_that_is_not_declared_as_JSON_is_a_415(string contentType)
    {
        var reply = await PostBytesAsync(Encoding.UTF8.GetBytes(Body()), contentType);

        ShouldBeAzureError(reply, HttpStatusCode.UnsupportedMediaType, "UnsupportedMediaType");
        Upstream.Received.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("application/merge-patch+json")]
    public async Task Json_content_types_with_parameters_or_suffixes_are_accepted(string contentType)
    {
        var reply = await PostBytesAsync(Encoding.UTF8.GetBytes(Body()), contentType);

        reply.Status.ShouldBe(HttpStatusCode.OK, reply.Text);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_a_413()
    {
        var reply = await PostAsync(Body(messages: $$$"""[{"role":"user","content":"{{{new string('x', 70_000)}}}"}]"""));

        ShouldBeAzureError(reply, HttpStatusCode.RequestEntityTooLarge, "request_too_large");
        Upstream.Received.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_chunked_body_over_the_limit_is_a_413()
    {
        var bytes = Encoding.UTF8.GetBytes(Body(messages: $$$"""[{"role":"user","content":"{{{new string('x', 70_000)}}}"}]"""));
        var content = new StreamContent(new NoLengthStream(bytes));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        var reply = await SendAsync(new HttpRequestMessage(HttpMethod.Post, ChatPath) { Content = content });

        ShouldBeAzureError(reply, HttpStatusCode.RequestEntityTooLarge, "request_too_large");
        Upstream.Received.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_default_body_limit_is_8_MB()
    {
        await using var proxy = await ProxyHost.StartAsync(Upstream);
        Upstream.Enqueue(FakeReply.Text("ok"));
        var big = Body(messages: $$$"""[{"role":"user","content":"{{{new string('x', 8 * 1024 * 1024 + 10)}}}"}]""");
        var small = Body(messages: $$$"""[{"role":"user","content":"{{{new string('x', 7 * 1024 * 1024)}}}"}]""");

        // Expect: 100-continue lets the proxy refuse before the 8 MB are sent (otherwise the early 413 breaks the upload).
        using var request = new HttpRequestMessage(HttpMethod.Post, ChatPath) { Content = Json(big) };
        request.Headers.ExpectContinue = true;
        var tooBig = await Reply.ReadAsync(await proxy.Client.SendAsync(request, Token));
        var fits = await Reply.ReadAsync(await proxy.PostChatAsync(small, cancellationToken: Token));

        ShouldBeAzureError(tooBig, HttpStatusCode.RequestEntityTooLarge, "request_too_large");
        fits.Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Client_errors_are_never_logged_with_the_request_body()
    {
        await PostAsync("""{"messages":[{"role":"wizard","content":"confidential ticket text 4242"}]}""");

        Proxy.Logs.AllText.ShouldNotContain("confidential ticket text 4242");
    }

    /// <summary>A stream that hides its length, so HttpClient sends the body chunked.</summary>
    private sealed class NoLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
