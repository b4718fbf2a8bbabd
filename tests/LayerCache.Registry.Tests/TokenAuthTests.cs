using LayerCache.Testing.Registry;

namespace LayerCache.Registry.Tests;

public sealed class TokenAuthTests(TokenAuthRegistryFixture registry) : IClassFixture<TokenAuthRegistryFixture>, IDisposable
{
    private readonly string _configDirectory = Path.Combine(Path.GetTempPath(), "layercache-docker-config-" + Guid.NewGuid().ToString("N")[..8]);

    [Fact]
    public async Task Bearer_CredentialsFromDockerConfig_ResolveAndFetchWithOneCachedToken()
    {
        var image = await PushImageAsync(301, "auth/app:v1");
        var options = registry.CreateOptionsWithoutCredentials();
        options.UseDockerConfig = true;
        options.DockerConfigPath = registry.WriteDockerConfig(_configDirectory, TokenAuthRegistryFixture.Username, TokenAuthRegistryFixture.Password);
        using var client = registry.CreateClient(options);
        using var destination = new MemoryStream();

        var resolved = await client.ResolveAsync(registry.Reference("auth/app:v1"));
        await client.FetchBlobAsync(registry.Reference("auth/app"), resolved.Image.Layers[0], destination);

        Assert.Equal(image.ManifestDigest, resolved.ManifestDigest);
        Assert.Equal(image.TestLayers[0].Bytes, destination.ToArray());
        Assert.Equal(1, client.TokensFetched);
        Assert.Contains(registry.Proxy.Requests, r => r.Authorization?.StartsWith("Bearer ", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Bearer_IdentityTokenFromDockerConfig_IsExchangedForAnAccessToken()
    {
        var image = await PushImageAsync(306, "auth/identity:v1");
        var options = registry.CreateOptionsWithoutCredentials();
        options.UseDockerConfig = true;
        options.DockerConfigPath = registry.WriteDockerConfigWithIdentityToken(_configDirectory, TokenServer.IdentityToken);
        using var client = registry.CreateClient(options);

        var resolved = await client.ResolveAsync(registry.Reference("auth/identity:v1"));

        Assert.Equal(image.ManifestDigest, resolved.ManifestDigest);
        Assert.Equal(1, client.TokensFetched);
    }

    [Fact]
    public async Task Bearer_Token_IsReusedUntilItExpiresThenRenewed()
    {
        await PushImageAsync(307, "auth/expiry:v1");
        var time = new RecordingTimeProvider();
        var options = registry.CreateOptions();
        options.TimeProvider = time;
        using var client = registry.CreateClient(options);
        var target = registry.Reference("auth/expiry:v1");

        await client.ResolveAsync(target);
        time.Advance(TimeSpan.FromSeconds(200));
        await client.ResolveAsync(target);
        var beforeExpiry = client.TokensFetched;
        time.Advance(TimeSpan.FromSeconds(100));
        await client.ResolveAsync(target);

        Assert.Equal(1, beforeExpiry);
        Assert.Equal(2, client.TokensFetched);
    }

    [Fact]
    public async Task Bearer_WrongPassword_FailsWithAClearAuthenticationError()
    {
        await PushImageAsync(302, "auth/wrong:v1");
        var options = registry.CreateOptionsWithoutCredentials();
        options.UseDockerConfig = true;
        options.DockerConfigPath = registry.WriteDockerConfig(_configDirectory, TokenAuthRegistryFixture.Username, "not-the-password");
        using var client = registry.CreateClient(options);
        var refusalsBefore = registry.TokenServer.Refusals;

        var error = await Assert.ThrowsAsync<RegistryAuthenticationException>(() => client.ResolveAsync(registry.Reference("auth/wrong:v1")));

        Assert.Contains("refused the credentials of 'layercache'", error.Message, StringComparison.Ordinal);
        Assert.Equal(refusalsBefore + 1, registry.TokenServer.Refusals);
    }

    [Fact]
    public async Task Bearer_NoCredentials_FailsAsAnonymousAccessRefused()
    {
        await PushImageAsync(303, "auth/anon:v1");
        using var client = registry.CreateClient(registry.CreateOptionsWithoutCredentials());

        var error = await Assert.ThrowsAsync<RegistryAuthenticationException>(() => client.ResolveAsync(registry.Reference("auth/anon:v1")));

        Assert.Contains("anonymous access", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Redirect_ToAnotherHost_DoesNotCarryTheRegistryToken()
    {
        var image = await PushImageAsync(304, "auth/redirect:v1");
        var layer = image.TestLayers[0];
        var options = registry.CreateOptions();
        options.InsecureHosts.Add(registry.AlternateHost);
        using var client = registry.CreateClient(options);
        await client.ResolveAsync(registry.Reference("auth/redirect:v1"));
        registry.Proxy.Inject(new BlobFault(BlobFaultKind.RedirectToAlternateHost, layer.Digest));
        using var destination = new MemoryStream();

        await client.FetchBlobAsync(registry.Reference("auth/redirect"), layer.ToLayer(), destination);

        Assert.Equal(layer.Bytes, destination.ToArray());
        var requests = registry.Proxy.Requests;
        var toRegistry = Assert.Single(requests, r => r.Method == "GET" && r.Host == registry.Host && r.PathAndQuery.EndsWith(layer.Digest.Value, StringComparison.Ordinal));
        Assert.Equal(307, toRegistry.Status);
        Assert.StartsWith("Bearer ", toRegistry.Authorization, StringComparison.Ordinal);
        var toStorage = Assert.Single(requests, r => r.Host == registry.AlternateHost);
        Assert.Null(toStorage.Authorization);
        Assert.Equal(200, toStorage.Status);
    }

    [Fact]
    public async Task TokenRealm_OverPlainHttpNotConfigured_IsRefused()
    {
        await PushImageAsync(305, "auth/realm:v1");
        var options = registry.CreateOptions();
        options.InsecureHosts.Remove(registry.TokenServer.Realm.Authority);
        using var client = registry.CreateClient(options);

        var error = await Assert.ThrowsAsync<InsecureRegistryException>(() => client.ResolveAsync(registry.Reference("auth/realm:v1")));

        Assert.Equal(registry.TokenServer.Realm.Authority, error.Uri.Authority);
        Assert.Contains("InsecureHosts", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_configDirectory))
        {
            Directory.Delete(_configDirectory, recursive: true);
        }
    }

    private async Task<TestImage> PushImageAsync(int seed, string repositoryAndTag)
    {
        using var pusher = registry.CreateClient();
        var builder = new OciImageBuilder(seed);
        var image = builder.CreateImage(builder.CreateLayers(30_000, 2_000));
        await OciImageBuilder.PushAsync(pusher, registry.Reference(repositoryAndTag), image);
        return image;
    }
}
