using StackExchange.Redis;
using Xunit;

namespace LayerCache.Testing.Redis;

/// <summary>
/// A real <c>redis-server</c> on 127.0.0.1 with a free port, no persistence (<c>--save '' --appendonly no</c>) and its
/// working directory in a temp folder. <see cref="StopAsync"/> and <see cref="StartAsync"/> take it down and bring it
/// back on the same port, empty, to play a Redis outage or a restart that lost everything.
/// </summary>
public sealed class RedisFixture : IAsyncLifetime, IRedisFixture
{
    public const string Executable = RedisServerProcess.Executable;

    private RedisServerProcess? _server;

    public RedisFixture()
    {
        Directory = Path.Combine(Path.GetTempPath(), "layercache-redis-" + Guid.NewGuid().ToString("N")[..12]);
    }

    public string Directory { get; }

    /// <summary>More arguments for <c>redis-server</c> (<c>--aclfile FILE</c>, say), given before it starts.</summary>
    public IList<string> Arguments { get; } = [];

    public int Port => Server.Port;

    /// <summary>"127.0.0.1:PORT", a StackExchange.Redis endpoint.</summary>
    public string Endpoint => Server.Endpoint;

    public string Configuration => Endpoint;

    public IReadOnlyList<string> Endpoints => [Endpoint];

    public bool IsRunning => _server?.IsRunning == true;

    public string Log => _server?.Log ?? "";

    private RedisServerProcess Server => _server ?? throw new InvalidOperationException("The Redis fixture is not initialised.");

    /// <summary>
    /// Options for a client of this server: it does not give up when the server is down at connect time and
    /// reconnects when it returns, with short timeouts so outage tests fail fast.
    /// </summary>
    public ConfigurationOptions CreateOptions() => RedisClientOptions.Create(Endpoints);

    public async Task<ConnectionMultiplexer> ConnectAsync(ConfigurationOptions? options = null) =>
        await ConnectionMultiplexer.ConnectAsync(options ?? CreateOptions()).ConfigureAwait(false);

    public async Task InitializeAsync()
    {
        _server = await RedisServerProcess.StartOnFreePortAsync(Directory, () => Arguments).ConfigureAwait(false);
    }

    /// <summary>Starts the server on <see cref="Port"/> (again, after <see cref="StopAsync"/>: empty).</summary>
    public Task StartAsync() => Server.StartAsync(Arguments);

    /// <summary>Kills the server; with no persistence, whatever it held is gone.</summary>
    public Task StopAsync() => _server?.StopAsync() ?? Task.CompletedTask;

    /// <summary>Stops and starts the server on the same port: a restart that lost every key.</summary>
    public async Task RestartAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await StartAsync().ConfigureAwait(false);
    }

    public async Task DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
