namespace HaloClaude.Api;

/// <summary><c>GET /health</c>: liveness, no authentication.</summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", () => TypedResults.Text("{\"status\":\"healthy\"}", "application/json"));
        return app;
    }
}
