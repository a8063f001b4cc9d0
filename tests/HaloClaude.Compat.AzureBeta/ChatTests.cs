using System.Text.Json;
using System.Text.Json.Nodes;

using Azure.AI.OpenAI;

using HaloClaude.Tests.TestKit;

namespace HaloClaude.Compat.AzureBeta;

/// <summary>Non-streaming chat through the legacy 1.0.0-beta.6 client.</summary>
public sealed class ChatTests : ProxyTest
{
    [Fact]
    public async Task Single_turn_chat_returns_the_text_the_usage_and_stop()
    {
        Upstream.Enqueue(FakeReply.Text("Restart the print spooler, then clear the queue.") with { InputTokens = 31, CacheReadTokens = 200, OutputTokens = 9 });
        var client = BetaClient.Create(Proxy);
        var options = new ChatCompletionsOptions { Messages = { new ChatMessage(ChatRole.User, "Why is the printer queue stuck?") } };

        ChatCompletions completions = await client.GetChatCompletionsAsync(BetaClient.Deployment, options, Token);

        var choice = completions.Choices.ShouldHaveSingleItem();
        choice.Message.Role.ShouldBe(ChatRole.Assistant);
        choice.Message.Content.ShouldBe("Restart the print spooler, then clear the queue.");
        choice.FinishReason.ShouldBe(CompletionsFinishReason.Stopped);
        completions.Usage.PromptTokens.ShouldBe(231);
        completions.Usage.CompletionTokens.ShouldBe(9);
        completions.Usage.TotalTokens.ShouldBe(240);
        completions.Id.ShouldStartWith("chatcmpl-");
        Sent.Last.Path.ShouldBe($"/openai/deployments/{BetaClient.Deployment}/chat/completions");
        Sent.Last.Query.ShouldContainKey("api-version");
        Sent.Last.Headers["api-key"].ShouldBe(ProxyHost.Key);
        Upstream.LastRequest.Body["messages"]![0]!["content"]!.ToJsonString().ShouldContain("Why is the printer queue stuck?");
    }

    [Fact]
    public async Task Multi_turn_chat_hoists_the_system_prompt_and_keeps_the_turns_in_order()
    {
        Upstream.Enqueue(FakeReply.Text("Then reinstall the driver."));
        var client = BetaClient.Create(Proxy);
        var options = new ChatCompletionsOptions
        {
            Messages =
            {
                new ChatMessage(ChatRole.System, "You help service-desk technicians."),
                new ChatMessage(ChatRole.User, "The printer shows offline."),
                new ChatMessage(ChatRole.Assistant, "Is it powered on and on the network?"),
                new ChatMessage(ChatRole.User, "Yes, it pings fine."),
            },
        };

        ChatCompletions completions = await client.GetChatCompletionsAsync(BetaClient.Deployment, options, Token);

        completions.Choices[0].Message.Content.ShouldBe("Then reinstall the driver.");
        var sent = Upstream.LastRequest.Body;
        sent["system"]![0]!["text"]!.GetValue<string>().ShouldBe("You help service-desk technicians.");
        var turns = sent["messages"]!.AsArray();
        turns.Select(t => t!["role"]!.GetValue<string>()).ShouldBe(["user", "assistant", "user"]);
        turns.Select(TextOf).ShouldBe(["The printer shows offline.", "Is it powered on and on the network?", "Yes, it pings fine."]);
    }

    [Fact]
    public async Task Json_mode_answers_with_a_parseable_json_object()
    {
        // beta.6 predates response_format; a per-call policy adds it, as an application on this client would have to.
        Upstream.Enqueue(FakeReply.Text("```json\n{\"priority\": \"P2\", \"category\": \"Hardware\"}\n```"));
        var client = BetaClient.Create(Proxy, perCall: new JsonBodyPolicy(body => body["response_format"] = new JsonObject { ["type"] = "json_object" }));
        var options = new ChatCompletionsOptions
        {
            Messages = { new ChatMessage(ChatRole.System, "Classify the ticket as JSON."), new ChatMessage(ChatRole.User, "My laptop screen flickers.") },
        };

        ChatCompletions completions = await client.GetChatCompletionsAsync(BetaClient.Deployment, options, Token);

        Sent.Last.Body!["response_format"]!["type"]!.GetValue<string>().ShouldBe("json_object");
        using var answer = JsonDocument.Parse(completions.Choices[0].Message.Content);
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
