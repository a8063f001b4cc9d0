using System.Text.Json.Serialization;

namespace HaloClaude.Halo.Api;

/// <summary>One entry of a ticket's history (<c>GET /api/Actions?ticket_id=</c>). Action ids are unique only within a ticket.</summary>
public sealed class HaloAction
{
    [JsonPropertyName("id")] public long Id { get; init; }
    [JsonPropertyName("ticket_id")] public long TicketId { get; init; }
    [JsonPropertyName("outcome")] public string? Outcome { get; init; }
    [JsonPropertyName("who")] public string? Who { get; init; }
    [JsonPropertyName("who_type")] public long WhoType { get; init; }
    [JsonPropertyName("datetime")] public DateTime? DateTime { get; init; }
    [JsonPropertyName("note")] public string? Note { get; init; }
    [JsonPropertyName("note_html")] public string? NoteHtml { get; init; }
    [JsonPropertyName("emailsubject")] public string? EmailSubject { get; init; }
    [JsonPropertyName("emailfrom")] public string? EmailFrom { get; init; }
    [JsonPropertyName("emailto")] public string? EmailTo { get; init; }
    [JsonPropertyName("emailcc")] public string? EmailCc { get; init; }
    [JsonPropertyName("emailbody")] public string? EmailBody { get; init; }
    [JsonPropertyName("emailbody_html")] public string? EmailBodyHtml { get; init; }
    [JsonPropertyName("emaildirection")] public string? EmailDirection { get; init; }

    /// <summary>True for a private (internal) note the end user cannot see.</summary>
    [JsonPropertyName("hiddenfromuser")] public bool HiddenFromUser { get; init; }

    [JsonPropertyName("important")] public bool Important { get; init; }
    [JsonPropertyName("timetaken")] public double TimeTaken { get; init; }
    [JsonPropertyName("new_status")] public long NewStatus { get; init; }
    [JsonPropertyName("new_status_name")] public string? NewStatusName { get; init; }
    [JsonPropertyName("attachment_count")] public long AttachmentCount { get; init; }
}
