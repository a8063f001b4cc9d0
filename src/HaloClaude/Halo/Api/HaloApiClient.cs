using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

using HaloClaude.Caching;

using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Options;

using Polly.Timeout;

namespace HaloClaude.Halo.Api;

/// <summary>A page of rows from a Halo list, already bounded; <see cref="RecordCount"/> is Halo's total when it says one.</summary>
public sealed record HaloList<T>(IReadOnlyList<T> Rows, long RecordCount);

/// <summary>What to list tickets by; at least one filter is expected.</summary>
public sealed record TicketFilter(long? UserId = null, long? ClientId = null, string? Search = null, bool OpenOnly = false, int Count = 10);

/// <summary>The typed, read-only Halo client: a fixed set of GET paths under <c>{HALO_API_URL}/api/</c>, bodies read up to
/// a cap, and Halo's loose JSON read leniently. Every failure is a <see cref="HaloException"/> with a plain message.</summary>
/// <remarks>Successful answers are kept briefly (<see cref="ResponseCacheOptions.HaloLookupTtl"/>, 0 = off) in the
/// HybridCache, keyed by the request URL, so repeated lookups within one conversation and the ticket-context pre-fetch
/// share one Halo call (Halo's rate limit is a few hundred calls per five minutes). Failures are never kept. The cache
/// holds Halo's records only: the client-scope checks run on every tool call, whether the record came from Halo or here.</remarks>
public sealed class HaloApiClient(
    HttpClient http,
    IOptionsMonitor<HaloOptions> options,
    IOptionsMonitor<ResponseCacheOptions> cacheOptions,
    HybridCache cache,
    ILogger<HaloApiClient> logger)
{
    /// <summary>The name of the <see cref="HttpClient"/> registered for the Halo API.</summary>
    public const string HttpClientName = "halo";

    /// <summary>History is fetched whole (the Actions endpoint has no paging), then bounded to the newest rows.</summary>
    public const int MaxActions = 100;

    public Task<HaloTicket> GetTicketAsync(long id, CancellationToken cancellationToken) =>
        GetOneAsync($"Tickets/{id}?includedetails=true", HaloJsonContext.Default.HaloTicket, $"Ticket {id}", cancellationToken);

    public Task<HaloList<HaloTicket>> ListTicketsAsync(TicketFilter filter, CancellationToken cancellationToken)
    {
        var query = new List<string>();
        if (filter.UserId is { } user)
        {
            query.Add($"user_id={user}");
        }

        if (filter.ClientId is { } client)
        {
            query.Add($"client_id={client}");
        }

        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            query.Add("search=" + Uri.EscapeDataString(filter.Search.Trim()));
        }

        if (filter.OpenOnly)
        {
            query.Add("open_only=true");
        }

        var count = Bound(filter.Count);
        query.Add($"count={count}");
        return GetListAsync("Tickets?" + string.Join('&', query), "tickets", HaloJsonContext.Default.HaloTicket, count, "the ticket list", cancellationToken);
    }

    /// <summary>A ticket's history without Halo's system actions, with the HTML form of each note; when that is over the
    /// size cap (long e-mail threads carry heavy HTML), the history again with the plain-text notes only.</summary>
    public async Task<HaloList<HaloAction>> GetActionsAsync(long ticketId, CancellationToken cancellationToken)
    {
        var what = $"the history of ticket {ticketId}";
        HaloList<HaloAction> list;
        try
        {
            list = await GetListAsync($"Actions?ticket_id={ticketId}&excludesys=true&includehtmlnote=true", "actions", HaloJsonContext.Default.HaloAction, int.MaxValue, what, cancellationToken);
        }
        catch (HaloException ex) when (ex.Failure == HaloFailure.TooLarge)
        {
            list = await GetListAsync($"Actions?ticket_id={ticketId}&excludesys=true", "actions", HaloJsonContext.Default.HaloAction, int.MaxValue, what, cancellationToken);
        }

        var rows = list.Rows.OrderBy(a => a.DateTime ?? DateTime.MinValue).ThenBy(a => a.Id).TakeLast(MaxActions).ToList();
        return new HaloList<HaloAction>(rows, list.RecordCount);
    }

    public Task<HaloUser> GetUserAsync(long id, CancellationToken cancellationToken) =>
        GetOneAsync($"Users/{id}?includedetails=true", HaloJsonContext.Default.HaloUser, $"User {id}", cancellationToken);

    public Task<HaloCustomer> GetClientAsync(long id, CancellationToken cancellationToken) =>
        GetOneAsync($"Client/{id}?includedetails=true", HaloJsonContext.Default.HaloCustomer, $"Client {id}", cancellationToken);

    public Task<HaloAsset> GetAssetAsync(long id, CancellationToken cancellationToken) =>
        GetOneAsync($"Asset/{id}?includedetails=true", HaloJsonContext.Default.HaloAsset, $"Asset {id}", cancellationToken);

    public Task<HaloList<HaloAsset>> GetTicketAssetsAsync(long ticketId, CancellationToken cancellationToken) =>
        GetListAsync($"Asset?ticket_id={ticketId}&count={Bound(int.MaxValue)}", "assets", HaloJsonContext.Default.HaloAsset, Bound(int.MaxValue), $"the assets of ticket {ticketId}", cancellationToken);

    public Task<HaloList<HaloKbArticle>> SearchKbAsync(string search, int count, CancellationToken cancellationToken) =>
        GetListAsync($"KBArticle?search={Uri.EscapeDataString(search.Trim())}&count={Bound(count)}", "articles", HaloJsonContext.Default.HaloKbArticle, Bound(count), "the knowledge base search", cancellationToken);

    public Task<HaloKbArticle> GetKbArticleAsync(long id, CancellationToken cancellationToken) =>
        GetOneAsync($"KBArticle/{id}", HaloJsonContext.Default.HaloKbArticle, $"Knowledge base article {id}", cancellationToken);

    public Task<HaloList<HaloStatus>> GetStatusesAsync(CancellationToken cancellationToken) =>
        GetListAsync("Status?type=ticket", "statuses", HaloJsonContext.Default.HaloStatus, 500, "the status list", cancellationToken);

    /// <summary>The outcomes (action buttons) Halo offers for a ticket type.</summary>
    public Task<HaloList<HaloOutcome>> GetOutcomesAsync(long ticketTypeId, CancellationToken cancellationToken) =>
        GetListAsync($"Outcome?tickettype_id={ticketTypeId}", "outcomes", HaloJsonContext.Default.HaloOutcome, 200, $"the actions of ticket type {ticketTypeId}", cancellationToken);

    private int Bound(int count) => Math.Clamp(count, 1, options.CurrentValue.MaxListRows);

    private async Task<T> GetOneAsync<T>(string path, JsonTypeInfo<T> type, string what, CancellationToken cancellationToken)
        where T : class
    {
        var body = await GetBytesAsync(path, what, cancellationToken);
        T? record;
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;

            // Defensive: some Halo versions wrap a single object as {"tickets":[{...}]}.
            if (root.ValueKind == JsonValueKind.Object && !root.TryGetProperty("id", out _) && FirstArray(root, null) is { } wrapped && wrapped.GetArrayLength() > 0)
            {
                root = wrapped[0];
            }

            if (root.ValueKind == JsonValueKind.Array && root.GetArrayLength() > 0)
            {
                root = root[0];
            }

            record = root.ValueKind == JsonValueKind.Object ? root.Deserialize(type) : null;
        }
        catch (JsonException ex)
        {
            await ForgetAsync(path);
            throw Unreadable(path, what, ex);
        }

        if (record is null)
        {
            await ForgetAsync(path);
            throw new HaloException(HaloFailure.NotFound, $"{what} does not exist.");
        }

        return record;
    }

    private async Task<HaloList<T>> GetListAsync<T>(string path, string key, JsonTypeInfo<T> type, int maxRows, string what, CancellationToken cancellationToken)
    {
        var body = await GetBytesAsync(path, what, cancellationToken);
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var array = root.ValueKind == JsonValueKind.Array ? root : FirstArray(root, key);
            var rows = new List<T>();
            var total = 0L;
            if (array is { } items)
            {
                total = items.GetArrayLength();
                foreach (var item in items.EnumerateArray().Take(maxRows))
                {
                    if (item.ValueKind == JsonValueKind.Object && item.Deserialize(type) is { } row)
                    {
                        rows.Add(row);
                    }
                }
            }

            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("record_count", out var count) && count.TryGetInt64(out var recordCount))
            {
                total = Math.Max(recordCount, rows.Count);
            }

            return new HaloList<T>(rows, total);
        }
        catch (JsonException ex)
        {
            await ForgetAsync(path);
            throw Unreadable(path, what, ex);
        }
    }

    /// <summary>Drops a kept answer that turned out to be unusable, so the next call asks Halo again.</summary>
    private async Task ForgetAsync(string path)
    {
        if (cacheOptions.CurrentValue.HaloLookupTtl > TimeSpan.Zero)
        {
            await cache.RemoveAsync(CacheKey(new Uri(options.CurrentValue.ApiBase, path)), CancellationToken.None);
        }
    }

    // List envelopes differ per resource ({"tickets": […]}, {"articles": […]}, …): prefer the expected key, else any array.
    private static JsonElement? FirstArray(JsonElement root, string? key)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        JsonElement? first = null;
        foreach (var property in root.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            if (key is not null && property.NameEquals(key))
            {
                return property.Value;
            }

            first ??= property.Value;
        }

        return first;
    }

    private async Task<byte[]> GetBytesAsync(string path, string what, CancellationToken cancellationToken)
    {
        var o = options.CurrentValue;
        if (!o.Enabled)
        {
            throw new HaloException(HaloFailure.NotConfigured, "Halo is not configured on this proxy, so Halo data cannot be looked up.");
        }

        var uri = new Uri(o.ApiBase, path);
        var ttl = cacheOptions.CurrentValue.HaloLookupTtl;
        if (ttl <= TimeSpan.Zero)
        {
            return await FetchAsync(uri, what, o, cancellationToken);
        }

        // A factory that throws stores nothing, so an error is never served from the cache.
        return await cache.GetOrCreateAsync(
            CacheKey(uri),
            (self: this, uri, what, o),
            static (state, ct) => new ValueTask<byte[]>(state.self.FetchAsync(state.uri, state.what, state.o, ct)),
            new HybridCacheEntryOptions { Expiration = ttl, LocalCacheExpiration = ttl },
            cancellationToken: cancellationToken);
    }

    // Hashed: the URL can carry search text, which has no place in a Redis key listing.
    private static string CacheKey(Uri uri) =>
        "halo:get:v1:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(uri.AbsoluteUri)));

    private async Task<byte[]> FetchAsync(Uri uri, string what, HaloOptions o, CancellationToken cancellationToken)
    {
        var logPath = uri.AbsolutePath;
        using var body = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.Accept.ParseAdd("application/json");
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                var failure = Describe(response, what, o);
                HaloLog.CallFailed(logger, logPath, failure.Failure, (int)response.StatusCode);
                throw failure;
            }

            body.CancelAfter(o.RequestTimeout);
            return await ReadCappedAsync(response, o.MaxResponseBytes, what, body.Token);
        }
        catch (HaloException ex) when (ex.Failure == HaloFailure.TooLarge)
        {
            HaloLog.CallFailed(logger, logPath, ex.Failure, 200);
            throw;
        }
        catch (Exception ex) when (ex is TimeoutRejectedException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            HaloLog.CallFailed(logger, logPath, HaloFailure.TimedOut, 0);
            throw new HaloException(HaloFailure.TimedOut, $"Halo did not answer within {o.RequestTimeout.TotalSeconds:0} s while reading {what}; try again shortly.", ex);
        }
        catch (HttpRequestException ex)
        {
            HaloLog.CallFailed(logger, logPath, HaloFailure.Unavailable, 0);
            throw new HaloException(HaloFailure.Unavailable, $"Cannot reach Halo at {o.ApiBase.Host} ({ex.HttpRequestError}) while reading {what}.", ex);
        }
    }

    private static async Task<byte[]> ReadCappedAsync(HttpResponseMessage response, int maxBytes, string what, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength is { } declared && declared > maxBytes)
        {
            throw TooLarge(what, maxBytes);
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                throw TooLarge(what, maxBytes);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static HaloException TooLarge(string what, int maxBytes) =>
        new(HaloFailure.TooLarge, $"Halo's answer for {what} is larger than {maxBytes / (1024 * 1024.0):0.#} MB, so the proxy stopped reading it.");

    private static HaloException Describe(HttpResponseMessage response, string what, HaloOptions o)
    {
        var status = (int)response.StatusCode;
        return response.StatusCode switch
        {
            HttpStatusCode.NotFound => new HaloException(HaloFailure.NotFound, $"{what} does not exist."),
            HttpStatusCode.Forbidden => new HaloException(HaloFailure.Forbidden, $"Halo does not allow the proxy to read {what}: the API application's scopes or its agent's permissions exclude it."),
            HttpStatusCode.Unauthorized => new HaloException(HaloFailure.AuthenticationFailed, $"Halo refused the proxy's access token for {what} even after a fresh login. Check that the Halo API application and its agent are still active."),
            HttpStatusCode.TooManyRequests => new HaloException(HaloFailure.RateLimited, $"Halo is rate limiting the proxy{RetryAfterText(response)}; {what} could not be read right now."),
            _ when status >= 500 => new HaloException(HaloFailure.Unavailable, $"Halo failed with HTTP {status} while reading {what}; try again shortly."),
            _ => new HaloException(HaloFailure.Unreadable, $"Halo refused the request for {what} with HTTP {status}."),
        };
    }

    private static string RetryAfterText(HttpResponseMessage response) =>
        HaloRetry.RetryAfter(response, DateTimeOffset.UtcNow) is { } wait
            ? $" (it asks to wait {Math.Ceiling(wait.TotalSeconds).ToString(CultureInfo.InvariantCulture)} s)"
            : string.Empty;

    private HaloException Unreadable(string path, string what, JsonException ex)
    {
        // The path only, as in every other Halo log line: the query can hold search text.
        HaloLog.CallFailed(logger, "/api/" + path.Split('?')[0], HaloFailure.Unreadable, 200);
        return new HaloException(HaloFailure.Unreadable, $"Halo's answer for {what} was not JSON the proxy could read.", ex);
    }
}
