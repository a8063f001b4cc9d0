using System.Text.Json.Nodes;

using Azure.AI.OpenAI;

using HaloClaude.Tests.TestKit;

namespace HaloClaude.Compat.AzureBeta;

/// <summary><c>GetChatCompletionsStreamingAsync</c> of the legacy 1.0.0-beta.6 client. Every read runs under
/// <see cref="BetaStream.HangLimit"/>: this client hangs forever on a <c>"role": null</c> delta.</summary>
public sealed class StreamingTests : ProxyTest
{
    private static ChatCompletionsOptions Ask(string question) => new() { Messages = { new ChatMessage(ChatRole.User, question) } };

    [Fact]
    public async Task Text_in_many_small_deltas_accumulates_to_the_whole_answer()
    {
        const string answer = "The VPN drops because the certificate expired on Monday — renew it in the portal. ✓";
        Upstream.Enqueue(FakeReply.Text(answer) with { DeltaSize = 2, WriteSize = 7 });
        var client = BetaClient.Create(Proxy);

        var result = await BetaStream.ReadAsync(client, Ask("Why does the VPN drop?"));

        Sent.Last.Body!["stream"]!.GetValue<bool>().ShouldBeTrue();
        result.Text.ShouldBe(answer);
        result.Deltas.Count(d => !string.IsNullOrEmpty(d.Content)).ShouldBeGreaterThan(20);
        result.Deltas[0].Role.ShouldBe(ChatRole.Assistant);
        result.FinishReasons.ShouldHaveSingleItem().ShouldBe(CompletionsFinishReason.Stopped);
        result.CompletionId.ShouldStartWith("chatcmpl-");
    }

    [Fact]
    public async Task A_streamed_function_call_accumulates_its_name_and_argument_fragments()
    {
        Upstream.Enqueue(FakeReply.Answer(
            "tool_use",
            FakeBlock.Text("Let me look."),
            FakeBlock.ToolUse("toolu_01A", "get_ticket", new JsonObject { ["ticket_id"] = 10231, ["include_actions"] = true })) with
        { DeltaSize = 3 });
        var client = BetaClient.Create(Proxy);
        var options = Ask("Check ticket 10231");
        options.Functions.Add(new FunctionDefinition("get_ticket")
        {
            Description = "Reads a ticket.",
            Parameters = BinaryData.FromString("""{"type":"object","properties":{"ticket_id":{"type":"integer"},"include_actions":{"type":"boolean"}}}"""),
        });

        var result = await BetaStream.ReadAsync(client, options);

        result.FunctionName.ShouldBe("get_ticket");
        result.Deltas.Count(d => !string.IsNullOrEmpty(d.FunctionCall?.Arguments)).ShouldBeGreaterThan(3);
        var arguments = JsonNode.Parse(result.FunctionArguments)!;
        arguments["ticket_id"]!.GetValue<int>().ShouldBe(10231);
        arguments["include_actions"]!.GetValue<bool>().ShouldBeTrue();
        result.Text.ShouldBe("Let me look.");
        result.FinishReasons.ShouldHaveSingleItem().ShouldBe(CompletionsFinishReason.FunctionCall);
    }

    [Fact]
    public async Task The_client_never_asks_for_usage_and_the_stream_ends_cleanly_without_it()
    {
        Upstream.Enqueue(FakeReply.Text("No usage for you."));
        var client = BetaClient.Create(Proxy);

        var result = await BetaStream.ReadAsync(client, Ask("Hi"));

        Sent.Last.Body!.AsObject().ContainsKey("stream_options").ShouldBeFalse();
        result.Text.ShouldBe("No usage for you.");
        result.FinishReasons.ShouldHaveSingleItem().ShouldBe(CompletionsFinishReason.Stopped);
    }

    [Fact]
    public async Task A_trailing_usage_chunk_without_choices_does_not_disturb_the_stream()
    {
        // beta.6 cannot ask for usage itself; a per-call policy sets include_usage to prove the chunk is harmless to it.
        Upstream.Enqueue(FakeReply.Text("Usage follows."));
        var client = BetaClient.Create(Proxy, perCall: new JsonBodyPolicy(body => body["stream_options"] = new JsonObject { ["include_usage"] = true }));

        var result = await BetaStream.ReadAsync(client, Ask("Hi"));

        Sent.Last.Body!["stream_options"]!["include_usage"]!.GetValue<bool>().ShouldBeTrue();
        result.Text.ShouldBe("Usage follows.");
        result.FinishReasons.ShouldHaveSingleItem().ShouldBe(CompletionsFinishReason.Stopped);
    }

    [Fact]
    public async Task An_error_event_mid_stream_raises_in_the_client_instead_of_ending_normally()
    {
        const string answer = "This answer will not finish because Claude is overloaded";
        Upstream.Enqueue(FakeReply.Text(answer) with { ErrorEvent = (6, "overloaded_error", "Overloaded") });

        await ShouldRaiseAfterPartOfAsync(answer);
    }

    [Fact]
    public async Task A_connection_cut_mid_stream_raises_in_the_client_instead_of_ending_normally()
    {
        const string answer = "This answer is cut off in the middle of a sentence";
        Upstream.Enqueue(FakeReply.Text(answer) with { CutAfterEvents = 6 });

        await ShouldRaiseAfterPartOfAsync(answer);
    }

    [Fact]
    public async Task A_failed_stream_raises_every_time_not_only_when_the_clients_reader_wins_a_race()
    {
        // Three races in beta.6, each closed by what the proxy writes. It reports a failure of its background reader only
        // if the application asks for another choice first: the closing chunk without delta makes the message enumerator
        // throw instead. That reader failing on the error event before the application asks for the first choice raised
        // with no text shown: the error event carries an empty choice list, so the reader never fails on it. And the
        // exception disposes the response while the reader may still be reading it; HttpClient pools the connection again
        // with that read pending, and it swallowed the next answer on that connection (the next attempt hung for 60 s):
        // the proxy closes the connection of a failed stream. Every attempt here follows a failed one on the same pool.
        for (var attempt = 0; attempt < 20; attempt++)
        {
            Upstream.Enqueue(FakeReply.Text("This answer will not finish") with { ErrorEvent = (3, "api_error", "Internal server error") });

            await ShouldRaiseAfterPartOfAsync("This answer will not finish");
        }
    }

    /// <summary>The client must throw (not hang, not end with a finish reason) after showing part of the answer.</summary>
    private async Task ShouldRaiseAfterPartOfAsync(string fullAnswer)
    {
        var deltas = new List<ChatMessage>();

        var error = await Should.ThrowAsync<Exception>(() => BetaStream.ReadAsync(BetaClient.Create(Proxy), Ask("Hi"), deltas: deltas));

        error.ShouldNotBeOfType<TimeoutException>(error.Message);
        error.ShouldNotBeAssignableTo<OperationCanceledException>();
        var received = string.Concat(deltas.Select(d => d.Content));
        received.ShouldStartWith("This");
        received.ShouldNotBe(fullAnswer);
    }
}
