using HaloClaude.Tests.TestKit;

namespace HaloClaude.Compat.AzureBeta;

/// <summary>A fake Anthropic and the proxy in front of it, fresh for every test, plus a record of what the client sent.</summary>
public abstract class ProxyTest : IAsyncLifetime
{
    protected FakeAnthropic Upstream { get; private set; } = null!;

    protected ProxyHost Proxy { get; private set; } = null!;

    protected ClientRequestRecorder Sent { get; } = new();

    protected static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        Upstream = await FakeAnthropic.StartAsync();
        Proxy = await ProxyHost.StartAsync(Upstream, configure: Sent.Attach);
    }

    public async ValueTask DisposeAsync()
    {
        await Proxy.DisposeAsync();
        await Upstream.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
