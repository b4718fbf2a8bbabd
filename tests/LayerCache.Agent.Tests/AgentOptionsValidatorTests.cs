using LayerCache.Agent.Inventory;

namespace LayerCache.Agent.Tests;

public sealed class AgentOptionsValidatorTests
{
    private readonly AgentOptionsValidator _validator = new();

    /// <summary>The kubelet's image GC thresholds (imageGCHighThresholdPercent, imageGCLowThresholdPercent), by default.</summary>
    private const double KubeletImageGcHighPercent = 85;
    private const double KubeletImageGcLowPercent = 80;

    [Fact]
    public void Validate_Defaults_Succeed() => Assert.True(_validator.Validate(null, Valid()).Succeeded);

    [Fact]
    public void Defaults_WatermarksSitBelowTheKubeletsImageGcThresholds()
    {
        var options = new AgentOptions();

        Assert.True(options.HighWatermarkPercent < KubeletImageGcHighPercent, $"high watermark {options.HighWatermarkPercent}");
        Assert.True(options.LowWatermarkPercent < KubeletImageGcLowPercent, $"low watermark {options.LowWatermarkPercent}");
    }

    [Fact]
    public void Validate_BudgetUnset_RootMissing_SaysWhichPathAndWhatToDo()
    {
        var options = Valid();
        options.ContainerdRoot = "/nonexistent/containerd";

        var result = _validator.Validate(null, options);

        Assert.Equal(
            ["Agent:ContainerdRoot '/nonexistent/containerd' does not exist: mount containerd's root directory into the agent at that path, or set Agent:CacheBudgetBytes"],
            result.Failures);
    }

