using System.Text.Json.Nodes;

using Azure.AI.OpenAI;

using HaloClaude.Tests.TestKit;

namespace HaloClaude.Compat.AzureBeta;

/// <summary>beta.6 predates <c>tools</c>: its client-side tool round trip uses the legacy <c>functions</c> /
/// <c>function_call</c> fields and a <c>function</c>-role result.</summary>
public sealed class FunctionRoundTripTests : ProxyTest
{
    private static FunctionDefinition GetTicket() => new("get_ticket")
    {
        Description = "Reads one Halo ticket by id.",
        Parameters = BinaryData.FromString("""{"type":"object","properties":{"ticket_id":{"type":"integer"}},"required":["ticket_id"]}"""),
    };

    [Fact]
    public async Task Function_call_and_function_result_round_trip_through_the_client()
    {
        Upstream.Enqueue(
            FakeReply.Answer("tool_use", FakeBlock.ToolUse("toolu_01Ticket", "get_ticket", new JsonObject { ["ticket_id"] = 10231 })),
            FakeReply.Text("Ticket 10231 is waiting on the customer."));
        var client = BetaClient.Create(Proxy);
        var options = new ChatCompletionsOptions
        {
            Messages = { new ChatMessage(ChatRole.User, "What is the status of ticket 10231?") },
            Functions = { GetTicket() },
        };

        ChatCompletions first = await client.GetChatCompletionsAsync(BetaClient.Deployment, options, Token);

        var choice = first.Choices.ShouldHaveSingleItem();
        choice.FinishReason.ShouldBe(CompletionsFinishReason.FunctionCall);
        var call = choice.Message.FunctionCall.ShouldNotBeNull();
        call.Name.ShouldBe("get_ticket");
        JsonNode.Parse(call.Arguments)!["ticket_id"]!.GetValue<int>().ShouldBe(10231);
        Upstream.LastRequest.Body["tools"]!.AsArray().ShouldHaveSingleItem()!["name"]!.GetValue<string>().ShouldBe("get_ticket");

        options.Messages.Add(choice.Message);
        options.Messages.Add(new ChatMessage(ChatRole.Function, """{"status":"Waiting on customer"}""") { Name = "get_ticket" });
        ChatCompletions second = await client.GetChatCompletionsAsync(BetaClient.Deployment, options, Token);

        second.Choices[0].Message.Content.ShouldBe("Ticket 10231 is waiting on the customer.");
        second.Choices[0].FinishReason.ShouldBe(CompletionsFinishReason.Stopped);
        var turns = Upstream.LastRequest.Body["messages"]!.AsArray();
        turns.Select(t => t!["role"]!.GetValue<string>()).ShouldBe(["user", "assistant", "user"]);
        var use = turns[1]!["content"]!.AsArray().Single(b => b!["type"]!.GetValue<string>() == "tool_use")!;
        use["name"]!.GetValue<string>().ShouldBe("get_ticket");
        use["input"]!["ticket_id"]!.GetValue<int>().ShouldBe(10231);
        var result = turns[2]!["content"]!.AsArray().ShouldHaveSingleItem()!;
        result["type"]!.GetValue<string>().ShouldBe("tool_result");
        result["tool_use_id"]!.GetValue<string>().ShouldBe(use["id"]!.GetValue<string>());
        result["content"]!.ToJsonString().ShouldContain("Waiting on customer");
    }

    [Fact]
    public async Task Parallel_tool_uses_reach_a_functions_client_as_its_one_call_and_the_round_trip_stays_valid()
    {
        // A functions-era client holds one function_call per answer: the proxy shows the first tool use only.
        Upstream.Enqueue(
            FakeReply.Answer(
                "tool_use",
                FakeBlock.ToolUse("toolu_A", "get_ticket", new JsonObject { ["ticket_id"] = 1 }),
                FakeBlock.ToolUse("toolu_B", "get_ticket", new JsonObject { ["ticket_id"] = 2 })),
            FakeReply.Text("Ticket 1 is open."));
        var client = BetaClient.Create(Proxy);
        var options = new ChatCompletionsOptions
        {
            Messages = { new ChatMessage(ChatRole.User, "Compare tickets 1 and 2") },
            Functions = { GetTicket() },
        };

        ChatCompletions first = await client.GetChatCompletionsAsync(BetaClient.Deployment, options, Token);

        var call = first.Choices[0].Message.FunctionCall.ShouldNotBeNull();
        JsonNode.Parse(call.Arguments)!["ticket_id"]!.GetValue<int>().ShouldBe(1);
        options.Messages.Add(first.Choices[0].Message);
        options.Messages.Add(new ChatMessage(ChatRole.Function, """{"status":"Open"}""") { Name = "get_ticket" });

        // The fake rejects a tool_use without its tool_result, as the real API does: the second call must not be replayed.
        ChatCompletions second = await client.GetChatCompletionsAsync(BetaClient.Deployment, options, Token);

        second.Choices[0].Message.Content.ShouldBe("Ticket 1 is open.");
        var turns = Upstream.LastRequest.Body["messages"]!.AsArray();
        turns[1]!["content"]!.AsArray().Count(b => b!["type"]!.GetValue<string>() == "tool_use").ShouldBe(1);
    }
}
