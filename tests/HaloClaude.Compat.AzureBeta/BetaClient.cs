using Azure;
using Azure.AI.OpenAI;
using Azure.Core;
using Azure.Core.Pipeline;

using HaloClaude.Tests.TestKit;

namespace HaloClaude.Compat.AzureBeta;

/// <summary>Builds the legacy Azure.AI.OpenAI 1.0.0-beta.6 <see cref="OpenAIClient"/> the way an older Halo build would.</summary>
public static class BetaClient
{
    public const string Deployment = "claude-sonnet-5-5";

    public static OpenAIClient Create(ProxyHost proxy, string key = ProxyHost.Key, bool retries = true, HttpPipelinePolicy? perCall = null)
    {
        var options = new OpenAIClientOptions();
        // A hang must fail the test, not the CI job; generous so that it is never a timing assertion.
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(60);
        if (!retries)
        {
            options.Retry.MaxRetries = 0;
        }

        if (perCall is not null)
        {
            options.AddPolicy(perCall, HttpPipelinePosition.PerCall);
        }

        return new OpenAIClient(proxy.BaseUrl, new AzureKeyCredential(key), options);
    }
}
