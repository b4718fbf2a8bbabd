namespace LayerCache.EndToEnd.Runs;

/// <summary>The node agent as it ships: the Native AOT binary that <c>dotnet publish src/LayerCache.Agent -c Release -r linux-x64</c> makes.</summary>
internal static class AgentBinary
{
    public static string Find()
    {
        var path = Path.Combine(RepositoryRoot(), "src", "LayerCache.Agent", "bin", "Release", "net10.0", RuntimeId(), "publish", "layercache-agent");
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"the agent binary {path} is missing: run 'dotnet publish src/LayerCache.Agent -c Release -r {RuntimeId()}' (benchmarks/e2e.sh does)");
    }

    /// <summary>The repository this build of the harness lives in: the shipped corpus and the agent's binary are found there.</summary>
    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "LayerCache.sln")))
            {
                return directory.FullName;
            }
        }

        throw new FileNotFoundException($"no LayerCache.sln above {AppContext.BaseDirectory}: run layercache-e2e from its build output in the repository");
    }

    private static string RuntimeId() => System.Runtime.InteropServices.RuntimeInformation.OSArchitecture switch
    {
        System.Runtime.InteropServices.Architecture.Arm64 => "linux-arm64",
        _ => "linux-x64",
    };
}
