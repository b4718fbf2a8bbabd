using LayerCache.Testing.Registry;

namespace LayerCache.Agent.Tests.Support;

/// <summary>The node environment (containerd, and Redis for orders) with a registry that demands a bearer token from its token server.</summary>
public sealed class TokenAuthClusterEnvironment : ClusterNodeEnvironment
{
    public TokenAuthClusterEnvironment()
        : base(new TokenAuthRegistryFixture())
    {
    }

    public TokenAuthRegistryFixture TokenRegistry => (TokenAuthRegistryFixture)Registry;
}
