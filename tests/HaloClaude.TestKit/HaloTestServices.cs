using HaloClaude.Caching;
using HaloClaude.Halo;
using HaloClaude.Halo.Api;
using HaloClaude.Halo.Tools;

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HaloClaude.Tests.TestKit;

/// <summary>The proxy's real Halo registrations (<see cref="HaloRegistration.AddHaloServices"/>) in a service provider,
/// configured through the same HALO_* settings as production and pointed at a <see cref="FakeHalo"/>.</summary>
public sealed class HaloTestServices : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private HaloTestServices(ServiceProvider services, CapturingLoggerProvider logs)
    {
        _services = services;
        Logs = logs;
    }

    public IServiceProvider Services => _services;

    public IHaloTools Tools => _services.GetRequiredService<IHaloTools>();

    public HaloApiClient Client => _services.GetRequiredService<HaloApiClient>();

    public HaloTokenProvider Tokens => _services.GetRequiredService<HaloTokenProvider>();

    public CapturingLoggerProvider Logs { get; }

    /// <summary>Settings for <paramref name="halo"/> with the right credentials, overridable per test.</summary>
    public static Dictionary<string, string?> Settings(FakeHalo halo) => new()
    {
        ["HALO_API_URL"] = halo.BaseUrl.ToString(),
        ["HALO_CLIENT_ID"] = FakeHalo.ClientId,
        ["HALO_CLIENT_SECRET"] = FakeHalo.ClientSecret,
    };

    /// <summary>The services, with the Halo lookup cache off unless <c>Cache:HaloLookupTtl</c> is set: most tests count
    /// the requests Halo receives for repeated calls, and the cache tests switch it on.</summary>
    public static HaloTestServices Create(FakeHalo halo, IDictionary<string, string?>? overrides = null, TimeProvider? time = null)
    {
        var settings = Settings(halo);
        settings["Cache:HaloLookupTtl"] = "00:00:00";
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var logs = new CapturingLoggerProvider();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Trace));
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        services.AddOptions<ResponseCacheOptions>().BindConfiguration("Cache");
        services.AddHaloServices();
        return new HaloTestServices(services.BuildServiceProvider(), logs);
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
