namespace HaloClaude.Caching;

/// <summary>The response cache (section <c>Cache</c>) and its shared store (<c>REDIS_CONNECTION_STRING</c>).</summary>
public sealed class ResponseCacheOptions
{
    /// <summary>How long an answer is reused for an identical request. Default 5 minutes; 0 turns the response cache off.</summary>
    public TimeSpan ResponseTtl { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long Halo lookups (tool results and ticket context) are reused. Default 60 s; 0 turns that cache off.</summary>
    public TimeSpan HaloLookupTtl { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Redis connection string (<c>REDIS_CONNECTION_STRING</c>); when set, replicas share the cache through Redis.</summary>
    public string? RedisConnectionString { get; set; }

    /// <summary>Largest answer kept in the cache, in bytes. Default 1 MB.</summary>
    public int MaxEntryBytes { get; set; } = 1024 * 1024;
}
