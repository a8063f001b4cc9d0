using HaloClaude;
using HaloClaude.Api;
using HaloClaude.Caching;
using HaloClaude.Operations.Dashboard;
using HaloClaude.Operations.Demo;
using HaloClaude.Operations.Logging;
using HaloClaude.Operations.Telemetry;

var demo = DemoMode.Requested(ref args);
var builder = WebApplication.CreateBuilder(args);
if (demo && DemoMode.Refusal(builder.Configuration) is { } refusal)
{
    await Console.Error.WriteLineAsync(refusal);
    return 1;
}

if (demo)
{
    builder.AddDemoMode();         // simulated Claude, a demo key, loopback only
}

builder.AddStructuredLogging();    // JSON console logs with the request id; prompts only with LOG_PROMPTS=true
builder.AddHaloClaudeCore();       // configuration contract, validated at start-up
builder.AddAnthropicUpstream();    // the Claude Messages client
builder.AddCaching();              // response cache (memory, Redis when configured)
builder.AddHalo();                 // Halo PSA client and Claude's read-only Halo tools (off unless HALO_* is set)
builder.AddChatPipeline();         // deployments, translation and the chat orchestrator
builder.AddTelemetry();            // OpenTelemetry traces and metrics; Prometheus, OTLP, Azure Monitor when configured

var app = builder.Build();

app.UseHaloClaudeEdge();           // request-id log scope, errors in the Azure shape, inbound key check
app.MapHealth();                   // GET /health (liveness), /health/ready (readiness; no key)
app.MapMetrics();                  // GET /metrics (Prometheus; ADMIN_API_KEY, absent without it)
app.MapDashboard();                // GET /dashboard (recent requests; ADMIN_API_KEY, absent without it)
app.MapModels();                   // GET /openai/models, /v1/models
app.MapChatCompletions();          // POST …/chat/completions
app.MapUnsupportedRoutes();        // every other route: a clear JSON error

return await StartupErrors.RunAsync(app);
