using System.ClientModel;
using System.Text.Json;
using System.Text.Json.Nodes;

using Azure.AI.OpenAI;

using HaloClaude.Tests.TestKit;

using OpenAI.Chat;

namespace HaloClaude.Compat;

/// <summary>Non-streaming chat through the real Azure.AI.OpenAI 2.1.0 and OpenAI 2.1.0 clients.</summary>
public sealed class ChatTests : ProxyTest
{
    [Theory]
    [InlineData(ClientKind.Azure)]
    [InlineData(ClientKind.OpenAi)]
    public async Task Single_turn_chat_returns_the_text_the_usage_and_stop(ClientKind kind)
    {
        Upstream.Enqueue(FakeReply.Text("Restart the print spooler, then clear the queue.") with { InputTokens = 31, CacheReadTokens = 200, OutputTokens = 9 });
        var client = CompatClients.Chat(Proxy, kind);

        ChatCompletion completion = await client.CompleteChatAsync([new UserChatMessage("Why is the printer queue stuck?")], cancellationToken: Token);

        completion.Role.ShouldBe(ChatMessageRole.Assistant);
        completion.Content.ShouldHaveSingleItem().Text.ShouldBe("Restart the print spooler, then clear the queue.");
        completion.FinishReason.ShouldBe(ChatFinishReason.Stop);
        completion.Usage.InputTokenCount.ShouldBe(231);
        completion.Usage.OutputTokenCount.ShouldBe(9);
        completion.Usage.TotalTokenCount.ShouldBe(240);
        completion.Usage.InputTokenDetails.CachedTokenCount.ShouldBe(200);
        completion.Id.ShouldStartWith("chatcmpl-");
        Upstream.LastRequest.Body["messages"]![0]!["content"]!.ToJsonString().ShouldContain("Why is the printer queue stuck?");
    }

    [Fact]
    public async Task The_Azure_client_addresses_the_deployment_in_the_path_with_its_api_version()
    {
        var client = CompatClients.Chat(Proxy, ClientKind.Azure);

        await client.CompleteChatAsync([new UserChatMessage("Hi")], cancellationToken: Token);

        Sent.Last.Path.ShouldBe($"/openai/deployments/{CompatClients.Deployment}/chat/completions");
        Sent.Last.Query["api-version"].ShouldBe(CompatClients.AzureApiVersion);
        Sent.Last.Headers["api-key"].ShouldBe(ProxyHost.Key);
        Upstream.LastRequest.Body["model"]!.GetValue<string>().ShouldBe("claude-sonnet-5-5");
    }

    [Fact]
    public async Task The_Azure_client_works_with_its_default_service_version()
    {
        Upstream.Enqueue(FakeReply.Text("Default version answer."));
        var client = new AzureOpenAIClient(Proxy.BaseUrl, new ApiKeyCredential(ProxyHost.Key)).GetChatClient(CompatClients.Deployment);

        ChatCompletion completion = await client.CompleteChatAsync([new UserChatMessage("Hi")], cancellationToken: Token);

        completion.Content[0].Text.ShouldBe("Default version answer.");
        Sent.Last.Query["api-version"].ShouldBe("2024-10-21");
    }

    [Fact]
    public async Task The_OpenAI_client_names_the_deployment_as_the_model_and_sends_a_bearer_key()
    {
        var client = CompatClients.Chat(Proxy, ClientKind.OpenAi);

        await client.CompleteChatAsync([new UserChatMessage("Hi")], cancellationToken: Token);

        Sent.Last.Path.ShouldBe("/v1/chat/completions");
        Sent.Last.Body!["model"]!.GetValue<string>().ShouldBe(CompatClients.Deployment);
        Sent.Last.Headers["authorization"].ShouldBe($"Bearer {ProxyHost.Key}");
        Upstream.LastRequest.Body["model"]!.GetValue<string>().ShouldBe("claude-sonnet-5-5");
    }

    [Theory]
    [InlineData(ClientKind.Azure)]
    [InlineData(ClientKind.OpenAi)]
    public async Task Multi_turn_chat_hoists_the_system_prompt_and_keeps_the_turns_in_order(ClientKind kind)
    {
        Upstream.Enqueue(FakeReply.Text("Then reinstall the driver."));
        var client = CompatClients.Chat(Proxy, kind);
        ChatMessage[] messages =
        [
            new SystemChatMessage("You help service-desk technicians."),
            new UserChatMessage("The printer shows offline."),
            new AssistantChatMessage("Is it powered on and on the network?"),
            new UserChatMessage("Yes, it pings fine."),
        ];

        ChatCompletion completion = await client.CompleteChatAsync(messages, cancellationToken: Token);

        completion.Content[0].Text.ShouldBe("Then reinstall the driver.");
        var sent = Upstream.LastRequest.Body;
        sent["system"]![0]!["text"]!.GetValue<string>().ShouldBe("You help service-desk technicians.");
        var turns = sent["messages"]!.AsArray();
        turns.Select(t => t!["role"]!.GetValue<string>()).ShouldBe(["user", "assistant", "user"]);
        turns.Select(TextOf).ShouldBe(["The printer shows offline.", "Is it powered on and on the network?", "Yes, it pings fine."]);
        turns.ShouldAllBe(t => t!["role"]!.GetValue<string>() != "system");
    }

    [Theory]
    [InlineData(ClientKind.Azure)]
    [InlineData(ClientKind.OpenAi)]
    public async Task Json_mode_answers_with_a_parseable_json_object(ClientKind kind)
    {
        // Claude sometimes fences JSON in Markdown; JSON mode must still hand the client bare JSON.
        Upstream.Enqueue(FakeReply.Text("```json\n{\"priority\": \"P2\", \"category\": \"Hardware\"}\n```"));
        var client = CompatClients.Chat(Proxy, kind);
        var options = new ChatCompletionOptions { ResponseFormat = ChatResponseFormat.CreateJsonObjectFormat() };

        ChatCompletion completion = await client.CompleteChatAsync(
            [new SystemChatMessage("Classify the ticket as JSON."), new UserChatMessage("My laptop screen flickers.")], options, Token);

        Sent.Last.Body!["response_format"]!["type"]!.GetValue<string>().ShouldBe("json_object");
        using var answer = JsonDocument.Parse(completion.Content[0].Text);
        answer.RootElement.GetProperty("priority").GetString().ShouldBe("P2");
        answer.RootElement.GetProperty("category").GetString().ShouldBe("Hardware");
    }

    private static string TextOf(JsonNode? turn) => turn!["content"] switch
    {
        JsonValue value => value.GetValue<string>(),
        JsonArray blocks => string.Concat(blocks.Select(b => b!["text"]?.GetValue<string>())),
        _ => string.Empty,
    };
}
