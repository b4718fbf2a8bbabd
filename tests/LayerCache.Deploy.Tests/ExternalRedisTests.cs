using LayerCache.Deploy.Tests.Rendering;
using LayerCache.Deploy.Tests.Wiring;

namespace LayerCache.Deploy.Tests;

/// <summary>
/// The external-redis overlay gives the agents and the coordinators the operator's Redis from one Secret key,
/// through the environment, which .NET reads over appsettings.json ("A__B" is the setting "A:B").
/// </summary>
[Collection(OverlaysCollection.Name)]
public sealed class ExternalRedisTests(RenderedOverlays overlays)
{
    private const string Secret = "layercache-redis";
    private const string Key = "configuration";

    [Theory]
    [InlineData("layercache-agent", "Agent__Redis")]
    [InlineData("layercache-coordinator", "Redis__Configuration")]
    public void RedisSetting_ExternalRedis_ComesFromTheSecretKey(string workload, string variable)
    {
        var service = ServiceContainer.In(overlays).Single(s => s.Overlay.Name == "external-redis" && s.Workload.Name == workload);

        var env = Assert.Single(service.Container.Env, e => e.Name == variable);

        Assert.Equal(Secret, env.ValueFrom?.SecretKeyRef?.Name);
        Assert.Equal(Key, env.ValueFrom?.SecretKeyRef?.Key);
        Assert.NotEqual(true, env.ValueFrom?.SecretKeyRef?.Optional);
        // The variable overrides a setting the service has: a misspelt one would leave the bundled default in force.
        Assert.NotNull(service.Settings.Configuration[variable.Replace("__", ":", StringComparison.Ordinal)]);
    }
}
