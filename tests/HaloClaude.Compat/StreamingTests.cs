using System.Text;
using System.Text.Json.Nodes;

using HaloClaude.Tests.TestKit;

using OpenAI.Chat;

namespace HaloClaude.Compat;

/// <summary><c>CompleteChatStreamingAsync</c> of the real Azure.AI.OpenAI 2.1.0 and OpenAI 2.1.0 clients.</summary>
public sealed class StreamingTests : ProxyTest
{
    [Theory]
    [InlineData(ClientKind.Azure)]
    [InlineData(ClientKind.OpenAi)]
    public async Task Text_in_many_small_deltas_accumulates_to_the_whole_answer(ClientKind kind)
    {
        const string answer = "The VPN drops because the certificate expired on Monday — renew it in the portal. ✓";
        Upstream.Enqueue(FakeReply.Text(answer) with { DeltaSize = 2, WriteSize = 7 });
        var client = CompatClients.Chat(Proxy, kind);

        var updates = await StreamAsync(client, [new UserChatMessage("Why does the VPN drop?")]);

        Sent.Last.Body!["stream"]!.GetValue<bool>().ShouldBeTrue();
        string.Concat(updates.SelectMany(u => u.ContentUpdate).Select(p => p.Text)).ShouldBe(answer);
        updates.Count(u => u.ContentUpdate.Count > 0).ShouldBeGreaterThan(20);
        updates[0].Role.ShouldBe(ChatMessageRole.Assistant);
        updates.Select(u => u.CompletionId).Distinct().ShouldHaveSingleItem().ShouldStartWith("chatcmpl-");
        updates.Where(u => u.FinishReason is not null).ShouldHaveSingleItem().FinishReason.ShouldBe(ChatFinishReason.Stop);
    }

    [Theory]
    [InlineData(ClientKind.Azure)]
    [InlineData(ClientKind.OpenAi)]
    public async Task Parallel_tool_calls_accumulate_by_index_from_argument_fragments(ClientKind kind)
    {
        Upstream.Enqueue(FakeReply.Answer(
            "tool_use",
            FakeBlock.Text("Let me look."),
            FakeBlock.ToolUse("toolu_01A", "get_ticket", new JsonObject { ["ticket_id"] = 10231, ["include_actions"] = true }),
            FakeBlock.ToolUse("toolu_01B", "get_user", new JsonObject { ["user_id"] = 204 }),
            FakeBlock.ToolUse("toolu_01C", "list_statuses", new JsonObject())) with
        { DeltaSize = 3 });
        var client = CompatClients.Chat(Proxy, kind);
        var options = new ChatCompletionOptions
        {
            Tools =
            {
                ChatTool.CreateFunctionTool("get_ticket", "Reads a ticket.", BinaryData.FromString("""{"type":"object","properties":{"ticket_id":{"type":"integer"},"include_actions":{"type":"boolean"}}}""")),
                ChatTool.CreateFunctionTool("get_user", "Reads a user.", BinaryData.FromString("""{"type":"object","properties":{"user_id":{"type":"integer"}}}""")),
                ChatTool.CreateFunctionTool("list_statuses", "Lists ticket statuses."),
            },
        };

        var updates = await StreamAsync(client, [new UserChatMessage("Check ticket 10231 and its user")], options);

        var fragments = updates.SelectMany(u => u.ToolCallUpdates).ToList();
        var calls = fragments.GroupBy(f => f.Index).OrderBy(g => g.Key).Select(g => new
        {
            Index = g.Key,
            Id = g.Select(f => f.ToolCallId).Single(id => id is not null),
            Name = g.Select(f => f.FunctionName).Single(n => n is not null),
            Arguments = Encoding.UTF8.GetString(g.SelectMany(f => f.FunctionArgumentsUpdate?.ToArray() ?? []).ToArray()),
            Fragments = g.Count(),
        }).ToList();
        calls.Select(c => c.Index).ShouldBe([0, 1, 2]);
        calls.Select(c => c.Id).ShouldBe(["toolu_01A", "toolu_01B", "toolu_01C"]);
        calls.Select(c => c.Name).ShouldBe(["get_ticket", "get_user", "list_statuses"]);
        calls[0].Fragments.ShouldBeGreaterThan(3);
        var first = JsonNode.Parse(calls[0].Arguments)!;
        first["ticket_id"]!.GetValue<int>().ShouldBe(10231);
        first["include_actions"]!.GetValue<bool>().ShouldBeTrue();
        JsonNode.Parse(calls[1].Arguments)!["user_id"]!.GetValue<int>().ShouldBe(204);
        JsonNode.Parse(calls[2].Arguments)!.AsObject().Count.ShouldBe(0);
        string.Concat(updates.SelectMany(u => u.ContentUpdate).Select(p => p.Text)).ShouldBe("Let me look.");
        updates.Where(u => u.FinishReason is not null).ShouldHaveSingleItem().FinishReason.ShouldBe(ChatFinishReason.ToolCalls);
    }

