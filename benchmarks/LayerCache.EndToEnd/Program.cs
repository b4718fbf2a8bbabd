using System.Runtime.InteropServices;
using LayerCache.EndToEnd;
using LayerCache.EndToEnd.Reporting;
using LayerCache.EndToEnd.Runs;
using LayerCache.EndToEnd.Site;
using LayerCache.Hosting.Commands;
using LayerCache.Simulator.Corpus;

using var cancel = new CancellationTokenSource();
// Ctrl-C, SIGTERM and SIGHUP all end the run through its teardown; a second Ctrl-C is left to kill the process.
Console.CancelKeyPress += (_, e) =>
{
    if (!cancel.IsCancellationRequested)
    {
        e.Cancel = true;
        cancel.Cancel();
    }
};
using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
using var hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, Stop);

var commandLine = new EndToEndCommandLine().Create(
    (options, _) => RunAsync(options, cancel.Token),
    EndToEndCommandLine.Relay((listen, target, delayMs, _) => OneLineOnFailureAsync(() => DelayRelay.RunCommandAsync(listen, target, delayMs, cancel.Token))),
    EndToEndCommandLine.SiteHold((settings, _) => OneLineOnFailureAsync(() => SiteCommand.RunHoldAsync(settings, cancel.Token))));
try
{
    return await ExecutableCommand.InvokeAsync(commandLine, args);
}
catch (ArgumentException e)
{
    // Options that parsed but do not go together (--run-min above --run-max, a bad --calibration).
    Console.Error.WriteLine($"layercache-e2e: {e.Message} (see --help)");
    return ExitCodes.BadUsage;
}

async Task<int> RunAsync(EndToEndOptions options, CancellationToken cancellationToken)
{
    if (options.SimulateOnly)
    {
        var predicted = SimulatedPrediction.Run(options, Console.Error.WriteLine);
        Console.WriteLine(options.Markdown ? SimulatedTable.FormatMarkdown(predicted) : SimulatedTable.Format(predicted));
        if (options.CsvPath is { } csv)
        {
            SimulatedCsv.Write(csv, predicted);
        }

        return 0;
    }

    if (!options.Cleanup)
    {
        // Settings the trace cannot run under are a bad command line: said before anything starts.
        EndToEndRun.Demand(options).RequireFits(options.StorageBytes);
    }

    if (Environment.UserName != "root")
    {
        Console.Error.WriteLine("layercache-e2e: run as root: it creates network namespaces and runs containerd");
        return ExitCodes.BadUsage;
    }

    if (options.Cleanup)
    {
        var removed = await Leftovers.RemoveAsync(includeLive: false, cancellationToken);
        Console.WriteLine(removed);
        return 0;
    }

    var display = options.Quiet ? null : ProgressDisplay.ForStandardError();
    try
    {
        var report = await new EndToEndRun(options, line => Log(display, line))
            .RunAsync(label => p => display?.Report(label, p.Started, p.Total, p.Waiting, p.MeanSecondsSoFar), cancellationToken);
        Write(options, report);
        return 0;
    }
    catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
    {
        Console.Error.WriteLine("layercache-e2e: stopped; the site is torn down");
        return 130;
    }
    catch (Exception e) when (e is InvalidOperationException or IOException or TimeoutException or ArgumentException or HttpRequestException or CorpusFormatException)
    {
        Console.Error.WriteLine($"layercache-e2e: {e.Message}");
        return 1;
    }
}

// The hidden commands fail as a run does: one line (another run holding the site's lock, a port taken), exit code 1.
static async Task<int> OneLineOnFailureAsync(Func<Task<int>> command)
{
    try
    {
        return await command();
    }
    catch (Exception e) when (e is InvalidOperationException or IOException or System.Net.Sockets.SocketException or TimeoutException)
    {
        Console.Error.WriteLine($"layercache-e2e: {e.Message}");
        return ExitCodes.Failed;
    }
}

static void Log(ProgressDisplay? display, string line)
{
    if (display is null)
    {
        Console.Error.WriteLine(line);
    }
    else
    {
        display.Log(line);
    }
}

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    cancel.Cancel();
}

static void Write(EndToEndOptions options, EndToEndReport report)
{
    Console.WriteLine(report.Calibration);
    if (options.SweepWeights is not null)
    {
        var sweep = report.Runs.Zip(report.Measured, (run, result) => (run.Weight, result)).ToList();
        Console.WriteLine(options.Markdown ? WeightSweepReport.FormatMarkdown(sweep) : WeightSweepReport.Format(sweep));
        if (options.ChartPath is { } sweepChart)
        {
            WeightSweepReport.WriteChart(sweepChart, "Extender weight: start-up and spread", sweep);
        }
    }
    else
    {
        Console.WriteLine(options.Markdown ? EndToEndTable.FormatMarkdown(report.Measured, report.Simulated) : EndToEndTable.Format(report.Measured, report.Simulated));
        if (options.ChartPath is { } chart)
        {
            EndToEndChart.Write(chart, "Pod start-up, measured and simulated", report.Measured, report.Simulated);
        }
    }

    if (options.CsvPath is { } csv)
    {
        EndToEndCsv.Write(csv, report.Measured, report.Simulated);
    }
}
