using System.Text.Json.Serialization;

namespace HaloClaude.Halo.Api;

/// <summary>An asset ("Device"; <c>GET /api/Asset/{id}</c>). There is no top-level name, hostname, serial or model:
/// the hostname is usually <c>key_field</c>, the tag <c>inventory_number</c>, and hardware details live in <c>fields</c>.</summary>
public sealed class HaloAsset
{
    [JsonPropertyName("id")] public long Id { get; init; }
    [JsonPropertyName("inventory_number")] public string? InventoryNumber { get; init; }
    [JsonPropertyName("key_field")] public string? KeyField { get; init; }
    [JsonPropertyName("key_field2")] public string? KeyField2 { get; init; }
    [JsonPropertyName("key_field3")] public string? KeyField3 { get; init; }
    [JsonPropertyName("client_id")] public long ClientId { get; init; }
    [JsonPropertyName("client_name")] public string? ClientName { get; init; }
    [JsonPropertyName("site_name")] public string? SiteName { get; init; }
    [JsonPropertyName("assettype_name")] public string? AssetTypeName { get; init; }
    [JsonPropertyName("status_name")] public string? StatusName { get; init; }
    [JsonPropertyName("inactive")] public bool Inactive { get; init; }
    [JsonPropertyName("username")] public string? UserName { get; init; }
    [JsonPropertyName("notes")] public string? Notes { get; init; }
    [JsonPropertyName("warranty_start")] public DateTime? WarrantyStart { get; init; }
    [JsonPropertyName("warranty_end")] public DateTime? WarrantyEnd { get; init; }
    [JsonPropertyName("fields")] public List<HaloAssetField>? Fields { get; init; }
    [JsonPropertyName("users")] public List<HaloUser>? Users { get; init; }
}

/// <summary>One of the asset type's fields (serial number, model, "Last Logged In User", …).</summary>
public sealed class HaloAssetField
{
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("value")] public string? Value { get; init; }
    [JsonPropertyName("display")] public string? Display { get; init; }
}
