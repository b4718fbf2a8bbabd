using LayerCache.Agent.Node;
using LayerCache.Cluster;
using Microsoft.Extensions.Options;

namespace LayerCache.Agent;

/// <summary>Checks the agent's settings at start-up and names each bad one with what it must be.</summary>
public sealed class AgentOptionsValidator : IValidateOptions<AgentOptions>
{
    public ValidateOptionsResult Validate(string? name, AgentOptions options)
    {
        var errors = new List<string>();
        void Check(bool ok, string message)
        {
            if (!ok)
            {
                errors.Add(message);
            }
        }

        Check(!string.IsNullOrWhiteSpace(options.NodeName), "Agent:NodeName must not be empty (set NODE_NAME)");
        Check(Path.IsPathRooted(options.ContainerdSocket), $"Agent:ContainerdSocket must be an absolute path; got '{options.ContainerdSocket}'");
        Check(!string.IsNullOrWhiteSpace(options.Namespace), "Agent:Namespace must not be empty");
        Check(options.CacheBudgetBytes is null or > 0, $"Agent:CacheBudgetBytes must be positive, or unset to take a share of Agent:ContainerdRoot's filesystem; got {options.CacheBudgetBytes}");
        Check(Path.IsPathRooted(options.ContainerdRoot), $"Agent:ContainerdRoot must be an absolute path; got '{options.ContainerdRoot}'");
        if (options.CacheBudgetBytes is null && Path.IsPathRooted(options.ContainerdRoot) && !CacheBudget.TryResolve(options, out _, out var budgetError))
        {
            errors.Add(budgetError);
        }

        Check(
            options.LowWatermarkPercent is > 0 and <= 100 && options.HighWatermarkPercent is > 0 and <= 100
                && options.LowWatermarkPercent <= options.HighWatermarkPercent,
            $"Agent:LowWatermarkPercent and Agent:HighWatermarkPercent must satisfy 0 < low <= high <= 100; got {options.LowWatermarkPercent} and {options.HighWatermarkPercent}");
        Check(Enum.IsDefined(options.EvictionPolicy), $"Agent:EvictionPolicy must be one of {string.Join(", ", Enum.GetNames<EvictionPolicyKind>())}");
        Check(options.ImageMinimumAge >= TimeSpan.Zero, $"Agent:ImageMinimumAge must be 0 (off) or positive; got {options.ImageMinimumAge}");
        Check(options.ResyncInterval >= TimeSpan.FromSeconds(1), $"Agent:ResyncInterval must be at least 1 second; got {options.ResyncInterval}");
        Check(options.PrefetchConcurrency is >= 1 and <= 64, $"Agent:PrefetchConcurrency must be 1 to 64; got {options.PrefetchConcurrency}");
        Check(options.BandwidthCapBytesPerSecond >= 0, $"Agent:BandwidthCapBytesPerSecond must be 0 (no cap) or positive; got {options.BandwidthCapBytesPerSecond}");
        Check(options.PlainHttpRegistries.All(r => !string.IsNullOrWhiteSpace(r) && !r.Contains("://", StringComparison.Ordinal)),
            "Agent:PlainHttpRegistries holds host[:port] names, without a scheme");
        // Neither need exist yet: an optional Secret is mounted empty, and a node may have no certs.d; both are read as they change.
        Check(string.IsNullOrEmpty(options.RegistryCredentialsFile) || Path.IsPathRooted(options.RegistryCredentialsFile),
            $"Agent:RegistryCredentialsFile must be an absolute path (the mounted Secret's .dockerconfigjson); got '{options.RegistryCredentialsFile}'");
        Check(string.IsNullOrEmpty(options.RegistryHostsDirectory) || Path.IsPathRooted(options.RegistryHostsDirectory),
            $"Agent:RegistryHostsDirectory must be empty or an absolute path (containerd's certs.d); got '{options.RegistryHostsDirectory}'");
        Check(!string.IsNullOrWhiteSpace(options.LeaseId), "Agent:LeaseId must not be empty");
        Check(!string.IsNullOrWhiteSpace(options.Snapshotter), "Agent:Snapshotter must not be empty: give the CRI plugin's snapshotter (overlayfs unless changed)");
        Check(options.LeaseTtl >= TimeSpan.FromSeconds(3) && options.LeaseTtl <= TimeSpan.FromDays(1), $"Agent:LeaseTtl must be 3 seconds to 1 day; got {options.LeaseTtl}");
        Check(options.PopularityHalfLife > TimeSpan.Zero, "Agent:PopularityHalfLife must be positive");
        Check(RedisConnection.IsValid(options.Redis), $"Agent:Redis must be empty or a Redis configuration string (host:port[,option=value...]); got '{options.Redis}'");
        Check(options.OrderMaxAge > TimeSpan.Zero, $"Agent:OrderMaxAge must be positive; got {options.OrderMaxAge}");
        Check(options.MaxOrderBytes >= 0, $"Agent:MaxOrderBytes must be 0 (the cache budget) or more; got {options.MaxOrderBytes}");
        Check(options.MaxOrderBytesPerHour >= 0, $"Agent:MaxOrderBytesPerHour must be 0 (four cache budgets) or more; got {options.MaxOrderBytesPerHour}");
        if (!string.IsNullOrWhiteSpace(options.OrderKeysDirectory))
        {
            try
            {
                _ = OrderKeys.Load(options.OrderKeysDirectory);
            }
            catch (InvalidOperationException e)
            {
                errors.Add($"Agent:OrderKeysDirectory: {e.Message}");
            }
        }
        Check(options.HeartbeatInterval >= TimeSpan.FromMilliseconds(100) && options.HeartbeatInterval <= TimeSpan.FromMinutes(5),
            $"Agent:HeartbeatInterval must be 100 ms to 5 minutes; got {options.HeartbeatInterval}");
        Check(options.OrderPollInterval >= TimeSpan.FromMilliseconds(50) && options.OrderPollInterval <= TimeSpan.FromMinutes(1),
            $"Agent:OrderPollInterval must be 50 ms to 1 minute; got {options.OrderPollInterval}");
        Check(options.MaxOrdersInFlight is >= 1 and <= 64, $"Agent:MaxOrdersInFlight must be 1 to 64; got {options.MaxOrdersInFlight}");
        errors.AddRange(Peers.PeerOptionsCheck.Problems(options.Peers));
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
