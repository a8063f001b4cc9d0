using HaloClaude;
using HaloClaude.Api;

var builder = WebApplication.CreateBuilder(args);

builder.AddHaloClaudeCore();       // configuration contract, validated at start-up
builder.AddAnthropicUpstream();    // the Claude Messages client
builder.AddHalo();                 // Halo PSA client and Claude's read-only Halo tools (off unless HALO_* is set)
builder.AddChatPipeline();         // deployments, translation and the chat orchestrator

var app = builder.Build();

app.UseHaloClaudeEdge();           // errors in the Azure shape, inbound key check
app.MapHealth();                   // GET /health (no key)
app.MapModels();                   // GET /openai/models, /v1/models
app.MapChatCompletions();          // POST …/chat/completions
app.MapUnsupportedRoutes();        // every other route: a clear JSON error

return await StartupErrors.RunAsync(app);
