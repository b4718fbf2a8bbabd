namespace LayerCache.Testing.Processes;

/// <summary>How a <see cref="TracedProcess"/> ended: its exit code, output, CPU and wall time, and the inet ports it bound or listened on.</summary>
public sealed record TracedExit(int ExitCode, string Output, string Error, TimeSpan CpuTime, TimeSpan WallTime, IReadOnlyList<string> InetPortCalls);
