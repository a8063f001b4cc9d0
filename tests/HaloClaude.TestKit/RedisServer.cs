using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace HaloClaude.Tests.TestKit;

/// <summary>A real <c>redis-server</c> on 127.0.0.1 at a free port, started and stopped by the test.</summary>
/// <remarks>Without <c>redis-server</c> installed, <see cref="StartAsync"/> returns null on a developer machine (the test
/// skips itself) and throws in CI (<c>CI</c> set), where <c>.ci/install</c> provides it.</remarks>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly string _executable;
    private Process? _process;

    private RedisServer(string executable, int port) => (_executable, Port) = (executable, port);

    public int Port { get; }

    public string ConnectionString => $"127.0.0.1:{Port}";

    public static async Task<RedisServer?> StartAsync()
    {
        var executable = Find();
        if (executable is null)
        {
            if (Environment.GetEnvironmentVariable("CI") is { Length: > 0 })
            {
                throw new InvalidOperationException("redis-server is not installed; .ci/install must install it.");
            }

            return null;
        }

        var server = new RedisServer(executable, FreePort());
        await server.StartProcessAsync();
        return server;
    }

    /// <summary>Starts a fresh (empty) server on the same port after <see cref="Kill"/>, as a restarted Redis would come back.</summary>
    public Task RestartAsync()
    {
        Kill();
        _process?.Dispose();
        return StartProcessAsync();
    }

    /// <summary>Kills the server abruptly, as a crashed or unreachable Redis would look.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        _process?.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task StartProcessAsync()
    {
        var start = new ProcessStartInfo(_executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", string.Empty, "--appendonly", "no", "--protected-mode", "yes" })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        throw new InvalidOperationException("redis-server did not accept connections.");
    }

    private static string? Find()
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator).Append("/usr/bin").Append("/usr/sbin"))
        {
            var candidate = Path.Combine(directory, "redis-server");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
