using System.Net;
using System.Text.Json.Nodes;

using HaloClaude.Tests.Support;

namespace HaloClaude.Tests.Translation;

/// <summary>Mapping §3.3 and edge cases C: text, images, PDFs and the parts Claude cannot take.</summary>
public sealed class ContentPartsTests : ProxyTest
{
    private const string Png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";
    private const string Pdf = "JVBERi0xLjQKJcfsj6IKMSAwIG9iago8PC9UeXBlL0NhdGFsb2c+PgplbmRvYmoKdHJhaWxlcgo8PC9Sb290IDEgMCBSPj4KJSVFT0Y=";

    private static string UserParts(string parts) => Body(messages: $$$"""[{"role":"user","content":[{{{parts}}}]}]""");

    private static JsonArray UserBlocks(JsonObject sent) => sent["messages"]![0]!["content"]!.AsArray();

    [Theory]
    [InlineData("image/jpeg")]
    [InlineData("image/png")]
    [InlineData("image/gif")]
    [InlineData("image/webp")]
    [InlineData("IMAGE/PNG")]
    public async Task Data_uri_images_become_base64_image_blocks(string mediaType)
    {
        var sent = await UpstreamBodyAsync(UserParts($$$"""
            {"type":"text","text":"What is on this screen?"},{"type":"image_url","image_url":{"url":"data:{{{mediaType}}};base64,{{{Png}}}","detail":"high"}}
            """));

        var blocks = UserBlocks(sent);
        blocks[0]!["text"]!.GetValue<string>().ShouldBe("What is on this screen?");
        var image = blocks[1]!;
        image["type"]!.GetValue<string>().ShouldBe("image");
        image["source"]!["type"]!.GetValue<string>().ShouldBe("base64");
        image["source"]!["media_type"]!.GetValue<string>().ShouldBe(mediaType.ToLowerInvariant());
        image["source"]!["data"]!.GetValue<string>().ShouldBe(Png);
        sent.ToJsonString().ShouldNotContain("detail");
    }

    [Fact]
    public async Task An_https_image_url_is_passed_as_a_url_source_and_never_fetched_by_the_proxy()
    {
        var sent = await UpstreamBodyAsync(UserParts("""
            {"type":"image_url","image_url":{"url":"https://files.example.invalid/screenshot.png"}},{"type":"text","text":"Describe"}
            """));

        var source = UserBlocks(sent)[0]!["source"]!;
        source["type"]!.GetValue<string>().ShouldBe("url");
        source["url"]!.GetValue<string>().ShouldBe("https://files.example.invalid/screenshot.png");
    }

    [Theory]
    [InlineData("http://files.example.invalid/a.png")]
    [InlineData("ftp://files.example.invalid/a.png")]
    [InlineData("/relative/a.png")]
    [InlineData("file:///etc/passwd")]
    [InlineData("")]
    public async Task Image_urls_other_than_https_or_data_are_a_400(string url)
    {
        var reply = await PostAsync(UserParts($$$"""{"type":"text","text":"Look"},{"type":"image_url","image_url":{"url":"{{{url}}}"}}"""));

        ShouldBeAzureError(reply, HttpStatusCode.BadRequest, param: "messages[0].content[1].image_url.url");
        Upstream.Received.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("data:image/bmp;base64,Qk0=")]
    [InlineData("data:image/svg+xml;base64,PHN2Zz4=")]
    [InlineData("data:image/png,rawbytes")]
    [InlineData("data:image/png;base64,***not base64***")]
    [InlineData("data:image/png;base64,")]
    public async Task Unusable_data_uris_are_a_400(string url)
    {
        var reply = await PostAsync(UserParts($$$"""{"type":"image_url","image_url":{"url":"{{{url}}}"}}"""));

        ShouldBeAzureError(reply, HttpStatusCode.BadRequest, param: "messages[0].content[0].image_url.url");
        Upstream.Received.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_pdf_data_uri_in_image_url_becomes_a_document_block()
    {
        var sent = await UpstreamBodyAsync(UserParts($$$"""
            {"type":"image_url","image_url":{"url":"data:application/pdf;base64,{{{Pdf}}}"}},{"type":"text","text":"Summarise the invoice"}
            """));

        var document = UserBlocks(sent)[0]!;
        document["type"]!.GetValue<string>().ShouldBe("document");
        document["source"]!["type"]!.GetValue<string>().ShouldBe("base64");
        document["source"]!["media_type"]!.GetValue<string>().ShouldBe("application/pdf");
        document["source"]!["data"]!.GetValue<string>().ShouldBe(Pdf);
    }

    [Theory]
    [InlineData("data:application/pdf;base64," + Pdf)]
    [InlineData(Pdf)]
    public async Task A_file_part_with_file_data_becomes_a_document_block(string fileData)
    {
        var sent = await UpstreamBodyAsync(UserParts($$$"""
            {"type":"file","file":{"filename":"invoice.pdf","file_data":"{{{fileData}}}"}},{"type":"text","text":"Summarise"}
            """));

        var document = UserBlocks(sent)[0]!;
        document["type"]!.GetValue<string>().ShouldBe("document");
        document["source"]!["media_type"]!.GetValue<string>().ShouldBe("application/pdf");
        document["source"]!["data"]!.GetValue<string>().ShouldBe(Pdf);
    }

    [Fact]
    public async Task A_plain_text_file_becomes_a_text_document()
    {
        var data = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("Error log: spooler crashed at 09:14 — café"));

        var sent = await UpstreamBodyAsync(UserParts($$$"""
            {"type":"file","file":{"filename":"log.txt","file_data":"data:text/plain;base64,{{{data}}}"}},{"type":"text","text":"What happened?"}
            """));

        var document = UserBlocks(sent)[0]!;
        document["type"]!.GetValue<string>().ShouldBe("document");
        document["source"]!["type"]!.GetValue<string>().ShouldBe("text");
        document["source"]!["media_type"]!.GetValue<string>().ShouldBe("text/plain");
        document["source"]!["data"]!.GetValue<string>().ShouldBe("Error log: spooler crashed at 09:14 — café");
    }

