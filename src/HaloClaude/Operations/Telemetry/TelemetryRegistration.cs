using Azure.Monitor.OpenTelemetry.Exporter;

using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace HaloClaude.Operations.Telemetry;

/// <summary>OpenTelemetry wiring: what is collected is fixed; where it goes is switched on by configuration.</summary>
public static class TelemetryRegistration
{
    /// <summary>Traces (inbound requests, outbound HTTP, the proxy's own spans) and metrics (the proxy's meter, ASP.NET Core,
    /// HttpClient, runtime), exported to Prometheus at <c>/metrics</c> when <c>ADMIN_API_KEY</c> is set, over OTLP when
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, and to Azure Monitor when <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set.</summary>
    public static WebApplicationBuilder AddTelemetry(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var prometheus = AdminKeyMiddleware.IsConfigured(configuration);
        var otlp = !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        var azureMonitor = configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"] is { Length: > 0 };
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(configuration["OTEL_SERVICE_NAME"] ?? "haloclaude", serviceVersion: typeof(TelemetryRegistration).Assembly.GetName().Version?.ToString()));
        if (otlp || azureMonitor)
        {
            // Spans are recorded only when something exports them: with no exporter they would cost every request CPU
            // (about a quarter of the proxy's own time in the benchmark) and go nowhere.
            telemetry.WithTracing(tracing => tracing
                .AddSource(HaloClaudeInstruments.Name)
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !IsProbeOrScrape(context.Request.Path))
                .AddHttpClientInstrumentation());
        }

        telemetry.WithMetrics(metrics =>
            {
                metrics
                    .AddMeter(HaloClaudeInstruments.Name)
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation();
                if (prometheus)
                {
                    metrics.AddPrometheusExporter();
                }
            });

        if (otlp)
        {
            telemetry.UseOtlpExporter(); // reads the standard OTEL_EXPORTER_OTLP_* variables; traces, metrics and logs
        }

        if (configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"] is { Length: > 0 } connectionString)
        {
            telemetry.UseAzureMonitorExporter(o => o.ConnectionString = connectionString);
        }

        return builder;
    }

    /// <summary><c>GET /metrics</c> in Prometheus text format, behind <c>ADMIN_API_KEY</c>; not mapped (404) without that key.</summary>
    public static WebApplication MapMetrics(this WebApplication app)
    {
        if (AdminKeyMiddleware.IsConfigured(app.Configuration))
        {
            app.MapPrometheusScrapingEndpoint(OperationsPaths.Metrics, meterProvider: null,
                configureBranchedPipeline: branch => branch.UseMiddleware<AdminKeyMiddleware>(), optionsName: null);
        }

        return app;
    }

    // Probes every few seconds would drown the traces that matter.
    private static bool IsProbeOrScrape(PathString path) =>
        path.StartsWithSegments("/health") || path.StartsWithSegments(OperationsPaths.Metrics);
}