    [Fact]
    public void Validate_BudgetSet_RootMissing_Succeeds()
    {
        var options = Valid();
        options.ContainerdRoot = "/nonexistent/containerd";
        options.CacheBudgetBytes = 1_000_000;

        Assert.True(_validator.Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData(nameof(AgentOptions.ContainerdSocket), "Agent:ContainerdSocket must be an absolute path; got 'run/containerd.sock'")]
    [InlineData(nameof(AgentOptions.CacheBudgetBytes), "Agent:CacheBudgetBytes must be positive, or unset to take a share of Agent:ContainerdRoot's filesystem; got 0")]
    [InlineData(nameof(AgentOptions.ContainerdRoot), "Agent:ContainerdRoot must be an absolute path; got 'var/lib/containerd'")]
    [InlineData(nameof(AgentOptions.LeaseTtl), "Agent:LeaseTtl must be 3 seconds to 1 day; got 00:00:01")]
    [InlineData(nameof(AgentOptions.LowWatermarkPercent), "Agent:LowWatermarkPercent and Agent:HighWatermarkPercent must satisfy 0 < low <= high <= 100; got 95 and 80")]
    [InlineData(nameof(AgentOptions.PrefetchConcurrency), "Agent:PrefetchConcurrency must be 1 to 64; got 0")]
    [InlineData(nameof(AgentOptions.ResyncInterval), "Agent:ResyncInterval must be at least 1 second; got 00:00:00.5000000")]
    [InlineData(nameof(AgentOptions.ImageMinimumAge), "Agent:ImageMinimumAge must be 0 (off) or positive; got -00:00:01")]
    [InlineData(nameof(AgentOptions.PlainHttpRegistries), "Agent:PlainHttpRegistries holds host[:port] names, without a scheme")]
    [InlineData(nameof(AgentOptions.RegistryCredentialsFile), "Agent:RegistryCredentialsFile must be an absolute path (the mounted Secret's .dockerconfigjson); got 'secret/.dockerconfigjson'")]
    [InlineData(nameof(AgentOptions.RegistryHostsDirectory), "Agent:RegistryHostsDirectory must be empty or an absolute path (containerd's certs.d); got 'certs.d'")]
    [InlineData(nameof(AgentOptions.EvictionPolicy), "Agent:EvictionPolicy must be one of Lru, Lfu, Gdsf, ClusterAware")]
    public void Validate_BadSetting_NamesItAndWhatItMustBe(string setting, string expected)
    {
        var options = Valid();
        switch (setting)
        {
            case nameof(AgentOptions.ContainerdSocket): options.ContainerdSocket = "run/containerd.sock"; break;
            case nameof(AgentOptions.CacheBudgetBytes): options.CacheBudgetBytes = 0; break;
            case nameof(AgentOptions.ContainerdRoot): options.ContainerdRoot = "var/lib/containerd"; break;
            case nameof(AgentOptions.LeaseTtl): options.LeaseTtl = TimeSpan.FromSeconds(1); break;
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

    /// <summary>Valid options on any machine: containerd's root is taken to be the temporary directory.</summary>
    internal static AgentOptions Valid() => new() { NodeName = "n1", ContainerdRoot = Path.GetTempPath() };

    [Theory]
    [InlineData(new[] { "sha256:abc", "reg/app@sha256:abc", "reg/app:v1" }, "reg/app:v1")]
    [InlineData(new[] { "sha256:abc", "reg/app@sha256:abc" }, "reg/app@sha256:abc")]
    [InlineData(new[] { "sha256:abc" }, "sha256:abc")]
    public void PreferredName_TagThenDigestReferenceThenId(string[] names, string expected) =>
        Assert.Equal(expected, ContainerdInventoryReader.PreferredName(names));

    [Fact]
    public void Validate_PeerPortWithoutAnAddressPeersCanReach_SaysWhatToSet()
    {
        var options = Valid();
        options.Peers.Port = 9465;

        Assert.Equal(
            ["Agent:Peers:AdvertiseAddress must be the http:// URL peers reach Agent:Peers:Port at (http://10.0.3.7:9465) when the port is on; got ''"],
            _validator.Validate(null, options).Failures);
        options.Peers.AdvertiseAddress = "http://10.0.3.7:9465";
        Assert.True(_validator.Validate(null, options).Succeeded);
    }

    [Fact]
    public void Validate_BadPeerSettings_EachNamed()
    {
        var options = Valid();
        options.Peers.MirrorPort = 70000;
        options.Peers.MirrorBindAddress = "localhost";
        options.Peers.MaxUploads = 0;
        options.Peers.UploadBytesPerSecond = -1;
        options.Peers.StallTimeout = TimeSpan.Zero;
        options.Peers.MaxPeersPerBlob = 0;

        var failures = _validator.Validate(null, options).Failures!.ToList();

        Assert.Equal(6, failures.Count);
        Assert.All(
            ["MirrorPort", "MirrorBindAddress", "MaxUploads", "UploadBytesPerSecond", "StallTimeout", "MaxPeersPerBlob"],
            name => Assert.Contains(failures, f => f.StartsWith($"Agent:Peers:{name} ", StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData("../etc")]
    [InlineData("https://docker.io")]
    [InlineData("docker.io/library")]
    [InlineData("")]
    [InlineData("a..b")]
    [InlineData("-registry")]
    public void Validate_MirrorRegistryNotAHostName_Named(string registry)
    {
        var options = Valid();
        options.Peers.MirrorPort = 9466;
        options.Peers.MirrorRegistries = ["docker.io", registry];

        Assert.Equal(
            [$"Agent:Peers:MirrorRegistries holds registry host[:port] names or _default, without a scheme or path; got '{registry}'"],
            _validator.Validate(null, options).Failures);
    }

    [Fact]
    public void Validate_MirrorRegistries_AcceptedWithTheMirrorOnly()
    {
        var options = Valid();
        options.Peers.MirrorRegistries = ["_default", "docker.io", "registry.example.com:5000", "10.0.0.5:5000"];

        Assert.Equal(
            ["Agent:Peers:MirrorRegistries names registries for the mirror, but Agent:Peers:MirrorPort is 0 (off)"],
            _validator.Validate(null, options).Failures);
        options.Peers.MirrorPort = 9466;
        Assert.True(_validator.Validate(null, options).Succeeded);
    }
}
