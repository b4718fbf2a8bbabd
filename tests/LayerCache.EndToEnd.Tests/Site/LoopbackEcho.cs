using System.Net;
using System.Net.Sockets;

namespace LayerCache.EndToEnd.Tests.Site;

/// <summary>A TCP server on loopback that sends back whatever it receives.</summary>
internal sealed class LoopbackEcho : IDisposable
{
    private readonly TcpListener _listener;

    private LoopbackEcho(TcpListener listener)
    {
        _listener = listener;
        _ = Task.Run(AcceptAsync);
    }

    public IPEndPoint EndPoint => (IPEndPoint)_listener.LocalEndpoint;

    public static LoopbackEcho Start()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return new LoopbackEcho(listener);
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync();
                _ = Task.Run(async () =>
                {
                    using (client)
                    {
                        await client.GetStream().CopyToAsync(client.GetStream());
                    }
                });
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Stopped.
        }
    }

    public void Dispose() => _listener.Stop();
}
