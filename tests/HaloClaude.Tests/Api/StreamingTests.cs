using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

using HaloClaude.Tests.TestKit;

namespace HaloClaude.Tests.Api;

public sealed class StreamingTests : IAsyncLifetime
{
    private const string StreamRequest =
        """{"stream":true,"messages":[{"role":"user","content":"Summarise ticket 10231"}]}""";

    private FakeAnthropic _upstream = null!;
    private ProxyHost _proxy = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _upstream = await FakeAnthropic.StartAsync();
        _proxy = await ProxyHost.StartAsync(_upstream, new Dictionary<string, string?> { ["Limits:KeepAliveInterval"] = "00:00:00.100" });
    }

    public async ValueTask DisposeAsync()
    {
        await _proxy.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    private async Task<(HttpResponseMessage Response, List<SseItem> Items)> StreamAsync(string body = StreamRequest)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/openai/deployments/claude-sonnet-5-5/chat/completions?api-version=2024-10-21")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        var response = await _proxy.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Token);
        return (response, await SseReader.ReadAllAsync(response, Token));
    }

    private static List<JsonNode> Chunks(List<SseItem> items) =>
        items.Where(i => i.Data is not null && !i.IsDone).Select(i => i.Json).ToList();

    private static string Text(List<JsonNode> chunks) =>
        string.Concat(chunks.Where(c => c["choices"]!.AsArray().Count > 0).Select(c => c["choices"]![0]!["delta"]!["content"]?.GetValue<string>()));

    [Fact]
    public async Task Text_in_many_small_deltas_streams_as_chunks_that_end_with_done()
    {
        _upstream.Enqueue(FakeReply.Text("The VPN drops because the certificate expired on Monday.") with { DeltaSize = 2 });

        var (response, items) = await StreamAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/event-stream");
        response.Headers.CacheControl!.NoCache.ShouldBeTrue();
        response.Headers.GetValues("X-Accel-Buffering").ShouldBe(["no"]);
        items[^1].IsDone.ShouldBeTrue();
        var chunks = Chunks(items);
        chunks.Count.ShouldBeGreaterThan(20);
        chunks[0]["choices"]![0]!["delta"]!["role"]!.GetValue<string>().ShouldBe("assistant");
        chunks.Select(c => c["id"]!.GetValue<string>()).Distinct().Count().ShouldBe(1);
        chunks.Select(c => c["created"]!.GetValue<long>()).Distinct().Count().ShouldBe(1);
        chunks.ShouldAllBe(c => c["object"]!.GetValue<string>() == "chat.completion.chunk");
        Text(chunks).ShouldBe("The VPN drops because the certificate expired on Monday.");
        chunks[^1]["choices"]![0]!["finish_reason"]!.GetValue<string>().ShouldBe("stop");
        chunks.ShouldAllBe(c => c["usage"] == null);
    }

    [Theory]
    [InlineData("text")]
    [InlineData("tools")]
    [InlineData("functions")]
    [InlineData("failed")]
    public async Task Deltas_never_carry_null_members(string kind)
    {
        const string tools = """
            "tools":[{"type":"function","function":{"name":"get_ticket"}},{"type":"function","function":{"name":"get_user"}}]
            """;
        var calls = new[] { FakeBlock.Text("Looking."), FakeBlock.ToolUse("toolu_1", "get_ticket", new JsonObject { ["id"] = 1 }), FakeBlock.ToolUse("toolu_2", "get_user", new JsonObject()) };
        var (reply, extra) = kind switch
        {
            "tools" => ((FakeReply)FakeReply.Answer("tool_use", calls), tools),
            "functions" => (FakeReply.Answer("tool_use", calls), "\"functions\":[{\"name\":\"get_ticket\"},{\"name\":\"get_user\"}]"),
            "failed" => (FakeReply.Text("This will break") with { ErrorEvent = (4, "api_error", "Internal server error") }, null),
            _ => (FakeReply.Text("Hello there"), null),
        };
        _upstream.Enqueue(reply);
        var body = extra is null ? StreamRequest : StreamRequest.Replace("{\"stream\":true", "{\"stream\":true," + extra, StringComparison.Ordinal);

        var (_, items) = await StreamAsync(body);

        // A legacy Azure client hangs on "role": null: inside a delta nothing is ever null (finish_reason and logprobs sit outside it).
        // (The closing chunk of a failed stream has no delta at all; see Error_event_mid_stream….)
        var deltas = Chunks(items).Where(c => c["choices"] is JsonArray { Count: > 0 }).Select(c => c["choices"]![0]!["delta"]).OfType<JsonNode>().ToList();
        deltas.ShouldNotBeEmpty();
        foreach (var delta in deltas)
        {
            NullMembers(delta).ShouldBeEmpty(delta.ToJsonString());
        }
    }

    private static IEnumerable<string> NullMembers(JsonNode node) => node switch
    {
        JsonObject obj => obj.SelectMany(p => p.Value is null ? [p.Key] : NullMembers(p.Value)),
        JsonArray array => array.SelectMany(item => item is null ? ["[null]"] : NullMembers(item)),
        _ => [],
    };

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    public async Task Frames_split_at_any_byte_boundary_are_reassembled(int writeSize)
    {
        const string text = "Ünïcödé ✓ — 日本語 and emoji 🎫 survive splitting";
        _upstream.Enqueue(FakeReply.Text(text) with { WriteSize = writeSize, DeltaSize = 3, PingEvery = 2, IncludeUnknownEvent = true });

        var (_, items) = await StreamAsync();

        Text(Chunks(items)).ShouldBe(text);
        items[^1].IsDone.ShouldBeTrue();
    }

    [Fact]
    public async Task Parallel_tool_calls_are_numbered_by_call_and_arguments_arrive_in_fragments()
    {
        _upstream.Enqueue(FakeReply.Answer(
            "tool_use",
            FakeBlock.Text("Let me look."),
            FakeBlock.ToolUse("toolu_01A", "get_ticket", new JsonObject { ["ticket_id"] = 10231, ["include_actions"] = true }),
            FakeBlock.ToolUse("toolu_01B", "get_user", new JsonObject { ["user_id"] = 204 }),
            FakeBlock.ToolUse("toolu_01C", "list_statuses", new JsonObject())) with
        { DeltaSize = 3 });
        const string body = """
            {"stream":true,"messages":[{"role":"user","content":"Check ticket 10231"}],
             "tools":[{"type":"function","function":{"name":"get_ticket","parameters":{"type":"object","properties":{"ticket_id":{"type":"integer"},"include_actions":{"type":"boolean"}}}}},
                      {"type":"function","function":{"name":"get_user","parameters":{"type":"object","properties":{"user_id":{"type":"integer"}}}}},
                      {"type":"function","function":{"name":"list_statuses"}}]}
            """;

        var (_, items) = await StreamAsync(body);

        var chunks = Chunks(items);
        var calls = chunks.SelectMany(c => c["choices"]!.AsArray().SelectMany(ch => ch!["delta"]!["tool_calls"]?.AsArray() ?? [])).ToList();
        var byIndex = calls.GroupBy(c => c!["index"]!.GetValue<int>()).OrderBy(g => g.Key).ToList();
        byIndex.Select(g => g.Key).ShouldBe([0, 1, 2]);
        var first = byIndex.Select(g => g.First()!).ToList();
        first.Select(c => c["id"]!.GetValue<string>()).ShouldBe(["toolu_01A", "toolu_01B", "toolu_01C"]);
        first.Select(c => c["function"]!["name"]!.GetValue<string>()).ShouldBe(["get_ticket", "get_user", "list_statuses"]);
        first.ShouldAllBe(c => c["type"]!.GetValue<string>() == "function");
        // id, type and name only on the first chunk of each call.
        byIndex.SelectMany(g => g.Skip(1)).ShouldAllBe(c => c!["id"] == null && c["type"] == null);
        var arguments = byIndex.Select(g => string.Concat(g.Select(c => c!["function"]!["arguments"]?.GetValue<string>()))).ToList();
        JsonNode.Parse(arguments[0])!["ticket_id"]!.GetValue<int>().ShouldBe(10231);
        byIndex[0].Count().ShouldBeGreaterThan(3);
        JsonNode.Parse(arguments[1])!["user_id"]!.GetValue<int>().ShouldBe(204);
        arguments[2].ShouldBe("{}");
        Text(chunks).ShouldBe("Let me look.");
        chunks[^1]["choices"]![0]!["finish_reason"]!.GetValue<string>().ShouldBe("tool_calls");
    }

    [Theory]
    [InlineData("max_tokens", "length")]
    [InlineData("refusal", "content_filter")]
    [InlineData("stop_sequence", "stop")]
    public async Task Stop_reasons_map_to_finish_reasons(string stopReason, string finishReason)
    {
        _upstream.Enqueue(FakeReply.Text("Partial answer", stopReason));

        var (_, items) = await StreamAsync();

        Chunks(items)[^1]["choices"]![0]!["finish_reason"]!.GetValue<string>().ShouldBe(finishReason);
        items[^1].IsDone.ShouldBeTrue();
    }

    [Fact]
    public async Task A_streamed_tool_call_cut_off_by_max_tokens_finishes_as_length_not_tool_calls()
    {
        _upstream.Enqueue(FakeReply.Answer("max_tokens", FakeBlock.ToolUse("toolu_1", "get_ticket", new JsonObject { ["id"] = 1 })));

        var (_, items) = await StreamAsync(StreamRequest.Replace("{\"stream\":true", """{"stream":true,"tools":[{"type":"function","function":{"name":"get_ticket"}}]""", StringComparison.Ordinal));

        Chunks(items)[^1]["choices"]![0]!["finish_reason"]!.GetValue<string>().ShouldBe("length");
    }

    [Fact]
    public async Task Json_mode_streams_the_answer_without_its_code_fence()
    {
        _upstream.Enqueue(FakeReply.Text("```json\n{\"priority\":\"P2\",\"category\":\"Hardware\"}\n```") with { DeltaSize = 1 });

        var (_, items) = await StreamAsync("""{"stream":true,"response_format":{"type":"json_object"},"messages":[{"role":"user","content":"Classify: laptop screen flickers"}]}""");

        var text = Text(Chunks(items));
        text.ShouldBe("{\"priority\":\"P2\",\"category\":\"Hardware\"}");
        JsonNode.Parse(text)!["category"]!.GetValue<string>().ShouldBe("Hardware");
        items[^1].IsDone.ShouldBeTrue();
    }

    [Fact]
    public async Task Streams_carry_the_request_id_and_rate_limit_headers()
    {
        _upstream.Enqueue(FakeReply.Text("ok") with { Headers = [("anthropic-ratelimit-requests-remaining", "49"), ("anthropic-ratelimit-tokens-remaining", "78000")] });

        var (response, _) = await StreamAsync();

        var requestId = response.Headers.GetValues("apim-request-id").Single();
        requestId.ShouldStartWith("req_fake_");
        response.Headers.GetValues("x-request-id").Single().ShouldBe(requestId);
        response.Headers.GetValues("x-ratelimit-remaining-requests").Single().ShouldBe("49");
        response.Headers.GetValues("x-ratelimit-remaining-tokens").Single().ShouldBe("78000");
    }

    [Fact]
    public async Task Thinking_is_never_shown()
    {
        _upstream.Enqueue(FakeReply.Answer("end_turn", FakeBlock.Thinking("secret chain of thought"), FakeBlock.Text("Answer.")));

        var (_, items) = await StreamAsync();

        Text(Chunks(items)).ShouldBe("Answer.");
        string.Concat(items.Select(i => i.Data)).ShouldNotContain("secret chain of thought");
    }

    [Fact]
    public async Task Usage_chunk_follows_the_finish_chunk_only_when_asked_for()
    {
        _upstream.Enqueue(FakeReply.Text("Four words are here.") with { InputTokens = 100, CacheReadTokens = 900, OutputTokens = 7 });

        var (_, items) = await StreamAsync("""{"stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":"Hi"}]}""");

        var chunks = Chunks(items);
        var usage = chunks[^1];
        usage["choices"]!.AsArray().Count.ShouldBe(0);
        usage["usage"]!["prompt_tokens"]!.GetValue<long>().ShouldBe(1000);
        usage["usage"]!["completion_tokens"]!.GetValue<long>().ShouldBe(7);
        usage["usage"]!["total_tokens"]!.GetValue<long>().ShouldBe(1007);
        usage["usage"]!["prompt_tokens_details"]!["cached_tokens"]!.GetValue<long>().ShouldBe(900);
        chunks[^2]["choices"]![0]!["finish_reason"]!.GetValue<string>().ShouldBe("stop");
        items[^1].IsDone.ShouldBeTrue();
    }

    [Fact]
    public async Task Error_event_mid_stream_ends_with_an_error_event_and_no_done()
    {
        _upstream.Enqueue(FakeReply.Text("This answer will not finish") with { ErrorEvent = (4, "overloaded_error", "Overloaded") });

        var (response, items) = await StreamAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        items.ShouldNotContain(i => i.IsDone);
        var last = items.Last(i => i.Data is not null).Json;
        last["error"]!["code"]!.GetValue<string>().ShouldBe("ServiceUnavailable");
        last["error"]!["message"]!.GetValue<string>().ShouldNotBeNullOrEmpty();
        // The open choice is closed first, or Azure.AI.OpenAI 1.0.0-beta.6 waits forever (see the AzureBeta compat tests).
        var closing = items.Where(i => i.Data is not null).SkipLast(1).Last().Json;
        closing["choices"]![0]!["finish_reason"]!.GetValue<string>().ShouldBe("error");
        // No delta, so that beta.6's message enumerator throws there instead of ending the choice quietly.
        closing["choices"]![0]!.AsObject().ContainsKey("delta").ShouldBeFalse();
        // An empty choice list on the error event, so that beta.6's background reader does not fail on it first.
        last["choices"].ShouldBeOfType<JsonArray>().ShouldBeEmpty();
    }

    [Theory]
    [InlineData("answered", 1)]
    [InlineData("failed", 2)]
    public async Task A_failed_stream_closes_its_connection_so_no_later_request_is_answered_on_it(string outcome, int connections)
    {
        // beta.6 can leave a read behind on the connection of a failed stream, which would swallow the next answer sent on it.
        _upstream.Enqueue(outcome == "failed"
            ? FakeReply.Text("This answer will not finish") with { ErrorEvent = (4, "api_error", "Internal server error") }
            : FakeReply.Text("This answer finishes"));
        var opened = 0;
        using var client = new HttpClient(new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                Interlocked.Increment(ref opened);
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        })
        { BaseAddress = _proxy.BaseUrl };
        client.DefaultRequestHeaders.Add("api-key", ProxyHost.Key);
        var request = new HttpRequestMessage(HttpMethod.Post, "/openai/deployments/claude-sonnet-5-5/chat/completions?api-version=2024-10-21")
        {
            Content = new StringContent(StreamRequest, Encoding.UTF8, "application/json"),
        };
        using (var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Token))
        {
            var items = await SseReader.ReadAllAsync(response, Token);
            items.Any(i => i.IsDone).ShouldBe(outcome == "answered");
        }

        using var next = await client.GetAsync("/openai/models", Token);

        next.StatusCode.ShouldBe(HttpStatusCode.OK);
        opened.ShouldBe(connections);
    }

    [Fact]
    public async Task Connection_cut_mid_stream_ends_with_an_error_event_and_no_done()
    {
        _upstream.Enqueue(FakeReply.Text("This answer is cut off in the middle") with { CutAfterEvents = 5 });

        var (_, items) = await StreamAsync();

        items.ShouldNotContain(i => i.IsDone);
        items.Last(i => i.Data is not null).Json["error"]!["code"]!.GetValue<string>().ShouldBe("BadGateway");
    }

    [Fact]
    public async Task An_upstream_stream_that_ends_before_message_stop_ends_with_an_error_event_and_no_done()
    {
        _upstream.Enqueue(FakeReply.Text("This answer simply stops") with { EndAfterEvents = 5 });

        var (_, items) = await StreamAsync();

        items.ShouldNotContain(i => i.IsDone);
        items.Last(i => i.Data is not null).Json["error"]!["code"]!.GetValue<string>().ShouldBe("BadGateway");
    }

    [Fact]
    public async Task An_upstream_that_goes_silent_mid_stream_ends_with_a_timeout_event_and_no_done()
    {
        await using var proxy = await ProxyHost.StartAsync(_upstream, new Dictionary<string, string?>
        {
            ["Anthropic:IdleTimeout"] = "00:00:00.300",
            ["Limits:KeepAliveInterval"] = "00:00:00.100",
        });
        _upstream.Enqueue(FakeReply.Text("stalls after a few words") with { Silence = (4, TimeSpan.FromSeconds(30)) });
        var request = new HttpRequestMessage(HttpMethod.Post, "/openai/deployments/claude-sonnet-5-5/chat/completions?api-version=2024-10-21")
        {
            Content = new StringContent(StreamRequest, Encoding.UTF8, "application/json"),
        };

        using var response = await proxy.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Token);
        var items = await SseReader.ReadAllAsync(response, Token);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        items.ShouldNotContain(i => i.IsDone);
        items.Last(i => i.Data is not null).Json["error"]!["code"]!.GetValue<string>().ShouldBe("Timeout");
    }

    [Fact]
    public async Task Upstream_error_before_the_stream_starts_is_a_plain_json_error()
    {
        _upstream.Enqueue(FakeReply.Error(429, "rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit", ("retry-after", "7")));

        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = new StringContent(StreamRequest.Replace("{\"stream\"", "{\"model\":\"claude-sonnet-5-5\",\"stream\"", StringComparison.Ordinal), Encoding.UTF8, "application/json"),
        };
        using var response = await _proxy.Client.SendAsync(request, Token);

        response.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        response.Headers.GetValues("retry-after").ShouldBe(["7"]);
        response.Headers.GetValues("retry-after-ms").ShouldBe(["7000"]);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(Token))!;
        body["error"]!["code"]!.GetValue<string>().ShouldBe("429");
    }

    [Fact]
    public async Task Error_event_before_any_content_is_a_plain_json_error()
    {
        _upstream.Enqueue(FakeReply.Text("never shown") with { ErrorEvent = (0, "overloaded_error", "Overloaded") });

        var (response, _) = await StreamAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        response.Headers.Contains("retry-after").ShouldBeTrue();
    }

    [Fact]
    public async Task Long_upstream_silence_is_bridged_with_keep_alive_comments()
    {
        _upstream.Enqueue(FakeReply.Text("Thought about it for a while.") with { Silence = (2, TimeSpan.FromMilliseconds(900)) });

        var (_, items) = await StreamAsync();

        var firstContent = items.FindIndex(i => i.Data is not null && i.Data.Contains("Thou", StringComparison.Ordinal));
        items.Take(firstContent).Count(i => i.Comment is not null).ShouldBeGreaterThan(0);
        Text(Chunks(items)).ShouldBe("Thought about it for a while.");
        items[^1].IsDone.ShouldBeTrue();
    }

    [Fact]
    public async Task Client_disconnect_cancels_the_upstream_request()
    {
        _upstream.Enqueue(FakeReply.Text("A long answer that the client will not wait for") with { Silence = (3, TimeSpan.FromSeconds(30)) });
        var request = new HttpRequestMessage(HttpMethod.Post, "/openai/deployments/claude-sonnet-5-5/chat/completions?api-version=2024-10-21")
        {
            Content = new StringContent(StreamRequest, Encoding.UTF8, "application/json"),
        };
        using var clientGone = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var response = await _proxy.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, clientGone.Token);
        await foreach (var item in SseReader.ReadAsync(response, clientGone.Token))
        {
            if (item.Data is not null)
            {
                break; // the first chunk arrived: the client now goes away
            }
        }

        response.Dispose();
        await clientGone.CancelAsync();

        // The fake observes its request being aborted long before its 30 s silence would end.
        await _upstream.LastRequest.Aborted.WaitAsync(TimeSpan.FromSeconds(20), Token);
        _upstream.LastRequest.Aborted.IsCompleted.ShouldBeTrue();
    }

    [Fact]
    public async Task Client_disconnect_during_a_non_streaming_answer_cancels_the_upstream_request()
    {
        _upstream.Enqueue(FakeReply.Text("A long answer nobody waits for") with { Silence = (3, TimeSpan.FromSeconds(30)) });
        using var clientGone = CancellationTokenSource.CreateLinkedTokenSource(Token);
        var pending = _proxy.PostChatAsync("""{"messages":[{"role":"user","content":"Summarise ticket 10231"}]}""", cancellationToken: clientGone.Token);

        // Once the upstream call is under way, the caller gives up.
        while (_upstream.Received.Count == 0)
        {
            await Task.Delay(20, Token);
        }

        await clientGone.CancelAsync();
        await Should.ThrowAsync<OperationCanceledException>(() => pending);

        await _upstream.LastRequest.Aborted.WaitAsync(TimeSpan.FromSeconds(20), Token);
        _upstream.LastRequest.Aborted.IsCompleted.ShouldBeTrue();
    }
}
