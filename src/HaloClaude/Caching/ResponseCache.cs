using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

using HaloClaude.Agent;
using HaloClaude.Configuration;
using HaloClaude.OpenAi;

using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Options;

namespace HaloClaude.Caching;

/// <summary>Exact-match answer cache: an identical request from the same key, to the same deployment, in the same ticket scope, within the TTL, gets the same answer.</summary>
/// <remarks>No semantic matching and no sharing across keys: a cached answer can only reach the caller who could have
/// caused it. Errors and incomplete answers are never stored. A cache failure never fails a request.</remarks>
public sealed partial class ResponseCache(HybridCache cache, IOptionsMonitor<ResponseCacheOptions> options, ILogger<ResponseCache> logger)
{
    private static readonly HybridCacheEntryOptions ReadOnly = new()
    {
        Flags = HybridCacheEntryFlags.DisableLocalCacheWrite | HybridCacheEntryFlags.DisableDistributedCacheWrite,
    };

    /// <summary>The cache key of a request, or null when the cache is off or the caller asked to bypass it.</summary>
    /// <remarks>Besides the normalised request it holds who asked (the key's fingerprint), the deployment and the models
    /// behind it, the ticket the request is about (its client scope: a ticket belongs to one client) and whether the
    /// proxy's Halo tools take part, so a change of model or of Halo access never serves an answer made under the other.</remarks>
    public string? KeyFor(ChatCompletionRequest request, DeploymentRoute route, ChatCaller caller, long? ticketId, bool serverTools)
    {
        if (options.CurrentValue.ResponseTtl <= TimeSpan.Zero || caller.BypassCache)
        {
            return null;
        }

        // Streaming or not is how the answer is delivered, not what it is: both share one entry.
        var (stream, streamOptions) = (request.Stream, request.StreamOptions);
        byte[] canonical;
        try
        {
            request.Stream = null;
            request.StreamOptions = null;
            canonical = JsonSerializer.SerializeToUtf8Bytes(request, OpenAiJsonContext.Default.ChatCompletionRequest);
        }
        finally
        {
            (request.Stream, request.StreamOptions) = (stream, streamOptions);
        }

        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var scope = ticketId?.ToString(CultureInfo.InvariantCulture) ?? "-";
        hash.AppendData(Encoding.UTF8.GetBytes(string.Join('\n', caller.KeyFingerprint, route.Name, string.Join(',', route.Models), scope, serverTools ? "tools" : "-", string.Empty)));
        hash.AppendData(canonical);
        return "answer:v2:" + Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    public async Task<CachedAnswer?> GetAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            var bytes = await cache.GetOrCreateAsync(key, static _ => ValueTask.FromResult<byte[]?>(null), ReadOnly, cancellationToken: cancellationToken);
            // HybridCache hands back an empty array, not null, when the factory found nothing.
            return bytes is not { Length: > 0 } ? null : JsonSerializer.Deserialize(bytes, CachingJsonContext.Default.CachedAnswer);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogCacheFailed(logger, "read", ex.GetType().Name);
            return null;
        }
    }

    public async Task SetAsync(string key, CachedAnswer answer, CancellationToken cancellationToken)
    {
        var o = options.CurrentValue;
        var bytes = JsonSerializer.SerializeToUtf8Bytes(answer, CachingJsonContext.Default.CachedAnswer);
        if (bytes.Length > o.MaxEntryBytes)
        {
            return;
        }

        try
        {
            await cache.SetAsync(key, bytes, new HybridCacheEntryOptions { Expiration = o.ResponseTtl, LocalCacheExpiration = o.ResponseTtl }, cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogCacheFailed(logger, "write", ex.GetType().Name);
        }
    }

    [LoggerMessage(EventId = 4501, Level = LogLevel.Warning, Message = "Response cache {Operation} failed ({Error}); the request is answered without the cache")]
    private static partial void LogCacheFailed(ILogger logger, string operation, string error);
}
