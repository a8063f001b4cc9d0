using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;

namespace HaloClaude.Benchmarks.Load;

/// <summary>Time to the first streamed chunk, which wrk cannot report: one connection, requests one after another,
/// timed from just before the request is sent to the moment the first <c>data:</c> line of the SSE body arrives.</summary>
/// <remarks>Through the proxy that line is the first <c>chat.completion.chunk</c>; straight from the fake it is Anthropic's
/// <c>message_start</c>: the same point of the answer, so the difference is what the proxy adds before a caller sees
/// anything. Prints <c>key=value</c> lines (microseconds) for bench/run.sh.</remarks>
public static class FirstChunkProbe
{
    public static async Task<int> RunAsync(string[] args)
    {
        var url = new Uri(Arguments.Required(args, "--url"));
        var body = await File.ReadAllBytesAsync(Arguments.Required(args, "--body"));
        var requests = Arguments.Int(args, "--requests", 500);
        var warmup = Arguments.Int(args, "--warmup", 50);
        var headers = Arguments.All(args, "--header").Select(h => h.Split(':', 2, StringSplitOptions.TrimEntries)).ToList();

        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 1, UseProxy = false, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
        var first = new List<long>(requests);
        var total = new List<long>(requests);
        var buffer = new byte[64 * 1024];
        for (var i = 0; i < warmup + requests; i++)
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
            message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            foreach (var header in headers)
            {
                message.Headers.TryAddWithoutValidation(header[0], header[1]);
            }

            var start = Stopwatch.GetTimestamp();
            using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead);
            if (!response.IsSuccessStatusCode)
            {
                await Console.Error.WriteLineAsync($"first-chunk: {url} answered {(int)response.StatusCode}");
                return 1;
            }

            await using var stream = await response.Content.ReadAsStreamAsync();
            long firstAt = -1;
            var tail = 0; // bytes of "data:" matched so far, carried across reads
            int read;
            while ((read = await stream.ReadAsync(buffer)) > 0)
            {
                if (firstAt < 0 && Match(buffer.AsSpan(0, read), ref tail))
                {
                    firstAt = Stopwatch.GetTimestamp();
                }
            }

            var end = Stopwatch.GetTimestamp();
            if (firstAt < 0)
            {
                await Console.Error.WriteLineAsync($"first-chunk: {url} sent no SSE data line");
                return 1;
            }

            if (i >= warmup)
            {
                first.Add(Micros(firstAt - start));
                total.Add(Micros(end - start));
            }
        }

        first.Sort();
        total.Sort();
        Console.WriteLine($"requests={requests}");
        Console.WriteLine($"first_p50_us={Percentile(first, 50)}");
        Console.WriteLine($"first_p99_us={Percentile(first, 99)}");
        Console.WriteLine($"total_p50_us={Percentile(total, 50)}");
        Console.WriteLine($"total_p99_us={Percentile(total, 99)}");
        return 0;
    }

    /// <summary>Finds <c>data:</c> in the stream, also when a read ends inside it.</summary>
    private static bool Match(ReadOnlySpan<byte> chunk, ref int matched)
    {
        ReadOnlySpan<byte> marker = "data:"u8;
        foreach (var b in chunk)
        {
            matched = b == marker[matched] ? matched + 1 : (b == marker[0] ? 1 : 0);
            if (matched == marker.Length)
            {
                return true;
            }
        }

        return false;
    }

    private static long Micros(long ticks) => ticks * 1_000_000 / Stopwatch.Frequency;

    private static string Percentile(List<long> sorted, int p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)].ToString(CultureInfo.InvariantCulture);
}
