using System.ClientModel;
using System.ClientModel.Primitives;

using Azure.AI.OpenAI;

using HaloClaude.Tests.TestKit;

using OpenAI;
using OpenAI.Chat;

namespace HaloClaude.Compat;

/// <summary>Which real client talks to the proxy.</summary>
public enum ClientKind
{
    /// <summary><c>AzureOpenAIClient</c> (Azure.AI.OpenAI 2.1.0) → <c>/openai/deployments/{deployment}/chat/completions</c>.</summary>
    Azure,

    /// <summary><c>OpenAIClient</c> (OpenAI 2.1.0) with its endpoint set to the proxy's <c>/v1</c>.</summary>
    OpenAi,
}

/// <summary>Builds the real SDK clients the way an application would, pointed at a running proxy.</summary>
public static class CompatClients
{
    public const string Deployment = "claude-sonnet-5-5";

    /// <summary>The Azure api-version the 2.1.0 client is pinned to in these tests (the version Halo's docs name is older;
    /// the proxy accepts any).</summary>
    public const string AzureApiVersion = "2024-06-01";

    public static ChatClient Chat(ProxyHost proxy, ClientKind kind, string deployment = Deployment, string key = ProxyHost.Key, bool retries = true, bool withoutStreamOptions = false)
    {
        var credential = new ApiKeyCredential(key);
        switch (kind)
        {
            case ClientKind.Azure:
                var azure = new AzureOpenAIClientOptions(AzureOpenAIClientOptions.ServiceVersion.V2024_06_01);
                Configure(azure, retries, withoutStreamOptions);
                return new AzureOpenAIClient(proxy.BaseUrl, credential, azure).GetChatClient(deployment);
            default:
                var openAi = new OpenAIClientOptions { Endpoint = new Uri(proxy.BaseUrl, "/v1") };
                Configure(openAi, retries, withoutStreamOptions);
                return new OpenAIClient(credential, openAi).GetChatClient(deployment);
        }
    }

    private static void Configure(ClientPipelineOptions options, bool retries, bool withoutStreamOptions)
    {
        // A hang must fail the test, not the CI job; generous so that it is never a timing assertion.
        options.NetworkTimeout = TimeSpan.FromSeconds(60);
        if (!retries)
        {
            options.RetryPolicy = new ClientRetryPolicy(maxRetries: 0);
        }

        if (withoutStreamOptions)
        {
            options.AddPolicy(new DropStreamOptionsPolicy(), PipelinePosition.PerCall);
        }
    }
}
