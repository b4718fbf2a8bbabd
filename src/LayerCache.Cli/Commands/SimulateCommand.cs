using System.CommandLine;
using LayerCache.Cli.Output;
using Spectre.Console;

namespace LayerCache.Cli.Commands;

/// <summary>
/// <c>layercache simulate [SIMULATOR OPTIONS]</c>: runs the trace-driven simulator (docs/simulator.md) with a progress
/// bar per policy, then prints its results table, or with <c>--output json</c> its results as JSON.
/// </summary>
internal static class SimulateCommand
{
    public static Command Create(GlobalOptions options)
    {
        var simulator = new Option<string?>("--simulator")
        {
            Description = $"The {SimulatorRun.Name} executable [env: {SimulatorRun.Variable}; default: beside layercache, or on the PATH]",
            HelpName = "PATH",
        };
        var command = new Command("simulate", "Run the cluster simulator (its options, e.g. --mode layercache --nodes 50, are passed on; see docs/simulator.md) with a progress bar per policy")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        command.Options.Add(simulator);
        command.SetRun(options, async (parse, run, cancellationToken) =>
        {
            var sim = SimulatorRun.Find(parse.GetValue(simulator));
            var arguments = parse.UnmatchedTokens.ToList();
            if (!run.Json && !arguments.Contains("--quiet") && !arguments.Contains("--progress-seconds"))
            {
                // Twice a second, so that the bars move.
                arguments.AddRange(["--progress-seconds", "0.5"]);
            }

            var csv = run.Json ? Path.GetTempFileName() : null;
            if (csv is not null)
            {
                arguments.AddRange(["--csv", csv]);
            }

            try
            {
                var (exitCode, output, lastError) = run.Json
                    ? await sim.RunAsync(arguments, (_, _) => { }, _ => { }, cancellationToken).ConfigureAwait(false)
                    : await WithProgressAsync(sim, arguments, cancellationToken).ConfigureAwait(false);
                if (exitCode != 0)
                {
                    var reason = lastError ?? $"it exited {exitCode}";
                    throw new CliError(exitCode == ExitCodes.Usage ? ExitCodes.Usage : ExitCodes.Failed, $"the simulator refused: {reason} (layercache simulate --help)");
                }

                Console.Out.Write(csv is not null ? SimulatorRun.CsvToJson(await File.ReadAllTextAsync(csv, cancellationToken).ConfigureAwait(false)) + "\n" : output);
                return ExitCodes.Success;
            }
            finally
            {
                if (csv is not null)
                {
                    File.Delete(csv);
                }
            }
        });
        return command;
    }

    private static async Task<(int, string, string?)> WithProgressAsync(SimulatorRun sim, List<string> arguments, CancellationToken cancellationToken)
    {
        (int, string, string?) result = default;
        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var policies = new Dictionary<string, ProgressTask>(StringComparer.Ordinal);
                result = await sim.RunAsync(
                    arguments,
                    (policy, percent) =>
                    {
                        if (!policies.TryGetValue(policy, out var task))
                        {
                            policies[policy] = task = context.AddTask(Markup.Escape(policy));
                        }

                        task.Value = Math.Max(task.Value, percent);
                    },
                    line => Printer.Line($"[grey]{Markup.Escape(line)}[/]"),
                    cancellationToken).ConfigureAwait(false);
                foreach (var task in policies.Values)
                {
                    task.Value = result.Item1 == 0 ? task.MaxValue : task.Value;
                    task.StopTask();
                }
            }).ConfigureAwait(false);
        return result;
    }
}
