using System.Buffers.Text;
using System.Text;
using System.Text.Json;

using HaloClaude.Anthropic;
using HaloClaude.OpenAi;

namespace HaloClaude.Translation;

/// <summary>Turns an OpenAI message <c>content</c> (string, parts or null) into Anthropic blocks, dropping empty text.</summary>
public static class ContentTranslator
{
    private static readonly string[] ImageTypes = ["image/jpeg", "image/png", "image/gif", "image/webp"];

    /// <summary>Reads content that may only hold text (system, developer, tool, assistant).</summary>
    public static void AppendText(JsonElement? content, string param, List<ContentBlock> into, bool allowImages = false)
    {
        if (content is not { } element || element.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                AddText(JsonValues.ReadString(element, param), into);
                return;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    var partParam = $"{param}[{index++}]";
                    var part = ReadPart(item, partParam);
                    switch (part.Type)
                    {
                        case "text":
                            AddText(part.Text, into);
                            break;
                        case "refusal":
                            break; // COMPAT: an assistant's refusal part has no Anthropic equivalent; ignored as Anthropic's own compatibility layer does.
                        case "image_url" or "file" when allowImages:
                            into.Add(ReadMedia(part, partParam));
                            break;
                        default:
                            throw new InvalidRequestException($"Content part type '{part.Type}' is not allowed here.", $"{partParam}.type");
                    }
                }

                return;
            default:
                throw new InvalidRequestException("Message content must be a string, an array of content parts, or null.", param);
        }
    }

    /// <summary>Reads a user message's content: text, images, PDFs.</summary>
    public static void AppendUserContent(JsonElement? content, string param, List<ContentBlock> into)
    {
        if (content is not { } element || element.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        if (element.ValueKind == JsonValueKind.String)
        {
            AddText(JsonValues.ReadString(element, param), into);
            return;
        }

        if (element.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidRequestException("Message content must be a string, an array of content parts, or null.", param);
        }

        var index = 0;
        foreach (var item in element.EnumerateArray())
        {
            var partParam = $"{param}[{index++}]";
            var part = ReadPart(item, partParam);
            switch (part.Type)
            {
                case "text":
                    AddText(part.Text, into);
                    break;
                case "image_url" or "file":
                    into.Add(ReadMedia(part, partParam));
                    break;
                case "input_audio":
                    throw new InvalidRequestException("Audio input is not supported: Claude accepts text, images and PDF documents.", $"{partParam}.type");
                default:
                    throw new InvalidRequestException($"Unsupported content part type '{part.Type}'. Supported: text, image_url, file.", $"{partParam}.type");
            }
        }
    }

    private static ContentPart ReadPart(JsonElement item, string param)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidRequestException("Each content part must be an object with a 'type'.", param);
        }

        ContentPart? part;
        try
        {
            part = item.Deserialize(OpenAiJsonContext.Default.ContentPart);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            throw new InvalidRequestException("The content part has a member of the wrong type or an invalid string.", param);
        }

        if (part?.Type is null)
        {
            throw new InvalidRequestException("Each content part needs a 'type'.", $"{param}.type");
        }

        return part;
    }

    private static ContentBlock ReadMedia(ContentPart part, string param)
    {
        if (part.Type == "file")
        {
            if (part.File?.FileId is not null)
            {
                throw new InvalidRequestException("OpenAI file ids cannot be used: Claude has no access to OpenAI's file store. Send the file inline as file_data.", $"{param}.file.file_id");
            }

            var data = part.File?.FileData ?? throw new InvalidRequestException("A file part needs file_data.", $"{param}.file");
            return data.StartsWith("data:", StringComparison.OrdinalIgnoreCase)
                ? FromDataUri(data, $"{param}.file.file_data", allowText: true)
                : Document("application/pdf", data, $"{param}.file.file_data");
        }

        var url = part.ImageUrl?.Url;
        if (string.IsNullOrWhiteSpace(url))
        {
            throw new InvalidRequestException("An image_url part needs a url.", $"{param}.image_url.url");
        }

        if (url.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
        {
            return FromDataUri(url, $"{param}.image_url.url");
        }

        // The proxy never fetches a URL itself; Anthropic fetches https sources on its side.
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps)
        {
            return new ContentBlock { Type = "image", Source = new BlockSource { Type = "url", Url = uri.AbsoluteUri } };
        }

        throw new InvalidRequestException("Image URLs must be https URLs or data: URIs.", $"{param}.image_url.url");
    }

    private static ContentBlock FromDataUri(string uri, string param, bool allowText = false)
    {
        // data:<mime>;base64,<payload>
        var comma = uri.IndexOf(',', StringComparison.Ordinal);
        var header = comma > 5 ? uri.AsSpan(5, comma - 5) : default;
        if (comma < 0 || !header.EndsWith(";base64", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidRequestException("Data URIs must be base64 encoded (data:<type>;base64,<data>).", param);
        }

        var mime = header[..^";base64".Length].ToString().ToLowerInvariant();
        var payload = uri[(comma + 1)..];
        if (mime == "application/pdf")
        {
            return Document(mime, payload, param);
        }

        if (mime == "text/plain" && allowText)
        {
            return TextDocument(payload, param);
        }

        if (Array.IndexOf(ImageTypes, mime) < 0)
        {
            throw new InvalidRequestException($"Unsupported media type '{mime}'. Claude accepts image/jpeg, image/png, image/gif, image/webp, application/pdf and (as a file) text/plain.", param);
        }

        CheckBase64(payload, param);
        return new ContentBlock { Type = "image", Source = new BlockSource { Type = "base64", MediaType = mime, Data = payload } };
    }

    private static ContentBlock Document(string mime, string payload, string param)
    {
        CheckBase64(payload, param);
        return new ContentBlock { Type = "document", Source = new BlockSource { Type = "base64", MediaType = mime, Data = payload } };
    }

    /// <summary>A plain-text file becomes a document with a text source (Anthropic takes the text itself, not base64).</summary>
    private static ContentBlock TextDocument(string payload, string param)
    {
        CheckBase64(payload, param);
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Convert.FromBase64String(payload));
        }
        catch (Exception ex) when (ex is DecoderFallbackException or FormatException)
        {
            throw new InvalidRequestException("The text file is not valid UTF-8 text.", param);
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            throw new InvalidRequestException("The text file is empty.", param);
        }

        return new ContentBlock { Type = "document", Source = new BlockSource { Type = "text", MediaType = "text/plain", Data = text } };
    }

    private static void CheckBase64(string payload, string param)
    {
        if (payload.Length == 0 || !Base64.IsValid(payload))
        {
            throw new InvalidRequestException("The data URI's payload is not valid base64.", param);
        }
    }

    private static void AddText(string? text, List<ContentBlock> into)
    {
        // Anthropic rejects empty and whitespace-only text blocks; they carry nothing, so they are dropped.
        if (!string.IsNullOrWhiteSpace(text))
        {
            into.Add(ContentBlock.FromText(text));
        }
    }
}
