using LayerCache.Agent.Node;
using LayerCache.Registry;
using Microsoft.Extensions.Options;

namespace LayerCache.Agent.Cluster;

/// <summary>
/// Which registries an order may make this node fetch from: <see cref="AgentOptions.AllowedRegistries"/> when set,
/// else those of the images already on the node and those it was configured for (plain HTTP, or a <c>hosts.toml</c>
/// in <see cref="AgentOptions.RegistryHostsDirectory"/>). Whoever can write an order must not be able to make the node
/// pull from anywhere it likes.
/// </summary>
public sealed class OrderRegistries(NodeState node, IOptions<AgentOptions> options)
{
    private readonly HashSet<string> _configured = new(options.Value.AllowedRegistries, StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _plainHttp = new(options.Value.PlainHttpRegistries, StringComparer.OrdinalIgnoreCase);
    private readonly string _hostsDirectory = options.Value.RegistryHostsDirectory;

    /// <summary>Null when the image's registry is allowed, else why not.</summary>
    public async Task<string?> AllowsAsync(string image, CancellationToken cancellationToken)
    {
        if (!ImageReference.TryParse(image, out var reference, out var error))
        {
            return $"'{image}' is not an image reference: {error}";
        }

        var registry = reference.Registry;
        if (_configured.Count > 0)
        {
            return _configured.Contains(registry) ? null : $"registry {registry} is not in Agent:AllowedRegistries";
        }

        if (_plainHttp.Contains(registry) || HasHostsFile(registry) || await HoldsImagesFromAsync(registry, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return $"registry {registry} is not one this node holds images from (set Agent:AllowedRegistries to allow it)";
    }

    /// <summary>A <c>hosts.toml</c> for the registry itself (not <c>_default</c>, which would allow every registry).</summary>
    private bool HasHostsFile(string registry) =>
        !string.IsNullOrWhiteSpace(_hostsDirectory) && File.Exists(Path.Combine(_hostsDirectory, registry, "hosts.toml"));

    private async Task<bool> HoldsImagesFromAsync(string registry, CancellationToken cancellationToken)
    {
        await node.Lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var image in node.Cache.Images)
            {
                if (ImageReference.TryParse(image.Reference, out var held, out _) && string.Equals(held.Registry, registry, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }
        finally
        {
            node.Lock.Release();
        }
    }
}
