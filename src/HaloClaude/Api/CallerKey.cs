namespace HaloClaude.Api;

/// <summary>Which proxy key a request came with, as a short fingerprint: enough to tell keys apart in audits and cache keys, useless to an attacker.</summary>
public sealed record CallerKey(string KeyFingerprint)
{
    public static CallerKey Anonymous { get; } = new("none");

    /// <summary>The first 6 bytes of the key's SHA-256 digest, as hex.</summary>
    public static string Fingerprint(ReadOnlySpan<byte> digest) => "key-" + Convert.ToHexStringLower(digest[..6]);

    public static CallerKey Of(HttpContext context) => context.Features.Get<CallerKey>() ?? Anonymous;
}
