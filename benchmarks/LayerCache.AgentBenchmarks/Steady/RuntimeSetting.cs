namespace LayerCache.AgentBenchmarks.Steady;

/// <summary>A set of runtime environment variables an operator could put in the DaemonSet; none is the agent as shipped.</summary>
public sealed record RuntimeSetting(string Name, IReadOnlyDictionary<string, string> Environment)
{
    public static IReadOnlyList<RuntimeSetting> All { get; } =
    [
        new("as shipped (server GC)", new Dictionary<string, string>()),
        new("DOTNET_gcServer=0", new Dictionary<string, string> { ["DOTNET_gcServer"] = "0" }),
        new("DOTNET_gcServer=0, DOTNET_GCConserveMemory=7", new Dictionary<string, string> { ["DOTNET_gcServer"] = "0", ["DOTNET_GCConserveMemory"] = "7" }),
        new("DOTNET_gcServer=0, DOTNET_GCgen0size=0x400000 (4 MiB)", new Dictionary<string, string> { ["DOTNET_gcServer"] = "0", ["DOTNET_GCgen0size"] = "0x400000" }),
        new("DOTNET_GCHeapHardLimit=0x2000000 (32 MiB)", new Dictionary<string, string> { ["DOTNET_GCHeapHardLimit"] = "0x2000000" }),
        new("DOTNET_gcServer=0, DOTNET_TieredPGO=0", new Dictionary<string, string> { ["DOTNET_gcServer"] = "0", ["DOTNET_TieredPGO"] = "0" }),
        new("DOTNET_gcServer=0, DOTNET_TieredCompilation=0", new Dictionary<string, string> { ["DOTNET_gcServer"] = "0", ["DOTNET_TieredCompilation"] = "0" }),
        new("DOTNET_EnableWriteXorExecute=0", new Dictionary<string, string> { ["DOTNET_EnableWriteXorExecute"] = "0" }),
    ];
}