    [Theory]
    [InlineData("data:text/plain;base64,/w==")]
    [InlineData("data:text/plain;base64,ICAg")]
    public async Task A_text_file_that_is_not_UTF8_or_is_blank_is_a_400(string fileData)
    {
        var reply = await PostAsync(UserParts($$$"""{"type":"file","file":{"file_data":"{{{fileData}}}"}}"""));

        ShouldBeAzureError(reply, HttpStatusCode.BadRequest, param: "messages[0].content[0].file.file_data");
        Upstream.Received.ShouldBeEmpty();
    }

    [Fact]
    public async Task An_OpenAI_file_id_is_a_400_naming_it()
    {
        var reply = await PostAsync(UserParts("""{"type":"text","text":"Read"},{"type":"file","file":{"file_id":"file-abc123"}}"""));

        ShouldBeAzureError(reply, HttpStatusCode.BadRequest, "invalid_request_error", "messages[0].content[1].file.file_id");
        Upstream.Received.ShouldBeEmpty();
    }

    [Fact]
    public async Task Audio_input_is_a_400_naming_the_part()
    {
        var reply = await PostAsync(UserParts("""{"type":"input_audio","input_audio":{"data":"UklGRg==","format":"wav"}}"""));

        ShouldBeAzureError(reply, HttpStatusCode.BadRequest, "invalid_request_error", "messages[0].content[0].type");
        Upstream.Received.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("""{"type":"video_url","video_url":{"url":"https://x.invalid"}}""", "messages[0].content[0].type")]
    [InlineData("""{"text":"no type"}""", "messages[0].content[0].type")]
    [InlineData("""  "just a string"  """, "messages[0].content[0]")]
    [InlineData("""{"type":"file","file":{}}""", "messages[0].content[0].file")]
    [InlineData("""{"type":"image_url","image_url":{}}""", "messages[0].content[0].image_url.url")]
    [InlineData("""{"type":"text","text":5}""", "messages[0].content[0]")]
    public async Task Malformed_or_unknown_parts_are_a_400_naming_the_part(string part, string param)
    {
        var reply = await PostAsync(UserParts(part));

        ShouldBeAzureError(reply, HttpStatusCode.BadRequest, param: param);
        Upstream.Received.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("\"\"")]
    [InlineData("\"  \\n \"")]
    public async Task An_empty_text_part_next_to_an_image_is_dropped(string text)
    {
        var sent = await UpstreamBodyAsync(UserParts($$$"""
            {"type":"text","text":{{{text}}}},{"type":"image_url","image_url":{"url":"data:image/png;base64,{{{Png}}}"}}
            """));

        UserBlocks(sent).Select(b => b!["type"]!.GetValue<string>()).ShouldBe(["image"]);
    }

    [Theory]
    [InlineData("system")]
    [InlineData("assistant")]
    public async Task Images_outside_user_and_tool_messages_are_a_400(string role)
    {
        var reply = await PostAsync(Body(messages: $$$"""
            [{"role":"user","content":"Hi"},{"role":"{{{role}}}","content":[{"type":"image_url","image_url":{"url":"data:image/png;base64,{{{Png}}}"}}]},
             {"role":"user","content":"Again"}]
            """));

        ShouldBeAzureError(reply, HttpStatusCode.BadRequest, param: "messages[1].content[0].type");
    }

    [Fact]
    public async Task A_tool_result_may_carry_an_image()
    {
        var sent = await UpstreamBodyAsync(Body("""
            "tools":[{"type":"function","function":{"name":"screenshot"}}]
            """, $$$"""
            [{"role":"user","content":"Take a screenshot"},
             {"role":"assistant","tool_calls":[{"id":"call_1","type":"function","function":{"name":"screenshot","arguments":"{}"}}]},
             {"role":"tool","tool_call_id":"call_1","content":[{"type":"text","text":"Here"},{"type":"image_url","image_url":{"url":"data:image/png;base64,{{{Png}}}"}}]}]
            """));

        var result = sent["messages"]![2]!["content"]![0]!;
        result["content"]!.AsArray().Select(b => b!["type"]!.GetValue<string>()).ShouldBe(["text", "image"]);
    }

    [Fact]
    public async Task A_lone_surrogate_escape_in_text_is_a_400()
    {
        var reply = await PostAsync(Body(messages: """[{"role":"user","content":"bad \ud800 text"}]"""));

        ShouldBeAzureError(reply, HttpStatusCode.BadRequest);
        Upstream.Received.ShouldBeEmpty();
    }
}
