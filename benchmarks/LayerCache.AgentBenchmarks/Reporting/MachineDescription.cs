namespace LayerCache.AgentBenchmarks.Reporting;

/// <summary>What the numbers were measured on: cores, memory, CPU model, runtime and containerd.</summary>
public static class MachineDescription
{
    public static async Task<string> DescribeAsync(CancellationToken cancellationToken)
    {
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown";
        var memory = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)).Split(':', 2)[1].Trim();
        var containerd = (await ExternalCommand.RunAsync("containerd", ["--version"], cancellationToken).ConfigureAwait(false)).Output.Trim();
        return $"{Environment.ProcessorCount} cores ({cpu}), {memory} memory, .NET {Environment.Version}, {containerd}";
    }
}
