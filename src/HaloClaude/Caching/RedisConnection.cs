using Microsoft.Extensions.Options;

using StackExchange.Redis;

namespace HaloClaude.Caching;

/// <summary>The one Redis connection of this replica, shared by the distributed cache and the readiness check.</summary>
/// <remarks>Configured never to block a request on Redis: no abort on a failed first connect, short timeouts (unless the
/// connection string sets its own), and commands fail at once while disconnected, so the cache falls back to memory
/// instead of making callers wait.</remarks>
public sealed partial class RedisConnection(IOptions<ResponseCacheOptions> options, ILogger<RedisConnection> logger) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IConnectionMultiplexer? _multiplexer;

    public async Task<IConnectionMultiplexer> GetAsync()
    {
        if (_multiplexer is { } ready)
        {
            return ready;
        }

        await _gate.WaitAsync();
        try
        {
            if (_multiplexer is null)
            {
                var multiplexer = await ConnectionMultiplexer.ConnectAsync(Configure(options.Value.RedisConnectionString!));
                multiplexer.ConnectionFailed += (_, e) => LogRedisDown(logger, e.FailureType.ToString());
                multiplexer.ConnectionRestored += (_, _) => LogRedisBack(logger);
                if (!multiplexer.IsConnected)
                {
                    LogRedisDown(logger, "not connected at start");
                }

                _multiplexer = multiplexer;
            }

            return _multiplexer;
        }
        finally
        {
            _gate.Release();
        }
    }

    public bool IsConnected => _multiplexer?.IsConnected == true;

    /// <summary>The connection string's options, with shorter timeouts than the library's 5 s wherever the string sets
    /// none: a slow Redis should cost a request a cache miss, not seconds.</summary>
    internal static ConfigurationOptions Configure(string connectionString)
    {
        var configuration = ConfigurationOptions.Parse(connectionString);
        configuration.AbortOnConnectFail = false;
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        if (!Sets(connectionString, "connectTimeout"))
        {
            configuration.ConnectTimeout = 2000;
        }

        if (!Sets(connectionString, "asyncTimeout"))
        {
            configuration.AsyncTimeout = 1000;
        }

        if (!Sets(connectionString, "syncTimeout"))
        {
            configuration.SyncTimeout = 1000;
        }

        return configuration;
    }

    private static bool Sets(string connectionString, string option)
    {
        foreach (var part in connectionString.Split(','))
        {
            var pair = part.Trim();
            if (pair.Length > option.Length && pair[option.Length] == '=' && pair.StartsWith(option, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    public async ValueTask DisposeAsync()
    {
        if (_multiplexer is not null)
        {
            await _multiplexer.DisposeAsync();
        }

        _gate.Dispose();
    }

    [LoggerMessage(EventId = 4601, Level = LogLevel.Warning, Message = "Redis is unreachable ({Reason}): the cache is served from this replica's memory until it returns")]
    private static partial void LogRedisDown(ILogger logger, string reason);

    [LoggerMessage(EventId = 4602, Level = LogLevel.Information, Message = "Redis is reachable again: the cache is shared across replicas")]
    private static partial void LogRedisBack(ILogger logger);
}
