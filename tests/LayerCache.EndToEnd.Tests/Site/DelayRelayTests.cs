using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using LayerCache.EndToEnd.Site;

namespace LayerCache.EndToEnd.Tests.Site;

public sealed class DelayRelayTests
{
    private static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(150);

    [Fact]
    public async Task Relay_Response_ArrivesNoEarlierThanTheDelay()
    {
        using var echo = LoopbackEcho.Start();
        await using var relay = DelayRelay.Start(new IPEndPoint(IPAddress.Loopback, 0), echo.EndPoint, Delay);
        using var client = new TcpClient();
        await client.ConnectAsync(relay.LocalEndPoint);
        var stream = client.GetStream();

        var watch = Stopwatch.StartNew();
        await stream.WriteAsync("ping"u8.ToArray());
        var reply = new byte[4];
        await stream.ReadExactlyAsync(reply);

        Assert.True(watch.Elapsed >= Delay - TimeSpan.FromMilliseconds(2), $"reply after {watch.Elapsed.TotalMilliseconds} ms");
        Assert.Equal("ping"u8.ToArray(), reply);
    }

    [Fact]
    public async Task Relay_EightMegabytes_PassIntact()
    {
        using var echo = LoopbackEcho.Start();
        await using var relay = DelayRelay.Start(new IPEndPoint(IPAddress.Loopback, 0), echo.EndPoint, TimeSpan.FromMilliseconds(20));
        using var client = new TcpClient();
        await client.ConnectAsync(relay.LocalEndPoint);
        var stream = client.GetStream();
        var sent = new byte[8 * 1024 * 1024];
        new Random(7).NextBytes(sent);

        var writing = Task.Run(async () => await stream.WriteAsync(sent));
        var received = new byte[sent.Length];
        await stream.ReadExactlyAsync(received).AsTask().WaitAsync(TimeSpan.FromSeconds(120));
        await writing;

        Assert.Equal(SHA256.HashData(sent), SHA256.HashData(received));
    }
}
