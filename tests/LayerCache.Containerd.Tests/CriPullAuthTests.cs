using Grpc.Core;
using LayerCache.Testing.Containerd;
using LayerCache.Testing.Registry;

namespace LayerCache.Containerd.Tests;

/// <summary>CRI pulls from a registry that demands a bearer token: what containerd does with the AuthConfig it is given.</summary>
public sealed class CriPullAuthTests(ContainerdFixture containerd, TokenAuthRegistryFixture registry)
    : IClassFixture<ContainerdFixture>, IClassFixture<TokenAuthRegistryFixture>
{
    [Fact]
    public async Task PullImage_WithCredentialsForTheServer_Pulls()
    {
        var reference = await PushAsync("auth/pulled:1", seed: 11);
        using var client = containerd.CreateClient();

        var imageId = await client.PullImageAsync(reference, Credentials($"http://{registry.Host}"));

        Assert.StartsWith("sha256:", imageId, StringComparison.Ordinal);
        Assert.NotNull(await client.ImageStatusAsync(reference, CancellationToken.None));
    }

    [Fact]
    public async Task PullImage_WithoutCredentials_FailsAsUnauthorized()
    {
        var reference = await PushAsync("auth/anonymous:1", seed: 12);
        using var client = containerd.CreateClient();

        var error = await Assert.ThrowsAsync<RpcException>(() => client.PullImageAsync(reference));

        Assert.Contains("401 Unauthorized", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PullImage_CredentialsForAnotherServerAddress_AreNotSent()
    {
        var reference = await PushAsync("auth/elsewhere:1", seed: 13);
        using var client = containerd.CreateClient();
        var refusalsBefore = registry.TokenServer.Refusals;

        var error = await Assert.ThrowsAsync<RpcException>(() => client.PullImageAsync(reference, Credentials("https://mirror.example.com")));

        // The token server refused anonymous requests: containerd kept the credentials for the server they name.
        Assert.Contains("401 Unauthorized", error.Status.Detail, StringComparison.Ordinal);
        Assert.True(registry.TokenServer.Refusals > refusalsBefore);
    }

    [Fact]
    public void ToString_NamesServerAndUser_NeverThePasswordOrToken()
    {
        var text = new CriPullCredentials("alice", "pa55word", "refresh-token", "registry-token", "https://r.example").ToString();

        Assert.Contains("alice", text, StringComparison.Ordinal);
        Assert.Contains("https://r.example", text, StringComparison.Ordinal);
        Assert.DoesNotContain("pa55word", text, StringComparison.Ordinal);
        Assert.DoesNotContain("token", text, StringComparison.Ordinal);
    }

    private static CriPullCredentials Credentials(string serverAddress) =>
        new(TokenAuthRegistryFixture.Username, TokenAuthRegistryFixture.Password, ServerAddress: serverAddress);

    private async Task<string> PushAsync(string repositoryAndTag, int seed)
    {
        containerd.TrustPlainHttpRegistry(registry.Host);
        var builder = new OciImageBuilder(seed);
        using var pusher = registry.CreateClient();
        await OciImageBuilder.PushAsync(pusher, registry.Reference(repositoryAndTag), builder.CreateImage(builder.CreateLayers(10_000)));
        return $"{registry.Host}/{repositoryAndTag}";
    }
}
