namespace HaloClaude.Operations.Logging;

/// <summary>Logs as one JSON object per line on stdout (what Container Apps and Log Analytics ingest), with the request's
/// <see cref="RequestCorrelation"/> scope, and prompts only when <c>LOG_PROMPTS=true</c>.</summary>
public static class LoggingRegistration
{
    public static WebApplicationBuilder AddStructuredLogging(this WebApplicationBuilder builder)
    {
        builder.Logging.AddJsonConsole(o =>
        {
            o.IncludeScopes = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
        });
        if (bool.TryParse(builder.Configuration["LOG_PROMPTS"], out var logPrompts) && logPrompts)
        {
            builder.Logging.AddFilter(PromptLog.Category, LogLevel.Trace);
        }

        return builder;
    }

    /// <summary><c>LOG_PROMPTS</c> and the <see cref="PromptLog"/> the chat pipeline writes to.</summary>
    public static IServiceCollection AddPromptLog(this IServiceCollection services)
    {
        services.AddOptions<LoggingOptions>().Configure<IConfiguration>((o, configuration) =>
            o.LogPrompts = bool.TryParse(configuration["LOG_PROMPTS"], out var on) && on);
        services.AddSingleton<PromptLog>();
        return services;
    }

    /// <summary>The request scope; first in the pipeline so every line of a request carries its id.</summary>
    public static IApplicationBuilder UseRequestCorrelation(this IApplicationBuilder app) => app.UseMiddleware<RequestCorrelationMiddleware>();
}
