using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text.Json.Nodes;

namespace HaloClaude.Compat;

/// <summary>Removes <c>stream_options</c> from the request body, so a 2.1.0 client behaves like a client that never asks
/// for usage (those SDKs always send <c>include_usage: true</c> and do not expose the setting).</summary>
public sealed class DropStreamOptionsPolicy : PipelinePolicy
{
    public override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        Rewrite(message);
        ProcessNext(message, pipeline, currentIndex);
    }

    public override ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        Rewrite(message);
        return ProcessNextAsync(message, pipeline, currentIndex);
    }

    private static void Rewrite(PipelineMessage message)
    {
        if (message.Request.Content is not { } content)
        {
            return;
        }

        using var buffer = new MemoryStream();
        content.WriteTo(buffer);
        var body = JsonNode.Parse(buffer.ToArray())!.AsObject();
        body.Remove("stream_options");
        message.Request.Content = BinaryContent.Create(BinaryData.FromString(body.ToJsonString()));
    }
}
