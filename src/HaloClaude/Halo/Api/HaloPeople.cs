using System.Text.Json.Serialization;

namespace HaloClaude.Halo.Api;

/// <summary>An end user (<c>GET /api/Users/{id}</c>). Halo has no <c>jobtitle</c> or <c>isvip</c> on users: the job title
/// is <c>title</c> and the VIP-style flag is <c>isimportantcontact</c>.</summary>
public sealed class HaloUser
{
    [JsonPropertyName("id")] public long Id { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("title")] public string? Title { get; init; }
    [JsonPropertyName("emailaddress")] public string? EmailAddress { get; init; }
    [JsonPropertyName("phonenumber_preferred")] public string? PreferredPhone { get; init; }
    [JsonPropertyName("phonenumber")] public string? PhoneNumber { get; init; }
    [JsonPropertyName("mobilenumber")] public string? MobileNumber { get; init; }
    [JsonPropertyName("sitephonenumber")] public string? SitePhoneNumber { get; init; }
    [JsonPropertyName("client_id")] public long ClientId { get; init; }
    [JsonPropertyName("client_name")] public string? ClientName { get; init; }
    [JsonPropertyName("site_id")] public long SiteId { get; init; }
    [JsonPropertyName("site_name")] public string? SiteName { get; init; }
    [JsonPropertyName("department")] public string? Department { get; init; }
    [JsonPropertyName("login")] public string? Login { get; init; }
    [JsonPropertyName("inactive")] public bool Inactive { get; init; }
    [JsonPropertyName("isimportantcontact")] public bool IsImportantContact { get; init; }
    [JsonPropertyName("notes")] public string? Notes { get; init; }
    [JsonPropertyName("lastlogindate")] public DateTime? LastLoginDate { get; init; }
    [JsonPropertyName("customfields")] public List<HaloCustomField>? CustomFields { get; init; }
}

/// <summary>A Halo "client" — the MSP's customer organisation (<c>GET /api/Client/{id}</c>). Its phone is
/// <c>main_phonenumber</c> and its contact <c>main_contact_name</c>; there is no <c>phonenumber</c> or <c>sla</c>.</summary>
public sealed class HaloCustomer
{
    [JsonPropertyName("id")] public long Id { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("toplevel_name")] public string? TopLevelName { get; init; }
    [JsonPropertyName("inactive")] public bool Inactive { get; init; }
    [JsonPropertyName("is_vip")] public bool IsVip { get; init; }
    [JsonPropertyName("notes")] public string? Notes { get; init; }
    [JsonPropertyName("website")] public string? Website { get; init; }
    [JsonPropertyName("domain")] public string? Domain { get; init; }
    [JsonPropertyName("main_site_name")] public string? MainSiteName { get; init; }
    [JsonPropertyName("main_contact_name")] public string? MainContactName { get; init; }
    [JsonPropertyName("main_phonenumber")] public string? MainPhoneNumber { get; init; }
    [JsonPropertyName("pritech_name")] public string? PrimaryTechnician { get; init; }
    [JsonPropertyName("sectech_name")] public string? SecondaryTechnician { get; init; }
    [JsonPropertyName("accountmanagertech_name")] public string? AccountManager { get; init; }
    [JsonPropertyName("open_ticket_count")] public long OpenTicketCount { get; init; }
    [JsonPropertyName("onhold_ticket_count")] public long OnHoldTicketCount { get; init; }
    [JsonPropertyName("total_ticket_count")] public long TotalTicketCount { get; init; }
    [JsonPropertyName("customfields")] public List<HaloCustomField>? CustomFields { get; init; }
}

/// <summary>A custom field as Halo expands it; <c>display</c> is the human-readable value.</summary>
public sealed class HaloCustomField
{
    [JsonPropertyName("name")] public string? Name { get; init; }
    [JsonPropertyName("label")] public string? Label { get; init; }
    [JsonPropertyName("display")] public string? Display { get; init; }
}
