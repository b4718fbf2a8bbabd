using LayerCache.Agent.Inventory;

namespace LayerCache.Agent.Tests;

public sealed class AgentOptionsValidatorTests
{
    private readonly AgentOptionsValidator _validator = new();

    [Fact]
    public void Validate_Defaults_Succeed() => Assert.True(_validator.Validate(null, new AgentOptions { NodeName = "n1" }).Succeeded);

    [Theory]
    [InlineData(nameof(AgentOptions.ContainerdSocket), "Agent:ContainerdSocket must be an absolute path; got 'run/containerd.sock'")]
    [InlineData(nameof(AgentOptions.CacheBudgetBytes), "Agent:CacheBudgetBytes must be positive; got 0")]
    [InlineData(nameof(AgentOptions.LowWatermarkPercent), "Agent:LowWatermarkPercent and Agent:HighWatermarkPercent must satisfy 0 < low <= high <= 100; got 95 and 90")]
    [InlineData(nameof(AgentOptions.PrefetchConcurrency), "Agent:PrefetchConcurrency must be 1 to 64; got 0")]
    [InlineData(nameof(AgentOptions.ResyncInterval), "Agent:ResyncInterval must be at least 1 second; got 00:00:00.5000000")]
    [InlineData(nameof(AgentOptions.ImageMinimumAge), "Agent:ImageMinimumAge must be 0 (off) or positive; got -00:00:01")]
    [InlineData(nameof(AgentOptions.PlainHttpRegistries), "Agent:PlainHttpRegistries holds host[:port] names, without a scheme")]
    [InlineData(nameof(AgentOptions.RegistryCredentialsFile), "Agent:RegistryCredentialsFile must be an absolute path (the mounted Secret's .dockerconfigjson); got 'secret/.dockerconfigjson'")]
    [InlineData(nameof(AgentOptions.RegistryHostsDirectory), "Agent:RegistryHostsDirectory must be empty or an absolute path (containerd's certs.d); got 'certs.d'")]
    [InlineData(nameof(AgentOptions.EvictionPolicy), "Agent:EvictionPolicy must be one of Lru, Lfu, Gdsf, ClusterAware")]
    public void Validate_BadSetting_NamesItAndWhatItMustBe(string setting, string expected)
    {
        var options = new AgentOptions { NodeName = "n1" };
        switch (setting)
        {
            case nameof(AgentOptions.ContainerdSocket): options.ContainerdSocket = "run/containerd.sock"; break;
            case nameof(AgentOptions.CacheBudgetBytes): options.CacheBudgetBytes = 0; break;
            case nameof(AgentOptions.LowWatermarkPercent): options.LowWatermarkPercent = 95; break;
            case nameof(AgentOptions.PrefetchConcurrency): options.PrefetchConcurrency = 0; break;
            case nameof(AgentOptions.ResyncInterval): options.ResyncInterval = TimeSpan.FromMilliseconds(500); break;
            case nameof(AgentOptions.ImageMinimumAge): options.ImageMinimumAge = TimeSpan.FromSeconds(-1); break;
            case nameof(AgentOptions.PlainHttpRegistries): options.PlainHttpRegistries.Add("http://registry:5000"); break;
            case nameof(AgentOptions.RegistryCredentialsFile): options.RegistryCredentialsFile = "secret/.dockerconfigjson"; break;
            case nameof(AgentOptions.RegistryHostsDirectory): options.RegistryHostsDirectory = "certs.d"; break;
            case nameof(AgentOptions.EvictionPolicy): options.EvictionPolicy = (EvictionPolicyKind)42; break;
        }

        var result = _validator.Validate(null, options);

        Assert.True(result.Failed);
        Assert.Equal([expected], result.Failures);
    }

    [Theory]
    [InlineData(new[] { "sha256:abc", "reg/app@sha256:abc", "reg/app:v1" }, "reg/app:v1")]
    [InlineData(new[] { "sha256:abc", "reg/app@sha256:abc" }, "reg/app@sha256:abc")]
    [InlineData(new[] { "sha256:abc" }, "sha256:abc")]
    public void PreferredName_TagThenDigestReferenceThenId(string[] names, string expected) =>
        Assert.Equal(expected, ContainerdInventoryReader.PreferredName(names));
}
