using System.Text.Json.Nodes;

namespace HaloClaude.Tests.TestKit;

/// <summary>What the fake Anthropic answers to one request.</summary>
public abstract record FakeReply
{
    /// <summary>A normal answer (streamed as SSE when the request says <c>stream: true</c>).</summary>
    public static FakeMessage Text(string text, string stopReason = "end_turn") =>
        new([FakeBlock.Text(text)], stopReason);

    public static FakeMessage Answer(string stopReason, params FakeBlock[] blocks) => new(blocks, stopReason);

    /// <summary>An HTTP error with Anthropic's error body.</summary>
    public static FakeError Error(int status, string type, string message, params (string Name, string Value)[] headers) =>
        new(status, type, message, headers);

    /// <summary>The connection is reset before any response byte, as a crashed edge or a dropped TCP connection looks.</summary>
    public static FakeDrop Drop() => new();
}

/// <summary>No answer at all: the connection is aborted before the status line.</summary>
public sealed record FakeDrop : FakeReply;

/// <summary>An HTTP error answer.</summary>
public sealed record FakeError(int Status, string Type, string Message, (string Name, string Value)[] Headers) : FakeReply;

/// <summary>A message answer and how to deliver it when streamed.</summary>
public sealed record FakeMessage(IReadOnlyList<FakeBlock> Blocks, string StopReason) : FakeReply
{
    public long InputTokens { get; init; } = 25;
    public long OutputTokens { get; init; } = 12;
    public long CacheReadTokens { get; init; }
    public long CacheCreationTokens { get; init; }

    /// <summary>Characters per <c>text_delta</c> / <c>input_json_delta</c>.</summary>
    public int DeltaSize { get; init; } = 4;

    /// <summary>When set, the SSE bytes are written in pieces of this many bytes, flushed one by one (frames split across reads).</summary>
    public int? WriteSize { get; init; }

    /// <summary>Send a <c>ping</c> event after every N events (0 = only the usual one after message_start).</summary>
    public int PingEvery { get; init; }

    /// <summary>Silence before the event with this index (0 = message_start).</summary>
    public (int BeforeEvent, TimeSpan Duration)? Silence { get; init; }

    /// <summary>Abort the connection after this many events.</summary>
    public int? CutAfterEvents { get; init; }

    /// <summary>End the response normally (a clean close, no reset) after this many events, before <c>message_stop</c>.</summary>
    public int? EndAfterEvents { get; init; }

    /// <summary>Send an <c>error</c> event after this many events, then end the stream.</summary>
    public (int AfterEvents, string Type, string Message)? ErrorEvent { get; init; }

    /// <summary>Extra response headers (rate limits, request id).</summary>
    public (string Name, string Value)[] Headers { get; init; } = [];

    /// <summary>An event type the real API may add later; the proxy must ignore it.</summary>
    public bool IncludeUnknownEvent { get; init; }
}

/// <summary>One content block of a fake answer.</summary>
public sealed record FakeBlock(string Type, string? Content = null, string? Id = null, string? Name = null, JsonObject? Input = null)
{
    public static FakeBlock Text(string text) => new("text", text);
    public static FakeBlock Thinking(string text) => new("thinking", text);
    public static FakeBlock ToolUse(string id, string name, JsonObject input) => new("tool_use", Id: id, Name: name, Input: input);
}
