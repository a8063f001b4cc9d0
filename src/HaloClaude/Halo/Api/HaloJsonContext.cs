using System.Text.Json.Serialization;

namespace HaloClaude.Halo.Api;

/// <summary>Source-generated, lenient reading of Halo's JSON: unknown fields ignored, loose numbers, flags, text and dates accepted.</summary>
[JsonSourceGenerationOptions(
    PropertyNameCaseInsensitive = true,
    NumberHandling = JsonNumberHandling.AllowReadingFromString,
    Converters = [typeof(LenientInt64Converter), typeof(LenientDoubleConverter), typeof(LenientBooleanConverter), typeof(LenientStringConverter), typeof(HaloDateTimeConverter)])]
[JsonSerializable(typeof(HaloTicket))]
[JsonSerializable(typeof(HaloAction))]
[JsonSerializable(typeof(HaloUser))]
[JsonSerializable(typeof(HaloCustomer))]
[JsonSerializable(typeof(HaloAsset))]
[JsonSerializable(typeof(HaloKbArticle))]
[JsonSerializable(typeof(HaloStatus))]
[JsonSerializable(typeof(HaloOutcome))]
[JsonSerializable(typeof(HaloTokenResponse))]
public sealed partial class HaloJsonContext : JsonSerializerContext;
