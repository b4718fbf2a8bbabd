using System.Net;
using System.Net.Sockets;

namespace LayerCache.AgentBenchmarks.Node;

public static class LoopbackPort
{
    /// <summary>A port free on 127.0.0.1 a moment ago (the kernel's pick for port 0).</summary>
    public static int Find()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
