namespace HaloClaude.Halo;

/// <summary>Reads the Halo part of the environment-variable contract (<c>HALO_API_URL</c>, <c>HALO_CLIENT_ID</c>, …) over the <c>Halo</c> section.</summary>
public static class HaloConfiguration
{
    public static void Bind(HaloOptions options, IConfiguration configuration)
    {
        configuration.GetSection("Halo").Bind(options);
        options.ApiUrl = NonEmpty(configuration["HALO_API_URL"])?.Trim() ?? options.ApiUrl;
        options.ClientId = NonEmpty(configuration["HALO_CLIENT_ID"])?.Trim() ?? options.ClientId;
        options.ClientSecret = NonEmpty(configuration["HALO_CLIENT_SECRET"])?.Trim() ?? options.ClientSecret;
        options.Tenant = NonEmpty(configuration["HALO_TENANT"])?.Trim() ?? options.Tenant;
        options.AuthUrl = NonEmpty(configuration["HALO_AUTH_URL"])?.Trim() ?? options.AuthUrl;
        options.Scope = NonEmpty(configuration["HALO_SCOPE"])?.Trim() ?? options.Scope;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
