using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace LayerCache.Testing.Registry;

/// <summary>
/// A <c>kubernetes.io/dockerconfigjson</c> Secret as the kubelet mounts it: <c>.dockerconfigjson</c> is a symlink through
/// <c>..data</c> to a timestamped directory, and an update writes a new directory and renames a new <c>..data</c> link over
/// the old one, so readers see the whole old file or the whole new one.
/// </summary>
public sealed class MountedSecret : IDisposable
{
    public const string Key = ".dockerconfigjson";

    private int _version;

    public MountedSecret()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("layercache-secret-").FullName;
        File.CreateSymbolicLink(FilePath, Path.Combine("..data", Key));
    }

    public string Directory { get; }

    /// <summary>The path the agent is given: the mounted Secret's <c>.dockerconfigjson</c>.</summary>
    public string FilePath => Path.Combine(Directory, Key);

    /// <summary>An <c>auths</c> entry with <c>auth</c> (base64 of user:password) for <paramref name="registry"/>, as <c>kubectl create secret docker-registry</c> writes it.</summary>
    public static string DockerConfigJson(string registry, string username, string password) =>
        JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["auths"] = new Dictionary<string, object>
            {
                [registry] = new Dictionary<string, string>
                {
                    ["username"] = username,
                    ["password"] = password,
                    ["auth"] = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{username}:{password}")),
                },
            },
        });

    /// <summary>Publishes new content the way the kubelet updates a Secret volume.</summary>
    public void Update(string content)
    {
        var version = $"..{DateTime.UtcNow:yyyy_MM_dd_HH_mm_ss}.{Interlocked.Increment(ref _version)}";
        var versionDirectory = Path.Combine(Directory, version);
        System.IO.Directory.CreateDirectory(versionDirectory);
        File.WriteAllText(Path.Combine(versionDirectory, Key), content);
        var data = Path.Combine(Directory, "..data");
        var old = File.Exists(data) || System.IO.Directory.Exists(data) ? new FileInfo(data).LinkTarget : null;
        var temporary = Path.Combine(Directory, "..data_tmp");
        File.CreateSymbolicLink(temporary, version);
        if (Rename(temporary, data) != 0)
        {
            throw new IOException($"rename {temporary} {data} failed: errno {Marshal.GetLastPInvokeError()}");
        }

        if (old is not null)
        {
            System.IO.Directory.Delete(Path.Combine(Directory, old), recursive: true);
        }
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);

    // rename(2) replaces the ..data link in one step; File.Move refuses a link to a directory.
    [DllImport("libc", EntryPoint = "rename", SetLastError = true)]
    private static extern int Rename(string from, string to);
}
