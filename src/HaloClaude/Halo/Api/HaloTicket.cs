using System.Text.Json.Serialization;

namespace HaloClaude.Halo.Api;

/// <summary>A ticket (<c>GET /api/Tickets/{id}</c> or a row of <c>GET /api/Tickets</c>). List rows carry ids only for
/// status, agent, priority and type; the single ticket adds the <c>*_name</c> fields.</summary>
public sealed class HaloTicket
{
    [JsonPropertyName("id")] public long Id { get; init; }
    [JsonPropertyName("summary")] public string? Summary { get; init; }
    [JsonPropertyName("details")] public string? Details { get; init; }
    [JsonPropertyName("details_html")] public string? DetailsHtml { get; init; }
    [JsonPropertyName("status_id")] public long StatusId { get; init; }
    [JsonPropertyName("status_name")] public string? StatusName { get; init; }
    [JsonPropertyName("tickettype_id")] public long TicketTypeId { get; init; }
    [JsonPropertyName("tickettype_name")] public string? TicketTypeName { get; init; }
    [JsonPropertyName("priority_id")] public long PriorityId { get; init; }
    [JsonPropertyName("priority_name")] public string? PriorityName { get; init; }
    [JsonPropertyName("sla_name")] public string? SlaName { get; init; }
    [JsonPropertyName("client_id")] public long ClientId { get; init; }
    [JsonPropertyName("client_name")] public string? ClientName { get; init; }
    [JsonPropertyName("site_name")] public string? SiteName { get; init; }
    [JsonPropertyName("user_id")] public long UserId { get; init; }
    [JsonPropertyName("user_name")] public string? UserName { get; init; }
    [JsonPropertyName("user_email")] public string? UserEmail { get; init; }
    [JsonPropertyName("reportedby")] public string? ReportedBy { get; init; }
    [JsonPropertyName("phonenumber")] public string? PhoneNumber { get; init; }
    [JsonPropertyName("agent_id")] public long AgentId { get; init; }
    [JsonPropertyName("agent_name")] public string? AgentName { get; init; }
    [JsonPropertyName("team")] public string? Team { get; init; }
    [JsonPropertyName("category_1")] public string? Category1 { get; init; }
    [JsonPropertyName("category_2")] public string? Category2 { get; init; }
    [JsonPropertyName("category_3")] public string? Category3 { get; init; }
    [JsonPropertyName("category_4")] public string? Category4 { get; init; }
    [JsonPropertyName("dateoccurred")] public DateTime? DateOccurred { get; init; }
    [JsonPropertyName("lastactiondate")] public DateTime? LastActionDate { get; init; }
    [JsonPropertyName("dateclosed")] public DateTime? DateClosed { get; init; }
    [JsonPropertyName("respondbydate")] public DateTime? RespondByDate { get; init; }
    [JsonPropertyName("fixbydate")] public DateTime? FixByDate { get; init; }
    [JsonPropertyName("deadlinedate")] public DateTime? DeadlineDate { get; init; }
    [JsonPropertyName("onhold")] public bool OnHold { get; init; }
    [JsonPropertyName("impact")] public long Impact { get; init; }
    [JsonPropertyName("urgency")] public long Urgency { get; init; }
    [JsonPropertyName("closure_note")] public string? ClosureNote { get; init; }
    [JsonPropertyName("workflow_id")] public long WorkflowId { get; init; }
    [JsonPropertyName("workflow_step")] public long WorkflowStep { get; init; }
    [JsonPropertyName("matched_kb_id")] public long MatchedKbId { get; init; }
    [JsonPropertyName("is_vip")] public bool IsVip { get; init; }
    [JsonPropertyName("isimportantcontact")] public bool IsImportantContact { get; init; }
    [JsonPropertyName("attachment_count")] public long AttachmentCount { get; init; }
    [JsonPropertyName("child_count")] public long ChildCount { get; init; }
    [JsonPropertyName("assets")] public List<HaloAsset>? Assets { get; init; }
    [JsonPropertyName("customfields")] public List<HaloCustomField>? CustomFields { get; init; }
}
