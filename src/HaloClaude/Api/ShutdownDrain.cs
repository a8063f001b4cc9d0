using Microsoft.Extensions.Options;

namespace HaloClaude.Api;

/// <summary>The end of the shutdown drain: requests still running shortly before the host's shutdown timeout end with a
/// retryable error (a 503, or an in-band error event in a stream) instead of being cut when the host aborts their connections.</summary>
/// <remarks>The host stops accepting connections as soon as it is asked to stop; requests already in flight get
/// <see cref="HostOptions.ShutdownTimeout"/> (<c>Limits:ShutdownDrainTimeout</c>) to finish.</remarks>
public sealed class ShutdownDrain : IDisposable
{
    private readonly CancellationTokenSource _deadline = new();
    private readonly CancellationTokenRegistration _registration;

    public ShutdownDrain(IHostApplicationLifetime lifetime, IOptions<HostOptions> host)
    {
        var drain = host.Value.ShutdownTimeout;
        // A little before the host gives up, so the error event still reaches the caller before its connection is aborted.
        var margin = TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(1).Ticks, drain.Ticks / 10));
        _registration = lifetime.ApplicationStopping.Register(() => _deadline.CancelAfter(drain - margin));
    }

    /// <summary>Cancelled when in-flight streams must end.</summary>
    public CancellationToken Deadline => _deadline.Token;

    public void Dispose()
    {
        _registration.Dispose();
        _deadline.Dispose();
    }
}
