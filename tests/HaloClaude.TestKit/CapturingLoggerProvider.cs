using System.Collections.Concurrent;

using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace HaloClaude.Tests.TestKit;

/// <summary>Keeps every log line the proxy writes, so tests can check that secrets and prompts never appear. Once the app's
/// JSON console formatter is attached, each entry is also rendered exactly as the container would print it, scopes included.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly ConcurrentQueue<string> _jsonLines = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();
    private ConsoleFormatter? _json;

    public IReadOnlyCollection<string> Lines => _lines.ToArray();

    /// <summary>The entries as the production JSON console formatter renders them (empty until one is attached).</summary>
    public IReadOnlyCollection<string> JsonLines => _jsonLines.ToArray();

    public string AllText => string.Join('\n', Lines) + "\n" + string.Join('\n', JsonLines);

    public void UseJsonFormatter(ConsoleFormatter formatter) => _json = formatter;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(CapturingLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            owner._lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
            if (owner._json is { } json)
            {
                using var writer = new StringWriter();
                json.Write(new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter), owner._scopes, writer);
                owner._jsonLines.Enqueue(writer.ToString().TrimEnd());
            }
        }
    }
}
