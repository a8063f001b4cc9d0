using System.Text.Json.Nodes;

using Azure.Core;
using Azure.Core.Pipeline;

namespace HaloClaude.Compat.AzureBeta;

/// <summary>Edits the JSON request body before it is sent: for request fields the beta.6 client cannot express.</summary>
public sealed class JsonBodyPolicy(Action<JsonObject> edit) : HttpPipelineSynchronousPolicy
{
    public override void OnSendingRequest(HttpMessage message)
    {
        if (message.Request.Content is not { } content)
        {
            return;
        }

        using var buffer = new MemoryStream();
        content.WriteTo(buffer, CancellationToken.None);
        var body = JsonNode.Parse(buffer.ToArray())!.AsObject();
        edit(body);
        message.Request.Content = RequestContent.Create(BinaryData.FromString(body.ToJsonString()));
    }
}
