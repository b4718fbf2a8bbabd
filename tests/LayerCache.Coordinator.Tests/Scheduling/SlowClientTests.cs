using System.Net.Sockets;
using System.Text;
using LayerCache.Coordinator.Tests.Support;
using LayerCache.Testing.Logging;
using Microsoft.Extensions.Logging;

namespace LayerCache.Coordinator.Tests.Scheduling;

/// <summary>A client that sends its body too slowly is cut off with one warning, not an error with a stack trace.</summary>
public sealed class SlowClientTests
{
    [Fact]
    public async Task BodyNeverSent_TheRequestTimesOut_OneWarningWithoutAStackTrace_StillServing()
    {
        using var logs = new LogCapture();
        await using var host = await CoordinatorHost.StartAsync(logs: logs);
        ShopCluster.Load(host.State);

        // Headers promise a body, then one byte of it and nothing more: Kestrel's minimum body rate (240 bytes a second
        // after a 5 s grace) gives up on it.
        using var client = new TcpClient();
        await client.ConnectAsync(host.Address.Host, host.Address.Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(
            "POST /scheduler/prioritize HTTP/1.1\r\nHost: coordinator\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"));
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var answer = new byte[4096];
        var read = await stream.ReadAsync(answer, wait.Token);

        Assert.StartsWith("HTTP/1.1 408", Encoding.ASCII.GetString(answer, 0, read), StringComparison.Ordinal);
        var warning = Assert.Single(logs.Entries, e => e.Message.Contains("/scheduler/prioritize", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.False(warning.WithException);
        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Error);

        using var scored = await host.Http.PostAsync(
            new Uri("/scheduler/prioritize", UriKind.Relative), new StringContent(Fixtures.ArgsWithNames(["edge-a"]), Encoding.UTF8, "application/json"));
        Assert.True(scored.IsSuccessStatusCode);
    }
}
