using System.Net;
using System.Net.Sockets;
using LayerCache.Testing.Registry;
using LayerCache.Testing.Redis;

namespace LayerCache.Cluster.Tests;

/// <summary>The fixtures' redis-server on a free port that another process may take before the server binds it.</summary>
public sealed class RedisServerProcessTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "lc-redis-port-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task StartOnFreePort_PortTakenBeforeTheServerBindsIt_StartsAgainOnAnother()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var takenPort = ((IPEndPoint)taken.LocalEndpoint).Port;
        var ports = new Queue<int>([takenPort, FreePort.Find()]);

        var server = await RedisServerProcess.StartOnFreePortAsync(_directory, () => [], ports.Dequeue);
        try
        {
            Assert.True(server.IsRunning);
            Assert.NotEqual(takenPort, server.Port);
            Assert.Empty(ports);
        }
        finally
        {
            await server.StopAsync();
        }
    }

    [Fact]
    public async Task StartOnFreePort_AFailureOtherThanATakenPort_IsThrownAtOnce()
    {
        var attempts = 0;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            RedisServerProcess.StartOnFreePortAsync(_directory, () => ["--no-such-option", "yes"], () => { attempts++; return FreePort.Find(); }));

        Assert.Contains("redis-server exited", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, attempts);
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