    [Theory]
    [InlineData(ClientKind.Azure)]
    [InlineData(ClientKind.OpenAi)]
    public async Task The_client_asks_for_usage_and_receives_it_after_the_finish_reason(ClientKind kind)
    {
        Upstream.Enqueue(FakeReply.Text("Four words are here.") with { InputTokens = 100, CacheReadTokens = 900, OutputTokens = 7 });
        var client = CompatClients.Chat(Proxy, kind);

        var updates = await StreamAsync(client, [new UserChatMessage("Hi")]);

        // Both 2.1.0 clients always send stream_options.include_usage = true (it is not settable in their typed API).
        Sent.Last.Body!["stream_options"]!["include_usage"]!.GetValue<bool>().ShouldBeTrue();
        var usage = updates.Where(u => u.Usage is not null).ShouldHaveSingleItem();
        usage.ShouldBe(updates[^1]);
        usage.Usage.InputTokenCount.ShouldBe(1000);
        usage.Usage.OutputTokenCount.ShouldBe(7);
        usage.Usage.TotalTokenCount.ShouldBe(1007);
        usage.Usage.InputTokenDetails.CachedTokenCount.ShouldBe(900);
        updates.Where(u => u.FinishReason is not null).ShouldHaveSingleItem().FinishReason.ShouldBe(ChatFinishReason.Stop);
    }

    [Theory]
    [InlineData(ClientKind.Azure)]
    [InlineData(ClientKind.OpenAi)]
    public async Task Without_include_usage_the_stream_carries_no_usage_and_still_ends_cleanly(ClientKind kind)
    {
        Upstream.Enqueue(FakeReply.Text("No usage for you."));
        var client = CompatClients.Chat(Proxy, kind, withoutStreamOptions: true);

        var updates = await StreamAsync(client, [new UserChatMessage("Hi")]);

        Sent.Last.Body!.AsObject().ContainsKey("stream_options").ShouldBeFalse();
        updates.ShouldAllBe(u => u.Usage == null);
        string.Concat(updates.SelectMany(u => u.ContentUpdate).Select(p => p.Text)).ShouldBe("No usage for you.");
        updates[^1].FinishReason.ShouldBe(ChatFinishReason.Stop);
    }

    [Theory]
    [InlineData(ClientKind.Azure)]
    [InlineData(ClientKind.OpenAi)]
    public async Task An_error_event_mid_stream_raises_in_the_client_instead_of_ending_normally(ClientKind kind)
    {
        const string answer = "This answer will not finish because Claude is overloaded";
        Upstream.Enqueue(FakeReply.Text(answer) with { ErrorEvent = (6, "overloaded_error", "Overloaded") });
        var client = CompatClients.Chat(Proxy, kind);
        var updates = new List<StreamingChatCompletionUpdate>();

        // The loop only collects: the exception must come from the SDK's own enumerator, not from reading an update.
        var error = await Should.ThrowAsync<Exception>(async () =>
        {
            await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage("Hi")], cancellationToken: Token))
            {
                updates.Add(update);
            }
        });

        // The proxy closes the choice with finish_reason "error", then sends an OpenAI error payload and no [DONE];
        // the 2.1.0 SDKs reject the unknown finish reason while parsing (ArgumentOutOfRangeException).
        var received = string.Concat(updates.SelectMany(u => u.ContentUpdate).Select(p => p.Text));
        received.ShouldStartWith("This");
        received.ShouldNotBe(answer);
        error.ShouldNotBeAssignableTo<OperationCanceledException>();
    }

    [Theory]
    [InlineData(ClientKind.Azure)]
    [InlineData(ClientKind.OpenAi)]
    public async Task A_connection_cut_mid_stream_raises_in_the_client_instead_of_ending_normally(ClientKind kind)
    {
        const string answer = "This answer is cut off in the middle of a sentence";
        Upstream.Enqueue(FakeReply.Text(answer) with { CutAfterEvents = 6 });
        var client = CompatClients.Chat(Proxy, kind);
        var updates = new List<StreamingChatCompletionUpdate>();

        // The loop only collects: the exception must come from the SDK's own enumerator, not from reading an update.
        var error = await Should.ThrowAsync<Exception>(async () =>
        {
            await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage("Hi")], cancellationToken: Token))
            {
                updates.Add(update);
            }
        });

        // The proxy closes the choice with finish_reason "error", then sends an OpenAI error payload and no [DONE];
        // the 2.1.0 SDKs reject the unknown finish reason while parsing (ArgumentOutOfRangeException).
        var received = string.Concat(updates.SelectMany(u => u.ContentUpdate).Select(p => p.Text));
        received.ShouldStartWith("This");
        received.ShouldNotBe(answer);
        error.ShouldNotBeAssignableTo<OperationCanceledException>();
    }

    private static async Task<List<StreamingChatCompletionUpdate>> StreamAsync(ChatClient client, IEnumerable<ChatMessage> messages, ChatCompletionOptions? options = null)
    {
        var updates = new List<StreamingChatCompletionUpdate>();
        await foreach (var update in client.CompleteChatStreamingAsync(messages, options, Token))
        {
            updates.Add(update);
        }

        return updates;
    }
}
