using System.Net;

using HaloClaude.Tests.Support;

namespace HaloClaude.Tests.Api;

/// <summary>Mapping §1 and §8: the chat routes, the model list, and a JSON answer for every other route.</summary>
public sealed class RoutesTests : ProxyTest
{
    [Theory]
    [InlineData("2024-02-01")]
    [InlineData("2024-10-21")]
    [InlineData("2025-04-01-preview")]
    [InlineData("")]
    public async Task The_Azure_route_accepts_any_api_version(string apiVersion)
    {
        var path = "/openai/deployments/claude-haiku-5-5/chat/completions" + (apiVersion.Length == 0 ? string.Empty : "?api-version=" + apiVersion);

        var reply = await SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = Json(Body()) });

        reply.Status.ShouldBe(HttpStatusCode.OK, reply.Text);
        Sent["model"]!.GetValue<string>().ShouldBe("claude-haiku-5-5");
    }

    [Fact]
    public async Task An_unknown_deployment_is_404_DeploymentNotFound()
    {
        var reply = await PostAsync(Body(), "gpt-4o");

        ShouldBeAzureError(reply, HttpStatusCode.NotFound, "DeploymentNotFound")["message"]!.GetValue<string>().ShouldContain("gpt-4o");
        Upstream.Received.ShouldBeEmpty();
    }

    [Fact]
    public async Task Deployment_names_are_matched_case_insensitively()
    {
        var reply = await PostAsync(Body(), "Claude-Haiku-5-5");

        reply.Status.ShouldBe(HttpStatusCode.OK);
        Sent["model"]!.GetValue<string>().ShouldBe("claude-haiku-5-5");
    }

    [Theory]
    [InlineData("/v1/chat/completions")]
    [InlineData("/chat/completions")]
    public async Task The_OpenAI_route_takes_the_deployment_from_model(string path)
    {
        var reply = await SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = Json(Body("\"model\":\"claude-opus-5-5\"")) });

        reply.Status.ShouldBe(HttpStatusCode.OK, reply.Text);
        Sent["model"]!.GetValue<string>().ShouldBe("claude-opus-5-5");
    }

    [Fact]
    public async Task The_OpenAI_route_with_an_unknown_model_is_404_DeploymentNotFound()
    {
        var reply = await SendAsync(new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = Json(Body("\"model\":\"gpt-4o\"")) });

        ShouldBeAzureError(reply, HttpStatusCode.NotFound, "DeploymentNotFound");
        Upstream.Received.ShouldBeEmpty();
    }

    [Fact]
    public async Task The_OpenAI_route_without_model_is_a_400_naming_model()
    {
        var reply = await SendAsync(new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = Json(Body()) });

        ShouldBeAzureError(reply, HttpStatusCode.BadRequest, param: "model");
        Upstream.Received.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("POST", "/openai/deployments/text-embedding-ada-002/embeddings?api-version=2024-02-01", "embeddings")]
    [InlineData("POST", "/openai/deployments/claude-sonnet-5-5/embeddings?api-version=2024-02-01", "embeddings")]
    [InlineData("POST", "/v1/completions", "completions")]
    [InlineData("POST", "/openai/deployments/claude-sonnet-5-5/completions?api-version=2024-02-01", "completions")]
    [InlineData("POST", "/openai/assistants?api-version=2024-05-01-preview", "assistants")]
    [InlineData("GET", "/openai/threads/thread_abc/messages", "threads")]
    [InlineData("POST", "/v1/embeddings", "embeddings")]
    [InlineData("POST", "/openai/deployments/dall-e-3/images/generations", "images")]
    [InlineData("POST", "/v1/audio/transcriptions", "audio")]
    [InlineData("POST", "/v1/responses", "responses")]
    public async Task Other_Azure_and_OpenAI_operations_are_400_OperationNotSupported(string method, string path, string operation)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST")
        {
            request.Content = Json("""{"input":"hello"}""");
        }

        var reply = await SendAsync(request);

        ShouldBeAzureError(reply, HttpStatusCode.BadRequest, "OperationNotSupported")["message"]!.GetValue<string>().ShouldContain(operation);
        Upstream.Received.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("GET", "/no/such/route")]
    [InlineData("POST", "/openai/deployments/x/unknown-operation")]
    [InlineData("GET", "/")]
    public async Task An_unknown_path_is_a_JSON_404(string method, string path)
    {
        var reply = await SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        ShouldBeAzureError(reply, HttpStatusCode.NotFound, "404");
    }

    [Fact]
    public async Task A_GET_on_the_chat_route_is_a_JSON_405()
    {
        var reply = await SendAsync(new HttpRequestMessage(HttpMethod.Get, "/openai/deployments/claude-sonnet-5-5/chat/completions?api-version=2024-02-01"));

        ShouldBeAzureError(reply, HttpStatusCode.MethodNotAllowed);
    }

    [Theory]
    [InlineData("/openai/models")]
    [InlineData("/v1/models")]
    [InlineData("/openai/deployments")]
    public async Task The_model_list_holds_the_configured_deployments(string path)
    {
        var reply = await SendAsync(new HttpRequestMessage(HttpMethod.Get, path));

        reply.Status.ShouldBe(HttpStatusCode.OK);
        reply.Body!["object"]!.GetValue<string>().ShouldBe("list");
        var entries = reply.Body["data"]!.AsArray().ToDictionary(e => e!["id"]!.GetValue<string>(), e => e!);
        string[] expected =
        [
            "claude-haiku-4-5", "claude-haiku-5-5", "claude-opus-4-5", "claude-opus-5-5", "claude-sonnet-4-5", "claude-sonnet-5-5",
            "fable-5-1", "opus-4-6", "opus-4-8", "sonnet-4-6", "sonnet-5",
        ];
        // Subset, not equality: a parallel test may add a deployment through the process environment.
        expected.ShouldBeSubsetOf(entries.Keys);
        entries.Keys.ShouldNotContain("gpt-4o");
        entries["sonnet-4-6"]["model"]!.GetValue<string>().ShouldBe("claude-sonnet-4-6");
        entries["claude-haiku-4-5"]["object"]!.GetValue<string>().ShouldBe("model");
        entries["claude-haiku-4-5"]["owned_by"]!.GetValue<string>().ShouldBe("anthropic");
    }
}
