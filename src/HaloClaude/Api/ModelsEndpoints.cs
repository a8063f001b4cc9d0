using HaloClaude.Configuration;
using HaloClaude.OpenAi;

namespace HaloClaude.Api;

/// <summary><c>GET /openai/models</c> and <c>GET /v1/models</c>: the configured deployments.</summary>
public static class ModelsEndpoints
{
    private static readonly long Created = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();

    public static IEndpointRouteBuilder MapModels(this IEndpointRouteBuilder app)
    {
        app.MapGet("/openai/models", List);
        app.MapGet("/v1/models", List);
        app.MapGet("/openai/deployments", List);
        return app;
    }

    private static IResult List(DeploymentCatalog catalog)
    {
        var data = catalog.All
            .OrderBy(d => d.Key, StringComparer.Ordinal)
            .Select(d => new ModelEntry { Id = d.Key, Created = Created, Model = d.Value.Model })
            .ToList();
        return TypedResults.Json(new ModelList { Data = data }, OpenAiJsonContext.Default.ModelList);
    }
}
