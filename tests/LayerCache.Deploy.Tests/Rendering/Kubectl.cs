using System.Diagnostics;

namespace LayerCache.Deploy.Tests.Rendering;

/// <summary>
/// Runs <c>kubectl kustomize</c>, as an operator's <c>kubectl apply -k</c> does before it sends anything. The binary is
/// <c>$KUBECTL</c> if set (to render with another kubectl release), else /usr/bin/kubectl, else kubectl on the PATH.
/// </summary>
internal static class Kubectl
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static string Binary
    {
        get
        {
            var chosen = Environment.GetEnvironmentVariable("KUBECTL");
            if (!string.IsNullOrEmpty(chosen))
            {
                return chosen;
            }

            return File.Exists("/usr/bin/kubectl") ? "/usr/bin/kubectl" : "kubectl";
        }
    }

    /// <summary>The rendered YAML of a kustomization folder; throws with kubectl's own message when it fails.</summary>
    public static string Kustomize(string directory)
    {
        var start = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("kustomize");
        start.ArgumentList.Add(directory);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {Binary}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Binary} kustomize {directory} did not finish within {Timeout}");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Binary} kustomize {directory} exited {process.ExitCode}: {stderr.Result}");
        }

        return stdout.Result;
    }
}
