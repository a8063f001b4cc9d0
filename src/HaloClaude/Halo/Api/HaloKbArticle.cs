using System.Text.Json.Serialization;

namespace HaloClaude.Halo.Api;

/// <summary>A knowledge-base article ("KBEntry"). List rows (<c>GET /api/KBArticle?search=</c>) have no
/// <c>resolution</c>; only <c>GET /api/KBArticle/{id}</c> returns the body.</summary>
public sealed class HaloKbArticle
{
    [JsonPropertyName("id")] public long Id { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("description")] public string? Description { get; init; }
    [JsonPropertyName("description_html")] public string? DescriptionHtml { get; init; }
    [JsonPropertyName("resolution")] public string? Resolution { get; init; }
    [JsonPropertyName("resolution_html")] public string? ResolutionHtml { get; init; }
    [JsonPropertyName("tag_string")] public string? TagString { get; init; }
    [JsonPropertyName("kb_tags")] public string? KbTags { get; init; }
    [JsonPropertyName("inactive")] public bool Inactive { get; init; }
    [JsonPropertyName("date_edited")] public DateTime? DateEdited { get; init; }
    [JsonPropertyName("next_review_date")] public DateTime? NextReviewDate { get; init; }
    [JsonPropertyName("creator_name")] public string? CreatorName { get; init; }
    [JsonPropertyName("editor_name")] public string? EditorName { get; init; }
    [JsonPropertyName("useful_count")] public long UsefulCount { get; init; }
    [JsonPropertyName("view_count")] public long ViewCount { get; init; }
}
