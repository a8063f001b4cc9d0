using HaloClaude.Caching;

namespace HaloClaude.Tests.Caching;

/// <summary>The Redis connection options: short timeouts by default, the connection string's own when it sets them.</summary>
public sealed class RedisConnectionTests
{
    [Fact]
    public void Without_timeouts_in_the_connection_string_the_short_defaults_apply()
    {
        var options = RedisConnection.Configure("cache.example:6380,password=secret,ssl=True");

        options.ConnectTimeout.ShouldBe(2000);
        options.AsyncTimeout.ShouldBe(1000);
        options.SyncTimeout.ShouldBe(1000);
        options.AbortOnConnectFail.ShouldBeFalse();
    }

    [Fact]
    public void Timeouts_the_connection_string_sets_are_kept_even_when_longer()
    {
        var options = RedisConnection.Configure("cache.example:6380, ConnectTimeout=8000,asyncTimeout=5000 ,ssl=True");

        options.ConnectTimeout.ShouldBe(8000);
        options.AsyncTimeout.ShouldBe(5000);
        options.SyncTimeout.ShouldBe(1000);
    }
}
