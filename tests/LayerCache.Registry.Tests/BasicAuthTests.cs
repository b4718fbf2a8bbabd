using LayerCache.Testing.Registry;

namespace LayerCache.Registry.Tests;

public sealed class BasicAuthTests(BasicAuthRegistryFixture registry) : IClassFixture<BasicAuthRegistryFixture>
{
    [Fact]
    public async Task Basic_ConfiguredCredentials_PushResolveAndFetch()
    {
        using var client = registry.CreateClient();
        var builder = new OciImageBuilder(seed: 401);
        var image = builder.CreateImage(builder.CreateLayers(20_000));
        var target = registry.Reference("basic/app:v1");
        await OciImageBuilder.PushAsync(client, target, image);
        using var destination = new MemoryStream();

        var resolved = await client.ResolveAsync(target);
        await client.FetchBlobAsync(target, resolved.Image.Layers[0], destination);

        Assert.Equal(image.ManifestDigest, resolved.ManifestDigest);
        Assert.Equal(image.TestLayers[0].Bytes, destination.ToArray());
        Assert.Contains(registry.Proxy.Requests, r => r.Authorization?.StartsWith("Basic ", StringComparison.Ordinal) == true);
        Assert.Equal(0, client.TokensFetched);
    }

    [Fact]
    public async Task Basic_NoCredentials_SaysNoneAreConfigured()
    {
        using var client = registry.CreateClient(registry.CreateOptionsWithoutCredentials());

        var error = await Assert.ThrowsAsync<RegistryAuthenticationException>(() => client.ResolveAsync(registry.Reference("basic/app:v1")));

        Assert.Contains("no credentials are configured", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Basic_WrongPassword_IsRefused()
    {
        var options = registry.CreateOptionsWithoutCredentials();
        options.Credentials[registry.Host] = new RegistryCredential(BasicAuthRegistryFixture.Username, "wrong");
        using var client = registry.CreateClient(options);

        await Assert.ThrowsAsync<RegistryAuthenticationException>(() => client.ResolveAsync(registry.Reference("basic/app:v1")));
    }
}
