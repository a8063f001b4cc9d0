using Microsoft.Extensions.Options;

namespace HaloClaude.Halo;

/// <summary>Start-up checks for the Halo settings, one plain-English line per problem. Leaving all three required values
/// unset is valid: Halo is then simply off.</summary>
public sealed class HaloOptionsValidator : IValidateOptions<HaloOptions>
{
    public ValidateOptionsResult Validate(string? name, HaloOptions options)
    {
        var required = new (string Setting, string Value)[]
        {
            ("HALO_API_URL", options.ApiUrl), ("HALO_CLIENT_ID", options.ClientId), ("HALO_CLIENT_SECRET", options.ClientSecret),
        };
        var missing = required.Where(r => string.IsNullOrWhiteSpace(r.Value)).Select(r => r.Setting).ToList();
        if (missing.Count == required.Length)
        {
            return ValidateOptionsResult.Success;
        }

        var problems = new List<string>();
        if (missing.Count > 0)
        {
            problems.Add($"Halo is only partly configured: {string.Join(" and ", missing)} {(missing.Count == 1 ? "is" : "are")} not set. " +
                "Set HALO_API_URL, HALO_CLIENT_ID and HALO_CLIENT_SECRET to use Halo, or none of them to run without Halo.");
        }

        if (!string.IsNullOrWhiteSpace(options.ApiUrl) && !IsHttpUrl(options.ApiUrl))
        {
            problems.Add($"HALO_API_URL '{options.ApiUrl}' is not an absolute http(s) URL such as https://acme.halopsa.com.");
        }

        if (!string.IsNullOrWhiteSpace(options.AuthUrl) && !IsHttpUrl(options.AuthUrl))
        {
            problems.Add($"HALO_AUTH_URL '{options.AuthUrl}' is not an absolute http(s) URL such as https://acme.halopsa.com/auth.");
        }

        if (string.IsNullOrWhiteSpace(options.Scope))
        {
            problems.Add("HALO_SCOPE is empty: leave it unset for 'all', or list scopes such as 'read:tickets read:customers read:kb read:assets'.");
        }

        if (options.RequestTimeout <= TimeSpan.Zero)
        {
            problems.Add("Halo:RequestTimeout must be a positive duration (e.g. 00:00:10).");
        }

        if (options.MaxRetryAfter < TimeSpan.Zero)
        {
            problems.Add("Halo:MaxRetryAfter must not be negative.");
        }

        if (options.MaxResponseBytes < 1024)
        {
            problems.Add("Halo:MaxResponseBytes must be at least 1024.");
        }

        if (options.MaxListRows is < 1 or > 100)
        {
            problems.Add("Halo:MaxListRows must be between 1 and 100.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}
