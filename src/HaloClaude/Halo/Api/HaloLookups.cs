using System.Text.Json.Serialization;

namespace HaloClaude.Halo.Api;

/// <summary>A ticket status (<c>GET /api/Status</c>, a bare array).</summary>
public sealed class HaloStatus
{
    [JsonPropertyName("id")] public long Id { get; init; }
    [JsonPropertyName("name")] public string? Name { get; init; }
}

/// <summary>An action button / outcome (<c>GET /api/Outcome</c>; Halo's "TOutcome").</summary>
public sealed class HaloOutcome
{
    [JsonPropertyName("id")] public long Id { get; init; }
    [JsonPropertyName("outcome")] public string? Outcome { get; init; }
    [JsonPropertyName("buttonname")] public string? ButtonName { get; init; }
    [JsonPropertyName("sequence")] public long Sequence { get; init; }
    [JsonPropertyName("hidden")] public bool Hidden { get; init; }
    [JsonPropertyName("systemid")] public long SystemId { get; init; }
    [JsonPropertyName("hidefromuser")] public bool HideFromUser { get; init; }
    [JsonPropertyName("newstatus")] public long NewStatus { get; init; }
    [JsonPropertyName("sendemail")] public bool SendEmail { get; init; }
}

/// <summary>The body of <c>POST /auth/token</c>, success or OAuth error.</summary>
public sealed class HaloTokenResponse
{
    [JsonPropertyName("access_token")] public string? AccessToken { get; init; }
    [JsonPropertyName("token_type")] public string? TokenType { get; init; }
    [JsonPropertyName("expires_in")] public long ExpiresIn { get; init; }
    [JsonPropertyName("error")] public string? Error { get; init; }
    [JsonPropertyName("error_description")] public string? ErrorDescription { get; init; }
}
