using System.Net;
using System.Net.Sockets;

namespace LayerCache.Testing.Registry;

/// <summary>A loopback TCP port nobody listens on right now, found by binding port 0.</summary>
public static class FreePort
{
    public static int Find()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
