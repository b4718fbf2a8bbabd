namespace LayerCache.Cli.Commands;

/// <summary>How a command words a node the coordinator does not know.</summary>
internal static class NodeNames
{
    public static Func<string, string> NotFound(string node) =>
        _ => $"no node '{node}' is known to the coordinator: `layercache status` lists the nodes";
}
