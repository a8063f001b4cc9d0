namespace HaloClaude.Operations.Dashboard;

/// <summary><c>GET /dashboard</c>: the admin's view of recent requests, behind <c>ADMIN_API_KEY</c>; not mapped without it.</summary>
public static class DashboardEndpoints
{
    public const string Path = "/dashboard";

    public static IServiceCollection AddDashboard(this IServiceCollection services)
    {
        services.AddOptions<DashboardOptions>().BindConfiguration("Dashboard");
        services.AddSingleton<RecentRequests>();
        return services;
    }

    public static WebApplication MapDashboard(this WebApplication app)
    {
        if (!AdminKeyMiddleware.IsConfigured(app.Configuration))
        {
            return app;
        }

        // The admin key check runs inside the endpoint, as for /metrics, so it applies to this route only.
        var pipeline = ((IEndpointRouteBuilder)app).CreateApplicationBuilder();
        pipeline.UseMiddleware<AdminKeyMiddleware>();
        pipeline.Run(WriteAsync);
        app.MapGet(Path, pipeline.Build());
        return app;
    }

    private static async Task WriteAsync(HttpContext context)
    {
        var recent = context.RequestServices.GetRequiredService<RecentRequests>();
        var time = context.RequestServices.GetRequiredService<TimeProvider>();
        var headers = context.Response.Headers;
        headers.CacheControl = "no-store";
        headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(DashboardPage.Render(recent.Snapshot(), recent.Capacity, time.GetUtcNow()), context.RequestAborted);
    }
}
