using LayerCache.Agent.Inventory;
using LayerCache.Hosting;

namespace LayerCache.Agent.Leases;

/// <summary>
/// Renews the agent's lease at start (taking over what an earlier run held) and every third of its lifetime while the
/// agent runs. When containerd does not answer it tries again every few seconds: the lease it has still holds for two
/// more intervals. When the agent stops, nothing renews it, and what it held is collectable once it expires.
/// </summary>
public sealed partial class LeaseKeeper(
    AgentLease lease, AgentMetrics metrics, TimeProvider time, IHostApplicationLifetime lifetime, ILogger<LeaseKeeper> logger)
    : BackgroundLoop(lifetime, logger)
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

    protected override string Name => "lease";

    protected override async Task RunAsync(CancellationToken stoppingToken)
    {
        while (true)
        {
            TimeSpan next;
            try
            {
                await lease.RenewAsync(stoppingToken).ConfigureAwait(false);
                metrics.LeaseExpiry.Set(lease.ExpiresAt?.ToUnixTimeSeconds() ?? 0);
                next = lease.RenewInterval;
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested && (ContainerdFailures.IsConnectionLoss(e) || e is Grpc.Core.RpcException))
            {
                metrics.ContainerdErrors.Inc(1, "lease");
                next = RetryDelay < lease.RenewInterval ? RetryDelay : lease.RenewInterval;
                LogRenewalFailed(logger, next.TotalSeconds, lease.ExpiresAt, e.Message);
            }

            await Task.Delay(next, time, stoppingToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not renew the lease; trying again in {DelaySeconds} s (the current one expires at {ExpiresAt:o}): {Reason}")]
    private static partial void LogRenewalFailed(ILogger logger, double delaySeconds, DateTimeOffset? expiresAt, string reason);
}
