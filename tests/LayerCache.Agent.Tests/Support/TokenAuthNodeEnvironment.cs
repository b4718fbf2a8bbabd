using LayerCache.Testing.Registry;

namespace LayerCache.Agent.Tests.Support;

/// <summary>The node environment with a registry that demands a bearer token from its token server.</summary>
public sealed class TokenAuthNodeEnvironment : NodeEnvironment
{
    public TokenAuthNodeEnvironment()
        : base(new TokenAuthRegistryFixture())
    {
    }

    public TokenAuthRegistryFixture TokenRegistry => (TokenAuthRegistryFixture)Registry;
}
