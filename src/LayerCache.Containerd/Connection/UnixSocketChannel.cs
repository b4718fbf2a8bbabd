using System.Net.Sockets;
using Grpc.Net.Client;

namespace LayerCache.Containerd;

/// <summary>A gRPC channel to a server on a unix domain socket, as containerd serves its API.</summary>
public static class UnixSocketChannel
{
    public static GrpcChannel Create(string socketPath, int maxMessageBytes)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(socketPath);
        var endpoint = new UnixDomainSocketEndPoint(socketPath);
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
            // A restarted containerd must get a fresh connection, not a dead pooled one.
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            KeepAlivePingDelay = TimeSpan.FromSeconds(30),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
            EnableMultipleHttp2Connections = true,
        };

        // The authority is never resolved: every connection goes to the socket.
        return GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            MaxReceiveMessageSize = maxMessageBytes,
            MaxSendMessageSize = maxMessageBytes,
        });
    }
}
