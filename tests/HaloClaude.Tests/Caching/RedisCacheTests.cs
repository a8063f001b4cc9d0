using System.Net;
using System.Text.Json.Nodes;

using HaloClaude.Tests.TestKit;

namespace HaloClaude.Tests.Caching;

public sealed class RedisCacheTests : IAsyncLifetime
{
    private const string Request = """{"messages":[{"role":"user","content":"Which firmware fixes the switch reboot loop?"}]}""";

    private FakeAnthropic _upstream = null!;
    private RedisServer _redis = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _upstream = await FakeAnthropic.StartAsync();
        var redis = await RedisServer.StartAsync();
        Assert.SkipWhen(redis is null, "redis-server is not installed (apt-get install -y redis-server); these tests run in CI.");
        _redis = redis;
    }

    public async ValueTask DisposeAsync()
    {
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }

        await _upstream.DisposeAsync();
    }

    /// <summary>A replica that is connected to Redis, as one that passed its readiness probe is: a replica's connection is
    /// made on first use, and a request that comes before it is up is served from memory alone.</summary>
    private async Task<ProxyHost> StartReplicaAsync(Dictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>(extra ?? [])
        {
            ["Cache:ResponseTtl"] = "00:05:00",
            ["REDIS_CONNECTION_STRING"] = _redis.ConnectionString,
        };
        var replica = await ProxyHost.StartAsync(_upstream, settings);
        for (var i = 0; i < 1500 && await RedisReadinessAsync(replica) != "healthy"; i++)
        {
            await Task.Delay(20, Token);
        }

        (await RedisReadinessAsync(replica)).ShouldBe("healthy");
        return replica;
    }

    [Fact]
    public async Task A_second_replica_on_the_same_redis_serves_the_first_replicas_answer_without_calling_anthropic()
    {
        await using var first = await StartReplicaAsync();
        await using var second = await StartReplicaAsync();
        _upstream.Enqueue(FakeReply.Text("Firmware 9.2.1 fixes it."), FakeReply.Text("A different answer"));

        await first.PostChatAsync(Request, cancellationToken: Token);
        var response = await second.PostChatAsync(Request, cancellationToken: Token);

        response.Headers.GetValues("x-cache").ShouldBe(["HIT"]);
        JsonNode.Parse(await response.Content.ReadAsStringAsync(Token))!["choices"]![0]!["message"]!["content"]!.GetValue<string>().ShouldBe("Firmware 9.2.1 fixes it.");
        _upstream.Received.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Installations_for_different_halo_tenants_on_one_redis_never_share_entries()
    {
        await using var haloA = await FakeHalo.StartAsync();
        await using var haloB = await FakeHalo.StartAsync();
        await using var tenantA = await StartReplicaAsync(HaloTestServices.Settings(haloA));
        await using var tenantA2 = await StartReplicaAsync(HaloTestServices.Settings(haloA));
        await using var tenantB = await StartReplicaAsync(HaloTestServices.Settings(haloB));

        await tenantA.PostChatAsync(Request, cancellationToken: Token);
        var sameTenant = await tenantA2.PostChatAsync(Request, cancellationToken: Token);
        var otherTenant = await tenantB.PostChatAsync(Request, cancellationToken: Token);

        sameTenant.Headers.GetValues("x-cache").ShouldBe(["HIT"]);
        otherTenant.Headers.GetValues("x-cache").ShouldBe(["MISS"]);
        _upstream.Received.Count.ShouldBe(2);
    }

    [Fact]
    public async Task When_redis_dies_requests_are_still_answered_and_the_logs_and_readiness_say_so()
    {
        await using var proxy = await StartReplicaAsync();
        (await proxy.PostChatAsync(Request, cancellationToken: Token)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await RedisReadinessAsync(proxy)).ShouldBe("healthy");

        _redis.Kill();
        var fresh = await proxy.PostChatAsync("""{"messages":[{"role":"user","content":"A question Redis never saw"}]}""", cancellationToken: Token);
        var repeated = await proxy.PostChatAsync(Request, cancellationToken: Token);

        fresh.StatusCode.ShouldBe(HttpStatusCode.OK);
        repeated.StatusCode.ShouldBe(HttpStatusCode.OK);
        repeated.Headers.GetValues("x-cache").ShouldBe(["HIT"]); // this replica's memory still has it
        await WaitUntilAsync(() => proxy.Logs.AllText.Contains("Redis is unreachable", StringComparison.Ordinal));
        using var ready = await proxy.Client.GetAsync("/health/ready", Token);
        ready.StatusCode.ShouldBe(HttpStatusCode.OK); // degraded still serves: the replica is ready, from memory
        (await RedisReadinessAsync(proxy)).ShouldBe("degraded");
    }

    [Fact]
    public async Task When_redis_comes_back_the_replicas_share_answers_again()
    {
        await using var first = await StartReplicaAsync();
        await using var second = await StartReplicaAsync();
        _redis.Kill();
        (await first.PostChatAsync(Request, cancellationToken: Token)).StatusCode.ShouldBe(HttpStatusCode.OK); // makes both replicas notice

        await _redis.RestartAsync();
        // StackExchange.Redis reconnects on its own, with back-off; readiness says when each replica is back.
        for (var i = 0; i < 1500 && (await RedisReadinessAsync(first) != "healthy" || await RedisReadinessAsync(second) != "healthy"); i++)
        {
            await Task.Delay(20, Token);
        }

        const string AfterOutage = """{"messages":[{"role":"user","content":"Asked once Redis was back"}]}""";
        _upstream.Enqueue(FakeReply.Text("Shared after the outage."), FakeReply.Text("A different answer"));
        (await first.PostChatAsync(AfterOutage, cancellationToken: Token)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var received = _upstream.Received.Count;
        var response = await second.PostChatAsync(AfterOutage, cancellationToken: Token);

        response.Headers.GetValues("x-cache").ShouldBe(["HIT"]);
        JsonNode.Parse(await response.Content.ReadAsStringAsync(Token))!["choices"]![0]!["message"]!["content"]!.GetValue<string>().ShouldBe("Shared after the outage.");
        _upstream.Received.Count.ShouldBe(received);
        first.Logs.AllText.ShouldContain("Redis is reachable again");
    }

    private static async Task<string?> RedisReadinessAsync(ProxyHost proxy)
    {
        using var response = await proxy.Client.GetAsync("/health/ready", Token);
        var checks = JsonNode.Parse(await response.Content.ReadAsStringAsync(Token))!["checks"]!.AsArray();
        return checks.Single(c => c!["name"]!.GetValue<string>() == "redis")!["status"]!.GetValue<string>();
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(20, Token);
        }

        condition().ShouldBeTrue();
    }
}
