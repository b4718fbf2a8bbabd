namespace LayerCache.AgentBenchmarks.Node;

/// <summary>
/// Where the built agent is: the Release output of src/LayerCache.Agent, which this project's reference builds, and
/// its Native AOT publish, which benchmarks/agent-results.sh makes.
/// </summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string AgentDll => Path.Combine(Root, "src", "LayerCache.Agent", "bin", "Release", "net10.0", "layercache-agent.dll");

    public static string AgentNative => Path.Combine(Root, "src", "LayerCache.Agent", "bin", "Release", "net10.0", "linux-x64", "publish", "layercache-agent");

    public static void RequireNative()
    {
        if (!File.Exists(AgentNative))
        {
            throw new InvalidOperationException($"No Native AOT agent at {AgentNative}; run `dotnet publish src/LayerCache.Agent -c Release -r linux-x64` first.");
        }
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "LayerCache.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No LayerCache.sln above {AppContext.BaseDirectory}.");
    }
}
