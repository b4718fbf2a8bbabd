using System.Security.Cryptography;
using System.Text;
using LayerCache.Core.Model;
using LayerCache.Testing.Fuzzing;
using LayerCache.Testing.Registry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LayerCache.Registry.Tests;

/// <summary>
/// A registry that answers with mutated manifests and indexes (seeded; each served with its true digest, so parsing is
/// what is tested), mutated redirects, and mutated token answers and challenges: resolving gives an image or a
/// <see cref="RegistryException"/> saying what is wrong, never another exception.
/// </summary>
public sealed class ManifestFuzzTests : IAsyncLifetime
{
    private const int Mutants = 400;

    private readonly Dictionary<string, (byte[] Bytes, string MediaType)> _byReference = new(StringComparer.Ordinal);
    private string _redirectTo = "";
    private string _tokenAnswer = "";
    private string _challenge = "";
    private WebApplication _app = null!;
    private string _host = null!;

    [Fact]
    public Task Manifest() => FuzzAsync(21, index: false);

    [Fact]
    public Task Index() => FuzzAsync(22, index: true);

    [Fact]
    public async Task Redirects()
    {
        var random = new Random(23);
        var image = new OciImageBuilder(23).CreateImage([new OciImageBuilder(24).CreateLayer(1000)]);
        _byReference["v1"] = (image.ManifestBytes, MediaTypes.OciManifest);
        string[] locations =
        [
            $"http://{_host}/v2/fuzz/app/manifests/v1", "/v2/fuzz/app/manifests/v1", "manifests/v1", "//", "/", "?", "#x", "http://127.0.0.1:1/v2/x",
            "https://127.0.0.1:1/", "file:///etc/passwd", "ftp://example.test/x", "gopher://x", "http://[::1]:1/", "http://%zz/", "javascript:alert(1)",
            "http://" + new string('a', 300) + "/", "/v2/fuzz/app/manifests/redirect", "data:text/plain,hello",
        ];
        var (resolved, refused) = (0, 0);
        for (var i = 0; i < Mutants; i++)
        {
            var location = locations[random.Next(locations.Length)];
            _redirectTo = random.Next(3) == 0 ? JsonMutator.Mutate(location, random) : location;
            (resolved, refused) = await ResolveOnceAsync("redirect", resolved, refused, $"redirect to {_redirectTo}");
        }

        Assert.True(resolved > 0 && refused > 0, $"{resolved} resolved, {refused} refused");
    }

