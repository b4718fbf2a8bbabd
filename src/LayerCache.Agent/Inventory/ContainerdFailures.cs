using System.Net.Sockets;
using Grpc.Core;

namespace LayerCache.Agent.Inventory;

/// <summary>Which failures mean containerd is gone (restarting, socket missing) rather than a bug of ours.</summary>
public static class ContainerdFailures
{
    public static bool IsConnectionLoss(Exception e) => e switch
    {
        RpcException rpc => rpc.StatusCode is StatusCode.Unavailable or StatusCode.Internal or StatusCode.Unknown or StatusCode.Cancelled or StatusCode.DeadlineExceeded,
        IOException or SocketException or HttpRequestException => true,
        AggregateException aggregate => aggregate.InnerExceptions.All(IsConnectionLoss),
        _ => e.InnerException is { } inner && IsConnectionLoss(inner),
    };
}
