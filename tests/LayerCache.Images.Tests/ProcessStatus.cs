using System.Globalization;

namespace LayerCache.Images.Tests;

/// <summary>Who a container's process runs as, from /proc/PID/status on the host: its real UID and effective capabilities.</summary>
internal sealed record ProcessStatus(string Uid, ulong EffectiveCapabilities)
{
    public static async Task<ProcessStatus> ReadAsync(Ctr ctr, string container)
    {
        var pid = await ctr.PidAsync(container) ?? throw new InvalidOperationException($"container {container} is not running");
        var fields = (await File.ReadAllLinesAsync($"/proc/{pid}/status"))
            .Select(l => l.Split(':', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1].Trim());
        return new ProcessStatus(
            fields["Uid"].Split('\t')[0],
            ulong.Parse(fields["CapEff"], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
    }
}
