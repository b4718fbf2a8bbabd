using System.Collections.Concurrent;
using System.Security.Cryptography;
using LayerCache.Core.Model;
using LayerCache.Registry;

namespace LayerCache.EndToEnd.Images;

/// <summary>
/// Turns corpus images into real images in the site's registry with the corpus's layer sharing and scaled sizes: each corpus
/// layer becomes one forged layer (<see cref="LayerForge"/>), uploaded once and mounted into every other image that has it,
/// and each image gets a config that runs the start program and an OCI manifest tagged <see cref="SiteImageNames.Tag"/>.
/// </summary>
internal sealed class ImagePublisher : IDisposable
{
    public const int DefaultConcurrentUploads = 4;
    private const int ProgressEveryImages = 10;

    private readonly RegistryClient _registry;
    private readonly string _registryHost;
    private readonly Platform _platform;
    private readonly HttpClient _mountHttp = new();
    private readonly LayerUploads _layers;
    private readonly Action<string>? _progress;
    private readonly int _concurrentUploads;
    private readonly ConcurrentDictionary<Digest, Digest> _diffIds = new();
    private long _documentBytes;

    /// <param name="registry">A client that may talk plain HTTP to <paramref name="registryHost"/>.</param>
    /// <param name="registryHost">The registry's <c>host:port</c>, as image references name it.</param>
    /// <param name="sizeScale">Corpus layer sizes are multiplied by this (0.01 turns a 50 MB layer into 500 KB).</param>
    public ImagePublisher(
        RegistryClient registry, string registryHost, long seed, double sizeScale,
        Action<string>? progress = null, int concurrentUploads = DefaultConcurrentUploads, Platform? platform = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(registryHost);
        ArgumentOutOfRangeException.ThrowIfNegative(sizeScale);
        ArgumentOutOfRangeException.ThrowIfLessThan(concurrentUploads, 1);
        _registry = registry;
        _registryHost = registryHost;
        _platform = platform ?? Platform.Current;
        _progress = progress;
        _concurrentUploads = concurrentUploads;
        var forge = new LayerForge(seed, StartProgram.For(_platform));
        _layers = new LayerUploads(registry, new BlobMount(_mountHttp, registryHost), forge, sizeScale, concurrentUploads);
    }

    /// <summary>The diff_id of each layer blob published so far, by the blob's digest.</summary>
    public IReadOnlyDictionary<Digest, Digest> DiffIds => _diffIds;

    /// <summary>Bytes sent to the registry: layer blobs, configs and manifests; blobs it had and mounts count nothing.</summary>
    public long PushedBytes => _layers.UploadedBytes + Interlocked.Read(ref _documentBytes);

    /// <summary>
    /// Publishes the images of <paramref name="ranks"/> (indexes into <paramref name="ranked"/>, 0 = most pulled) and returns,
    /// by rank, each as the registry now holds it: real reference, manifest digest and layers.
    /// </summary>
    public async Task<IReadOnlyDictionary<int, ContainerImage>> PublishAsync(
        IReadOnlyList<ContainerImage> ranked, IReadOnlyCollection<int> ranks, CancellationToken cancellationToken = default)
    {
        foreach (var rank in ranks)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(rank);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(rank, ranked.Count);
        }

        // Base layers decide from the whole corpus, not just the published ranks: a layer's bytes must not depend on which images a run picks.
        var baseLayers = ranked.Where(i => i.Layers.Count > 0).Select(i => i.Layers[0].Digest).ToHashSet();
        var published = new ConcurrentDictionary<int, ContainerImage>();
        var ordered = ranks.Distinct().Order().ToList();
        var options = new ParallelOptions { MaxDegreeOfParallelism = _concurrentUploads, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(ordered, options, async (rank, ct) =>
        {
            published[rank] = await PublishImageAsync(rank, ranked[rank], baseLayers, ct).ConfigureAwait(false);
            ReportProgress(published.Count, ordered.Count);
        }).ConfigureAwait(false);

        return ordered.ToDictionary(rank => rank, rank => published[rank]);
    }

    /// <summary>A client for the site's registry, which serves plain HTTP and ignores this machine's docker credentials.</summary>
    public static RegistryClient CreateClient(string registryHost)
    {
        var options = new RegistryOptions { UseDockerConfig = false };
        options.InsecureHosts.Add(registryHost);
        return new RegistryClient(options);
    }

    public void Dispose()
    {
        _layers.Dispose();
        _mountHttp.Dispose();
    }

    private async Task<ContainerImage> PublishImageAsync(int rank, ContainerImage corpus, HashSet<Digest> baseLayers, CancellationToken cancellationToken)
    {
        var reference = SiteImageNames.Reference(_registryHost, rank);
        var distinct = await Task.WhenAll(corpus.DistinctLayers.Select(
            layer => _layers.EnsureAsync(layer, baseLayers.Contains(layer.Digest), reference, cancellationToken))).ConfigureAwait(false);
        var byCorpusDigest = new Dictionary<Digest, PublishedLayer>(distinct.Length);
        for (var i = 0; i < distinct.Length; i++)
        {
            byCorpusDigest[corpus.DistinctLayers[i].Digest] = distinct[i];
            _diffIds[distinct[i].Layer.Digest] = distinct[i].DiffId;
        }

        // The corpus's order and repeats as they are: a repeated layer repeats its diff_id, which containerd unpacks as usual.
        var layers = corpus.Layers.Select(l => byCorpusDigest[l.Digest]).ToList();
        var config = OciDocuments.Config(_platform, layers.Select(l => l.DiffId).ToList());
        var configDescriptor = await PushDocumentBlobAsync(reference, config, cancellationToken).ConfigureAwait(false);
        var manifest = OciDocuments.Manifest(configDescriptor, layers.Select(l => l.Layer).ToList());
        var pushed = await _registry.PushManifestAsync(reference, SiteImageNames.Tag, MediaTypes.OciManifest, manifest, cancellationToken).ConfigureAwait(false);
        Interlocked.Add(ref _documentBytes, manifest.Length);
        return new ContainerImage(reference.ToString(), layers.Select(l => l.Layer).ToList(), pushed.Digest);
    }

    private async Task<Descriptor> PushDocumentBlobAsync(ImageReference reference, byte[] config, CancellationToken cancellationToken)
    {
        var digest = Digest.FromHash(SHA256.HashData(config));
        if (await _registry.BlobExistsAsync(reference, digest, cancellationToken).ConfigureAwait(false))
        {
            return new Descriptor(MediaTypes.OciConfig, digest, config.Length);
        }

        Interlocked.Add(ref _documentBytes, config.Length);
        return await _registry.PushBlobAsync(reference, config, MediaTypes.OciConfig, cancellationToken).ConfigureAwait(false);
    }

    private void ReportProgress(int done, int total)
    {
        if (_progress is not null && (done % ProgressEveryImages == 0 || done == total))
        {
            _progress($"images: {done}/{total} published, {PushedBytes / (1024.0 * 1024.0):F1} MiB pushed");
        }
    }
}
