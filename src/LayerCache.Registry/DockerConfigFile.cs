using System.Text.Json;

namespace LayerCache.Registry;

/// <summary>
/// A docker config file that may change while the client runs, such as a Kubernetes Secret of type
/// <c>kubernetes.io/dockerconfigjson</c> mounted as a volume: the kubelet updates it by swapping a symlink, so the file is
/// read again on every lookup (a few KiB) and parsed again when its bytes changed. A version that cannot be used, or the
/// file going away, keeps the credentials read before and is reported once through <see cref="Issue"/>.
/// </summary>
public sealed class DockerConfigFile(string path) : IRegistryCredentials
{
    private const int MaxFileBytes = 1024 * 1024;

    private readonly Lock _gate = new();
    private DockerConfigCredentials _current = DockerConfigCredentials.Empty;
    private FileSnapshot? _seen;

    public string Path { get; } = path;

    /// <summary>Raised when a version of the file was read and taken (the first one too). Handlers run under a lock: keep them short.</summary>
    public event Action<DockerConfigCredentials>? Loaded;

    /// <summary>Raised once for each version of the file that cannot be used, and when the file goes away.</summary>
    public event Action<RegistryConfigIssue>? Issue;

    /// <summary>The credentials of the file's newest usable version.</summary>
    public DockerConfigCredentials Current
    {
        get
        {
            Refresh();
            lock (_gate)
            {
                return _current;
            }
        }
    }

    public RegistryCredential? Find(string registry) => Current.Find(registry);

    /// <summary>Reads the file and takes its credentials if its bytes changed and can be used.</summary>
    public void Refresh()
    {
        var version = FileSnapshot.Read(Path, MaxFileBytes);
        lock (_gate)
        {
            var previous = _seen;
            if (previous is not null && previous.SameAs(version))
            {
                return;
            }

            _seen = version;
            if (version.Error is not null)
            {
                Report(version.Error, malformed: true);
            }
            else if (version.Bytes is null)
            {
                if (previous?.Bytes is not null)
                {
                    Report("does not exist any more", malformed: false);
                }
            }
            else
            {
                Take(version);
            }
        }
    }

    private void Take(FileSnapshot version)
    {
        try
        {
            _current = DockerConfigCredentials.Parse(version.Text);
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            Report($"is not a docker config ({{\"auths\": {{\"<registry>\": {{\"auth\": \"<base64 of user:password>\"}}}}}}): {e.Message}", malformed: true);
            return;
        }

        Loaded?.Invoke(_current);
    }

    private void Report(string problem, bool malformed) =>
        Issue?.Invoke(new RegistryConfigIssue(Path, $"{Path} {problem}; the credentials for {_current.Count} registries read before stay in use.", malformed));
}