    [Fact]
    public async Task TokenAnswersAndChallenges()
    {
        var random = new Random(25);
        var image = new OciImageBuilder(25).CreateImage([new OciImageBuilder(26).CreateLayer(1000)]);
        _byReference["v1"] = (image.ManifestBytes, MediaTypes.OciManifest);
        const string goodToken = "{\"token\":\"fuzz-token\",\"access_token\":\"fuzz-token\",\"expires_in\":300,\"issued_at\":\"2026-01-01T00:00:00Z\"}";
        var goodChallenge = $"Bearer realm=\"http://{_host}/token\",service=\"fuzz\",scope=\"repository:fuzz/app:pull\"";
        var (resolved, refused) = (0, 0);
        for (var i = 0; i < Mutants; i++)
        {
            _tokenAnswer = random.Next(4) == 0 ? goodToken : JsonMutator.Mutate(goodToken, random);
            _challenge = random.Next(4) == 0 ? JsonMutator.Mutate(goodChallenge, random) : goodChallenge;
            (resolved, refused) = await ResolveOnceAsync("token", resolved, refused, $"token answer {_tokenAnswer}, challenge {_challenge}");
        }

        Assert.True(resolved > 0 && refused > 0, $"{resolved} resolved, {refused} refused");
    }

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapGet("/v2/", () => Results.Json(new Dictionary<string, string>()));
        _app.MapMethods("/v2/fuzz/app/manifests/{reference}", ["GET", "HEAD"], (string reference, HttpContext context) => Serve(reference, context));
        _app.MapMethods("/v2/redirect/app/manifests/{reference}", ["GET", "HEAD"], (HttpContext context) =>
        {
            context.Response.Headers.Location = _redirectTo;
            return Results.StatusCode(StatusCodes.Status307TemporaryRedirect);
        });
        _app.MapMethods("/v2/token/app/manifests/{reference}", ["GET", "HEAD"], (HttpContext context) =>
        {
            if (context.Request.Headers.Authorization.ToString() == "Bearer fuzz-token")
            {
                return Serve("v1", context);
            }

            context.Response.Headers.WWWAuthenticate = _challenge;
            return Results.StatusCode(StatusCodes.Status401Unauthorized);
        });
        _app.MapGet("/token", () => Results.Text(_tokenAnswer, "application/json"));
        await _app.StartAsync();
        var address = new Uri(_app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single());
        _host = $"127.0.0.1:{address.Port}";
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task FuzzAsync(int seed, bool index)
    {
        var builder = new OciImageBuilder(seed);
        var images = new[] { new Platform("linux", "amd64"), new Platform("linux", "arm64", "v8") }
            .Select(p => builder.CreateImage([builder.CreateLayer(2000), builder.CreateLayer(3000)], p)).ToList();
        var ofThisMachine = images.FirstOrDefault(i => Platform.Current.Matches(i.Platform)) ?? images[0];
        var good = index ? OciImageBuilder.CreateIndex(images).IndexBytes : ofThisMachine.ManifestBytes;
        var mediaType = index ? MediaTypes.OciIndex : MediaTypes.OciManifest;
        foreach (var image in images)
        {
            _byReference[image.ManifestDigest.Value] = (image.ManifestBytes, MediaTypes.OciManifest);
        }

        using var client = Client();
        var random = new Random(seed);
        var (resolved, refused) = (0, 0);
        for (var i = 0; i < Mutants; i++)
        {
            var mutant = Encoding.UTF8.GetBytes(JsonMutator.Mutate(Encoding.UTF8.GetString(good), random));
            _byReference["v1"] = (mutant, mediaType);
            try
            {
                await client.ResolveAsync($"{_host}/fuzz/app:v1");
                resolved++;
            }
            catch (RegistryException)
            {
                refused++;
            }
            catch (Exception e)
            {
                Assert.Fail($"seed {seed}, mutant {i} threw {e.GetType().Name}: {e.Message}\n{Encoding.UTF8.GetString(mutant)}");
            }
        }

        // Some mutants stay valid (a changed value of the right kind), most do not: both paths were taken.
        Assert.True(resolved > 0 && refused > 0, $"{resolved} resolved, {refused} refused");
    }

    private async Task<(int Resolved, int Refused)> ResolveOnceAsync(string repository, int resolved, int refused, string what)
    {
        using var client = Client();
        try
        {
            await client.ResolveAsync($"{_host}/{repository}/app:v1");
            return (resolved + 1, refused);
        }
        catch (RegistryException)
        {
            return (resolved, refused + 1);
        }
        catch (Exception e)
        {
            Assert.Fail($"{what} threw {e.GetType().Name}: {e.Message}");
            throw;
        }
    }

    private RegistryClient Client() => new(new RegistryOptions
    {
        UseDockerConfig = false,
        InsecureHosts = { _host },
        RequestTimeout = TimeSpan.FromSeconds(10),
        InitialBackoff = TimeSpan.FromMilliseconds(1),
        MaxBackoff = TimeSpan.FromMilliseconds(5),
    });

    private IResult Serve(string reference, HttpContext context)
    {
        if (!_byReference.TryGetValue(reference, out var manifest))
        {
            return Results.NotFound();
        }

        context.Response.Headers["Docker-Content-Digest"] = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(manifest.Bytes));
        return Results.Bytes(manifest.Bytes, manifest.MediaType);
    }
}
