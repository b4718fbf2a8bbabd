namespace LayerCache.AgentBenchmarks.Steady;

/// <summary>
/// A build of the agent and the runtime environment variables it runs with: the Native AOT binary, which is the
/// agent as shipped, or the JIT build (<c>dotnet layercache-agent.dll</c>) under settings an operator could put in
/// the DaemonSet.
/// </summary>
public sealed record RuntimeSetting(string Name, IReadOnlyDictionary<string, string> Environment, bool Native = false)
{
    public static IReadOnlyList<RuntimeSetting> All { get; } =
    [
        new("as shipped: Native AOT (server GC)", new Dictionary<string, string>(), Native: true),
        new("Native AOT, DOTNET_gcServer=0", new Dictionary<string, string> { ["DOTNET_gcServer"] = "0" }, Native: true),
        new("JIT build (server GC)", new Dictionary<string, string>()),
        new("DOTNET_gcServer=0", new Dictionary<string, string> { ["DOTNET_gcServer"] = "0" }),
        new("DOTNET_gcServer=0, DOTNET_GCConserveMemory=7", new Dictionary<string, string> { ["DOTNET_gcServer"] = "0", ["DOTNET_GCConserveMemory"] = "7" }),
        new("DOTNET_gcServer=0, DOTNET_GCgen0size=0x400000 (4 MiB)", new Dictionary<string, string> { ["DOTNET_gcServer"] = "0", ["DOTNET_GCgen0size"] = "0x400000" }),
        new("DOTNET_GCHeapHardLimit=0x2000000 (32 MiB)", new Dictionary<string, string> { ["DOTNET_GCHeapHardLimit"] = "0x2000000" }),
        new("DOTNET_gcServer=0, DOTNET_TieredPGO=0", new Dictionary<string, string> { ["DOTNET_gcServer"] = "0", ["DOTNET_TieredPGO"] = "0" }),
        new("DOTNET_gcServer=0, DOTNET_TieredCompilation=0", new Dictionary<string, string> { ["DOTNET_gcServer"] = "0", ["DOTNET_TieredCompilation"] = "0" }),
        new("DOTNET_EnableWriteXorExecute=0", new Dictionary<string, string> { ["DOTNET_EnableWriteXorExecute"] = "0" }),
    ];
}
