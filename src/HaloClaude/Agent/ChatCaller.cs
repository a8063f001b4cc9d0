namespace HaloClaude.Agent;

/// <summary>Who asked: the request id the caller sees and a fingerprint of the proxy key it used.</summary>
public sealed record ChatCaller(string RequestId, string KeyFingerprint)
{
    public static ChatCaller Unknown { get; } = new("unknown", "none");
}
