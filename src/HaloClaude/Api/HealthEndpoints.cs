using HaloClaude.Operations.Health;

using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace HaloClaude.Api;

/// <summary><c>GET /health</c> (liveness) and <c>GET /health/ready</c> (readiness): no key needed, no secrets revealed.</summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        // Liveness answers from the process alone: a slow or failing dependency must never get the container restarted.
        app.MapGet("/health", () => TypedResults.Text("{\"status\":\"healthy\"}", "application/json"));
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = registration => registration.Tags.Contains(HealthRegistration.ReadyTag),
            ResponseWriter = HealthResponseWriter.WriteAsync,
        });
        return app;
    }
}
