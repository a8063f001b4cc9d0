using System.Text.Json.Nodes;

namespace HaloClaude.Tests.TestKit;

/// <summary>One item of an OpenAI-style SSE stream as a client sees it.</summary>
public sealed record SseItem(string? Data, string? Comment)
{
    public bool IsDone => Data == "[DONE]";

    public JsonNode Json => JsonNode.Parse(Data!)!;
}

/// <summary>Reads a proxy stream the way an OpenAI client does: frames end at a blank line; comments start with ':'.</summary>
public static class SseReader
{
    public static async Task<List<SseItem>> ReadAllAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var items = new List<SseItem>();
        await foreach (var item in ReadAsync(response, cancellationToken))
        {
            items.Add(item);
        }

        return items;
    }

    public static async IAsyncEnumerable<SseItem> ReadAsync(HttpResponseMessage response, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        string? data = null;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (data is not null)
                {
                    yield return new SseItem(data, null);
                    data = null;
                }

                continue;
            }

            if (line.StartsWith(':'))
            {
                yield return new SseItem(null, line[1..].Trim());
            }
            else if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                var value = line[5..].TrimStart();
                data = data is null ? value : data + "\n" + value;
            }
        }

        if (data is not null)
        {
            yield return new SseItem(data, null);
        }
    }
}
