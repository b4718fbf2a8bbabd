using System.Net;
using LayerCache.Registry;
using Microsoft.Extensions.Options;

namespace LayerCache.Coordinator;

/// <summary>Checks the coordinator's settings at start-up and names each bad one with what it must be.</summary>
public sealed class CoordinatorOptionsValidator : IValidateOptions<CoordinatorOptions>
{
    public ValidateOptionsResult Validate(string? name, CoordinatorOptions options)
    {
        var errors = new List<string>();
        void Check(bool ok, string message)
        {
            if (!ok)
            {
                errors.Add(message);
            }
        }

        Check(options.GrpcPort is null or (>= 0 and <= 65535), $"Coordinator:GrpcPort must be 0 to 65535 or unset; got {options.GrpcPort}");
        Check(IPAddress.TryParse(options.GrpcBindAddress, out _), $"Coordinator:GrpcBindAddress must be an IP address; got '{options.GrpcBindAddress}'");
        Check(options.MaxRequestBodyBytes is >= 1024 and <= 64L * 1024 * 1024,
            $"Coordinator:MaxRequestBodyBytes must be 1024 to 67108864; got {options.MaxRequestBodyBytes}");
        Check(options.MaxImagesPerRequest is >= 1 and <= 1024, $"Coordinator:MaxImagesPerRequest must be 1 to 1024; got {options.MaxImagesPerRequest}");
        Check(Positive(options.DefaultBandwidthBytesPerSecond), $"Coordinator:DefaultBandwidthBytesPerSecond must be positive; got {options.DefaultBandwidthBytesPerSecond}");
        Check(Positive(options.MaxBandwidthBytesPerSecond) && options.MaxBandwidthBytesPerSecond >= options.DefaultBandwidthBytesPerSecond,
            $"Coordinator:MaxBandwidthBytesPerSecond must be at least DefaultBandwidthBytesPerSecond; got {options.MaxBandwidthBytesPerSecond}");
        Check(Positive(options.UnpackBytesPerSecond), $"Coordinator:UnpackBytesPerSecond must be positive; got {options.UnpackBytesPerSecond}");
        Check(double.IsFinite(options.LanBytesPerSecond) && options.LanBytesPerSecond >= 0,
            $"Coordinator:LanBytesPerSecond must be 0 (no peer fetch) or positive; got {options.LanBytesPerSecond}");
        Check(double.IsFinite(options.LanRequestSeconds) && options.LanRequestSeconds >= 0,
            $"Coordinator:LanRequestSeconds must be 0 or more; got {options.LanRequestSeconds}");
        Check(double.IsFinite(options.LayerRequestSeconds) && options.LayerRequestSeconds >= 0,
            $"Coordinator:LayerRequestSeconds must be 0 or more; got {options.LayerRequestSeconds}");
        Check(options.DefaultCapacityBytes > 0, $"Coordinator:DefaultCapacityBytes must be positive; got {options.DefaultCapacityBytes}");
        Check(options.UnknownImageWait >= TimeSpan.Zero && options.UnknownImageWait <= TimeSpan.FromSeconds(10),
            $"Coordinator:UnknownImageWait must be 00:00:00 to 00:00:10; got {options.UnknownImageWait}");
        Check(options.UnknownImageQueueLength is >= 1 and <= 1_000_000, $"Coordinator:UnknownImageQueueLength must be 1 to 1000000; got {options.UnknownImageQueueLength}");
        Check(options.RememberedPodImages is >= 1 and <= 10_000_000, $"Coordinator:RememberedPodImages must be 1 to 10000000; got {options.RememberedPodImages}");
        Check(options.PopularityHalfLife > TimeSpan.Zero, "Coordinator:PopularityHalfLife must be positive");
        Check(options.MetricsPort is null or (>= 0 and <= 65535) && (options.MetricsPort is null or 0 || options.MetricsPort != options.GrpcPort),
            $"Coordinator:MetricsPort must be 0 to 65535, not the gRPC port, or unset; got {options.MetricsPort}");
        Check(options.RegistryLookupsPerSecond is >= 1 and <= 10_000, $"Coordinator:RegistryLookupsPerSecond must be 1 to 10000; got {options.RegistryLookupsPerSecond}");
        Check(options.MaxConcurrentConnections is >= 16 and <= 1_000_000, $"Coordinator:MaxConcurrentConnections must be 16 to 1000000; got {options.MaxConcurrentConnections}");
        Check(options.RequestHeadersTimeout >= TimeSpan.FromSeconds(1) && options.RequestHeadersTimeout <= TimeSpan.FromMinutes(5),
            $"Coordinator:RequestHeadersTimeout must be 00:00:01 to 00:05:00; got {options.RequestHeadersTimeout}");
        Check(string.IsNullOrWhiteSpace(options.ApiTokenFile) || File.Exists(options.ApiTokenFile), $"Coordinator:ApiTokenFile must be a file that exists; got '{options.ApiTokenFile}'");
        Check(string.IsNullOrWhiteSpace(options.ClientCaFile) || File.Exists(options.ClientCaFile), $"Coordinator:ClientCaFile must be a PEM file that exists; got '{options.ClientCaFile}'");
        foreach (var registry in options.AllowedRegistries)
        {
            Check(ImageReference.TryParse($"{registry}/probe:1", out var parsed, out _) && parsed.Registry == registry,
                $"Coordinator:AllowedRegistries must name registries as image references do (host or host:port); got '{registry}'");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static bool Positive(double value) => double.IsFinite(value) && value > 0;
}
