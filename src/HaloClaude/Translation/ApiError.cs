namespace HaloClaude.Translation;

/// <summary>An error as the caller sees it: HTTP status, Azure/OpenAI error code, message, and optional param and retry hint.</summary>
public sealed record ApiError(int Status, string Code, string Message, string? Param = null, string? Type = null, TimeSpan? RetryAfter = null)
{
    public static ApiError DeploymentNotFound(string deployment) => new(
        404,
        "DeploymentNotFound",
        $"The API deployment '{deployment}' does not exist for this resource. Check the deployment name configured in Halo, or add it to the proxy's Deployments.");

    public static ApiError Unauthorized() => new(
        401,
        "401",
        "Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.");

    public static ApiError FromInvalidRequest(InvalidRequestException ex) =>
        new(ex.Status, ex.Code, ex.Message, ex.Param, "invalid_request_error");
}
