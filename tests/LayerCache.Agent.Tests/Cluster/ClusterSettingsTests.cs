namespace LayerCache.Agent.Tests.Cluster;

/// <summary>The cluster link's settings, checked at start-up like every other.</summary>
public sealed class ClusterSettingsTests
{
    private readonly AgentOptionsValidator _validator = new();

    [Theory]
    [InlineData("")]
    [InlineData("redis:6379")]
    [InlineData("10.0.0.1:6379,10.0.0.2:6379,password=secret,ssl=true")]
    public void Validate_RedisEmptyOrAConfigurationString_Succeeds(string redis) =>
        Assert.True(_validator.Validate(null, Redis(redis)).Succeeded);

    [Theory]
    [InlineData(nameof(AgentOptions.Redis), "Agent:Redis must be empty or a Redis configuration string (host:port[,option=value...]); got 'redis:6379,nosuchoption=1'")]
    [InlineData(nameof(AgentOptions.HeartbeatInterval), "Agent:HeartbeatInterval must be 100 ms to 5 minutes; got 00:00:00")]
    [InlineData(nameof(AgentOptions.OrderPollInterval), "Agent:OrderPollInterval must be 50 ms to 1 minute; got 00:02:00")]
    [InlineData(nameof(AgentOptions.MaxOrdersInFlight), "Agent:MaxOrdersInFlight must be 1 to 64; got 0")]
    public void Validate_BadClusterSetting_NamesItAndWhatItMustBe(string setting, string expected)
    {
        var options = AgentOptionsValidatorTests.Valid();
        switch (setting)
        {
            case nameof(AgentOptions.Redis): options.Redis = "redis:6379,nosuchoption=1"; break;
            case nameof(AgentOptions.HeartbeatInterval): options.HeartbeatInterval = TimeSpan.Zero; break;
            case nameof(AgentOptions.OrderPollInterval): options.OrderPollInterval = TimeSpan.FromMinutes(2); break;
            case nameof(AgentOptions.MaxOrdersInFlight): options.MaxOrdersInFlight = 0; break;
        }

        var result = _validator.Validate(null, options);

        Assert.True(result.Failed);
        Assert.Equal([expected], result.Failures);
    }

    private static AgentOptions Redis(string redis)
    {
        var options = AgentOptionsValidatorTests.Valid();
        options.Redis = redis;
        return options;
    }
}
