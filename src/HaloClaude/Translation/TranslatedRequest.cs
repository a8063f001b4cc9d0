using HaloClaude.Anthropic;

namespace HaloClaude.Translation;

/// <summary>What the response side needs to know about how the request was translated.</summary>
/// <param name="Stream">The caller asked for a stream.</param>
/// <param name="IncludeUsage">The caller asked for a trailing usage chunk.</param>
/// <param name="LegacyFunctions">The caller used <c>functions</c>: answer with <c>function_call</c>.</param>
/// <param name="JsonMode">The caller asked for JSON (code fences are stripped from the answer).</param>
/// <param name="ToolNames">How tool names were renamed.</param>
public sealed record ResponseShape(bool Stream, bool IncludeUsage, bool LegacyFunctions, bool JsonMode, ToolNameMap ToolNames);

/// <summary>An Anthropic request and the shape its answer must take.</summary>
public sealed record TranslatedRequest(MessagesRequest Upstream, ResponseShape Shape);
