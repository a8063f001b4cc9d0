namespace HaloClaude.Operations.Demo;

/// <summary>Says loudly, at every start, that answers are simulated.</summary>
public sealed partial class DemoBanner(ILogger<DemoBanner> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        DemoStarted(logger);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 9001, Level = LogLevel.Warning, Message = "DEMO MODE: answers come from a simulated Claude, not from Anthropic. Never use demo mode in production.")]
    private static partial void DemoStarted(ILogger logger);
}
