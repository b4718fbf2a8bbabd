using LayerCache.Cluster;
using LayerCache.Core.Eviction;
using Microsoft.Extensions.Options;

namespace LayerCache.Coordinator.Planning;

/// <summary>Checks <see cref="PlannerOptions"/> at start-up; each failure names the setting and what it must be.</summary>
public sealed class PlannerOptionsValidator : IValidateOptions<PlannerOptions>
{
    public ValidateOptionsResult Validate(string? name, PlannerOptions options)
    {
        var failures = new List<string>();
        if (options.Interval <= TimeSpan.Zero)
        {
            failures.Add($"{PlannerOptions.Section}:Interval must be positive (got {options.Interval})");
        }

        if (options.LockExpiry < options.Interval * 2)
        {
            failures.Add($"{PlannerOptions.Section}:LockExpiry must be at least twice Interval, so the leader renews in time (got {options.LockExpiry} and {options.Interval})");
        }

        if (!string.IsNullOrWhiteSpace(options.OrderKeysDirectory))
        {
            try
            {
                _ = OrderKeys.Load(options.OrderKeysDirectory, options.OrderSigningKey, signs: true);
            }
            catch (InvalidOperationException e)
            {
                failures.Add($"{PlannerOptions.Section}:OrderKeysDirectory: {e.Message}");
            }
        }

        if (options.OrderTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{PlannerOptions.Section}:OrderTimeout must be positive (got {options.OrderTimeout})");
        }

        if (EvictionPolicies.TryCreate(options.Policy) is null)
        {
            failures.Add($"{PlannerOptions.Section}:Policy must be one of {string.Join(", ", EvictionPolicies.Names)} (got '{options.Policy}')");
        }

        if (options.CandidateLayers < 0 || options.MinLayerRequests < 0 || options.MinRequestsPerReplica < 0
            || options.MaxBytesPerNodePerRound < 0 || options.MaxLayersPerNodePerRound < 0)
        {
            failures.Add($"{PlannerOptions.Section}: CandidateLayers, MinLayerRequests, MinRequestsPerReplica, MaxBytesPerNodePerRound and MaxLayersPerNodePerRound must not be negative");
        }

        if (options.CandidateImages < 0 || options.MinImageRequestsPerNode < 0 || options.MaxUnpackBytesPerNodePerRound < 0)
        {
            failures.Add($"{PlannerOptions.Section}: CandidateImages, MinImageRequestsPerNode and MaxUnpackBytesPerNodePerRound must not be negative");
        }

        if (!double.IsFinite(options.UnpackedToCompressedRatio) || options.UnpackedToCompressedRatio < 0)
        {
            failures.Add($"{PlannerOptions.Section}:UnpackedToCompressedRatio must be a number >= 0 (got {options.UnpackedToCompressedRatio})");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
