using System.Net;
using System.Net.Sockets;
using LayerCache.EndToEnd.Site;

namespace LayerCache.EndToEnd.Tests.Site;

/// <summary>Listeners and clients made inside the site's namespaces, for tests that send real traffic across it.</summary>
internal static class SiteTraffic
{
    /// <summary>A listener inside the namespace that sends <paramref name="bytes"/> zeros to the first client, then closes.</summary>
    public static (IPEndPoint EndPoint, Task Serving) Serve(string networkNamespace, string address, int bytes)
    {
        var listener = EdgeSite.RunInNamespace(networkNamespace, () =>
        {
            var l = new TcpListener(IPAddress.Parse(address), 0);
            l.Start();
            return l;
        });
        var serving = Task.Run(async () =>
        {
            try
            {
                using var client = await listener.AcceptTcpClientAsync();
                await client.GetStream().WriteAsync(new byte[bytes]);
                client.Client.Shutdown(SocketShutdown.Send);
            }
            finally
            {
                listener.Stop();
            }
        });
        return ((IPEndPoint)listener.LocalEndpoint, serving);
    }

    /// <summary>Connects from inside the namespace and reads until the server closes; returns the byte count.</summary>
    public static async Task<long> DownloadAsync(string networkNamespace, IPEndPoint server)
    {
        using var socket = EdgeSite.RunInNamespace(networkNamespace, () => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await socket.ConnectAsync(server, timeout.Token);
        var buffer = new byte[64 * 1024];
        long total = 0;
        int read;
        while ((read = await socket.ReceiveAsync(buffer, timeout.Token)) > 0)
        {
            total += read;
        }

        return total;
    }
}
