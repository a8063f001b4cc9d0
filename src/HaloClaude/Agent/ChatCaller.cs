namespace HaloClaude.Agent;

/// <summary>Who asked: the request id the caller sees, a fingerprint of the proxy key it used, and whether it asked not to get a cached answer.</summary>
public sealed record ChatCaller(string RequestId, string KeyFingerprint, bool BypassCache = false)
{
    public static ChatCaller Unknown { get; } = new("unknown", "none");
}
