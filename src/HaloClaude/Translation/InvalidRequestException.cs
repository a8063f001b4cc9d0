namespace HaloClaude.Translation;

/// <summary>A client's mistake found while reading or translating a request: becomes a 4xx with <c>param</c>.</summary>
public sealed class InvalidRequestException(string message, string? param, int status = 400, string code = "invalid_request_error")
    : Exception(message)
{
    public string? Param { get; } = param;
    public int Status { get; } = status;
    public string Code { get; } = code;
}
