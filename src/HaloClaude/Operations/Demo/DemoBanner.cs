using System.Text;

using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace HaloClaude.Operations.Demo;

/// <summary>Says loudly, at every start, that answers are simulated, and once the proxy listens prints what to try: a curl
/// that asks about a sample ticket and the dashboard's address with how to sign in.</summary>
/// <remarks>The instructions are plain text on stdout rather than a JSON log line, so the curl can be copied as it is.</remarks>
public sealed partial class DemoBanner(
    ILogger<DemoBanner> logger,
    IHostApplicationLifetime lifetime,
    IServer server,
    DemoKeys keys,
    [FromKeyedServices(DemoBanner.OutputKey)] TextWriter output) : IHostedService
{
    /// <summary>The service key of the <see cref="TextWriter"/> the instructions go to (stdout).</summary>
    public const string OutputKey = "demo-banner";

    /// <summary>The ticket of the sample tenant the printed curl asks about.</summary>
    public const long SampleTicket = 10231;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        DemoStarted(logger);
        lifetime.ApplicationStarted.Register(() =>
        {
            var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? DemoMode.DemoUrl;
            output.Write(Instructions(address, keys));
            output.Flush();
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The printed instructions for a proxy listening on <paramref name="listenAddress"/>.</summary>
    public static string Instructions(string listenAddress, DemoKeys keys)
    {
        var url = Reachable(listenAddress);
        var proxyKey = keys.DemoProxyKey ? DemoMode.DemoProxyKey : "$LITELLM_MASTER_KEY";
        var password = keys.DemoAdminKey ? DemoMode.DemoAdminKey : "your ADMIN_API_KEY";
        return new StringBuilder()
            .AppendLine()
            .AppendLine($"HaloClaude DEMO MODE on {url}: answers come from a simulated Claude, Halo data from the fictional")
            .AppendLine($"\"{HaloSampleTenant.Name}\" sample tenant. Nothing reaches Anthropic or a real Halo. Never use demo mode in production.")
            .AppendLine()
            .AppendLine($"Ask about sample ticket #{SampleTicket} (the proxy reads its context from Halo, Claude looks it up with a tool):")
            .AppendLine($"  curl -s \"{url}/openai/deployments/claude-sonnet-4-5/chat/completions?api-version=2024-02-01\" \\")
            .AppendLine($"    -H \"api-key: {proxyKey}\" -H \"content-type: application/json\" \\")
            .AppendLine($"    -d '{{\"messages\":[{{\"role\":\"user\",\"content\":\"Ticket #{SampleTicket}: what should the technician do next?\"}}]}}'")
            .AppendLine()
            .AppendLine($"Dashboard: {url}/dashboard (sign in with any user name and the password {password})")
            .AppendLine()
            .ToString();
    }

    /// <summary>A wildcard listen address (0.0.0.0, [::], *, +) as an address curl can reach on this machine.</summary>
    private static string Reachable(string address)
    {
        var normalised = address.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal);
        if (!Uri.TryCreate(normalised, UriKind.Absolute, out var uri))
        {
            return address.TrimEnd('/');
        }

        if (uri.Host is "0.0.0.0" or "[::]")
        {
            uri = new UriBuilder(uri) { Host = "127.0.0.1" }.Uri;
        }

        return uri.GetLeftPart(UriPartial.Authority);
    }

    [LoggerMessage(EventId = 9001, Level = LogLevel.Warning, Message = "DEMO MODE: answers come from a simulated Claude and Halo data from a fictional sample tenant, not from Anthropic or a real Halo. Never use demo mode in production.")]
    private static partial void DemoStarted(ILogger logger);
}
