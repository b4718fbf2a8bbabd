namespace LayerCache.AgentBenchmarks.Node;

/// <summary>Where the built agent is: the Release output of src/LayerCache.Agent, which this project's reference builds.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string AgentDll => Path.Combine(Root, "src", "LayerCache.Agent", "bin", "Release", "net10.0", "layercache-agent.dll");

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
