using System.Text.Json.Nodes;

using HaloClaude.Tests.TestKit;

using OpenAI.Chat;

namespace HaloClaude.Compat;

/// <summary>A client-side tool round trip: the client declares a tool, Claude calls it, the client answers with the result.</summary>
public sealed class ToolRoundTripTests : ProxyTest
{
    private static readonly ChatTool GetTicket = ChatTool.CreateFunctionTool(
        "get_ticket",
        "Reads one Halo ticket by id.",
        BinaryData.FromString("""{"type":"object","properties":{"ticket_id":{"type":"integer"}},"required":["ticket_id"]}"""));

    [Theory]
    [InlineData(ClientKind.Azure)]
    [InlineData(ClientKind.OpenAi)]
    public async Task Tool_call_and_tool_result_round_trip_through_the_client(ClientKind kind)
    {
        Upstream.Enqueue(
            FakeReply.Answer("tool_use", FakeBlock.Text("Let me look that up."), FakeBlock.ToolUse("toolu_01Ticket", "get_ticket", new JsonObject { ["ticket_id"] = 10231 })),
            FakeReply.Text("Ticket 10231 is waiting on the customer."));
        var client = CompatClients.Chat(Proxy, kind);
        var options = new ChatCompletionOptions { Tools = { GetTicket } };
        List<ChatMessage> messages = [new UserChatMessage("What is the status of ticket 10231?")];

        ChatCompletion first = await client.CompleteChatAsync(messages, options, Token);

        first.FinishReason.ShouldBe(ChatFinishReason.ToolCalls);
        var call = first.ToolCalls.ShouldHaveSingleItem();
        call.Kind.ShouldBe(ChatToolCallKind.Function);
        call.Id.ShouldBe("toolu_01Ticket");
        call.FunctionName.ShouldBe("get_ticket");
        JsonNode.Parse(call.FunctionArguments.ToString())!["ticket_id"]!.GetValue<int>().ShouldBe(10231);
        var declared = Upstream.LastRequest.Body["tools"]!.AsArray().ShouldHaveSingleItem()!;
        declared["name"]!.GetValue<string>().ShouldBe("get_ticket");
        declared["input_schema"]!["required"]![0]!.GetValue<string>().ShouldBe("ticket_id");

        messages.Add(new AssistantChatMessage(first));
        messages.Add(new ToolChatMessage(call.Id, """{"status":"Waiting on customer"}"""));
        ChatCompletion second = await client.CompleteChatAsync(messages, options, Token);

        second.Content.ShouldHaveSingleItem().Text.ShouldBe("Ticket 10231 is waiting on the customer.");
        second.FinishReason.ShouldBe(ChatFinishReason.Stop);
        var turns = Upstream.LastRequest.Body["messages"]!.AsArray();
        turns.Select(t => t!["role"]!.GetValue<string>()).ShouldBe(["user", "assistant", "user"]);
        var use = turns[1]!["content"]!.AsArray().Single(b => b!["type"]!.GetValue<string>() == "tool_use")!;
        use["id"]!.GetValue<string>().ShouldBe("toolu_01Ticket");
        use["name"]!.GetValue<string>().ShouldBe("get_ticket");
        use["input"]!["ticket_id"]!.GetValue<int>().ShouldBe(10231);
        var result = turns[2]!["content"]!.AsArray().ShouldHaveSingleItem()!;
        result["type"]!.GetValue<string>().ShouldBe("tool_result");
        result["tool_use_id"]!.GetValue<string>().ShouldBe("toolu_01Ticket");
        result["content"]!.ToJsonString().ShouldContain("Waiting on customer");
    }

    [Theory]
    [InlineData(ClientKind.Azure)]
    [InlineData(ClientKind.OpenAi)]
    public async Task Parallel_tool_calls_come_back_as_separate_calls_with_their_own_ids(ClientKind kind)
    {
        Upstream.Enqueue(FakeReply.Answer(
            "tool_use",
            FakeBlock.ToolUse("toolu_A", "get_ticket", new JsonObject { ["ticket_id"] = 1 }),
            FakeBlock.ToolUse("toolu_B", "get_ticket", new JsonObject { ["ticket_id"] = 2 })));
        var client = CompatClients.Chat(Proxy, kind);

        ChatCompletion completion = await client.CompleteChatAsync([new UserChatMessage("Compare tickets 1 and 2")], new ChatCompletionOptions { Tools = { GetTicket } }, Token);

        completion.ToolCalls.Select(c => c.Id).ShouldBe(["toolu_A", "toolu_B"]);
        completion.ToolCalls.Select(c => JsonNode.Parse(c.FunctionArguments.ToString())!["ticket_id"]!.GetValue<int>()).ShouldBe([1, 2]);
    }
}
