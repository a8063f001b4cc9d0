using System.Text.Json;

using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace HaloClaude.Operations.Health;

/// <summary>Writes a health report as JSON: the overall status and, per check, its status and what is wrong in plain English.</summary>
public static class HealthResponseWriter
{
    public static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        await using var json = new Utf8JsonWriter(context.Response.Body);
        json.WriteStartObject();
        json.WriteString("status", Name(report.Status));
        json.WriteNumber("duration_ms", Math.Round(report.TotalDuration.TotalMilliseconds, 1));
        json.WriteStartArray("checks");
        foreach (var (name, entry) in report.Entries)
        {
            json.WriteStartObject();
            json.WriteString("name", name);
            json.WriteString("status", Name(entry.Status));
            // An exception's text may carry internals; its type is enough to start looking.
            json.WriteString("description", entry.Description ?? (entry.Exception is { } ex ? $"The check failed with {ex.GetType().Name}." : null));
            json.WriteNumber("duration_ms", Math.Round(entry.Duration.TotalMilliseconds, 1));
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(context.RequestAborted);
    }

    private static string Name(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "healthy",
        HealthStatus.Degraded => "degraded",
        _ => "unhealthy",
    };
}
