namespace LayerCache.Benchmarks;

/// <summary>What the numbers were measured on: cores, CPU model, memory and runtime.</summary>
public static class Machine
{
    public static string Describe()
    {
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown";
        var memory = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)).Split(':', 2)[1].Trim();
        return $"{Environment.ProcessorCount} cores ({cpu}), {memory} memory, .NET {Environment.Version}";
    }
}
