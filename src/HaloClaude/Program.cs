using HaloClaude;
using HaloClaude.Api;
using HaloClaude.Caching;
using HaloClaude.Operations.Demo;

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

builder.AddHaloClaudeCore();       // configuration contract, validated at start-up
builder.AddAnthropicUpstream();    // the Claude Messages client
builder.AddCaching();              // response cache (memory, Redis when configured)
builder.AddChatPipeline();         // deployments, translation and the chat orchestrator

var app = builder.Build();

app.UseHaloClaudeEdge();           // errors in the Azure shape, inbound key check
app.MapHealth();                   // GET /health (no key)
app.MapModels();                   // GET /openai/models, /v1/models
app.MapChatCompletions();          // POST …/chat/completions
app.MapUnsupportedRoutes();        // every other route: a clear JSON error

return await StartupErrors.RunAsync(app);
