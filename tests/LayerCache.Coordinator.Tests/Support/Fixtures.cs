namespace LayerCache.Coordinator.Tests.Support;

/// <summary>The Kubernetes objects in Fixtures/, and ExtenderArgs built from them as kube-scheduler marshals them.</summary>
public static class Fixtures
{
    public static string Pod { get; } = Read("pod.json");

    public static string NodeList { get; } = Read("nodes.json");

    /// <summary>ExtenderArgs of an extender that is not nodeCacheCapable: the whole NodeList, NodeNames null.</summary>
    public static string ArgsWithNodes(string? pod = null, string? nodeList = null) =>
        $"{{\"Pod\":{pod ?? Pod},\"Nodes\":{nodeList ?? NodeList},\"NodeNames\":null}}";

    /// <summary>ExtenderArgs of a nodeCacheCapable extender: names only, Nodes null.</summary>
    public static string ArgsWithNames(IEnumerable<string> names, string? pod = null) =>
        $"{{\"Pod\":{pod ?? Pod},\"Nodes\":null,\"NodeNames\":[{string.Join(',', names.Select(n => $"\"{n}\""))}]}}";

    private static string Read(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));
}
