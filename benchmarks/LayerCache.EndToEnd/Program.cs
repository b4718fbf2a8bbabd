using System.Runtime.InteropServices;
using LayerCache.EndToEnd;
using LayerCache.EndToEnd.Reporting;
using LayerCache.EndToEnd.Runs;
using LayerCache.EndToEnd.Site;
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

// Hidden subcommands: the uplink's delay relay (run inside the cloud namespace) and a bare site the tests kill.
if (args.Length > 0 && args[0] == "relay")
{
    return await DelayRelay.RunCommandAsync(args[1..], cancel.Token);
}

if (args.Length > 0 && args[0] == "site-hold")
{
    return await SiteCommand.RunHoldAsync(args[1..], cancel.Token);
}

EndToEndOptions options;
try
{
    options = EndToEndOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"layercache-e2e: {e.Message}");
    return 2;
}

if (options.Help)
{
    Console.WriteLine(EndToEndOptions.Usage);
    return 0;
}

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

if (Environment.UserName != "root")
{
    Console.Error.WriteLine("layercache-e2e: run as root: it creates network namespaces and runs containerd");
    return 2;
}

if (options.Cleanup)
{
    var removed = await Leftovers.RemoveAsync(includeLive: false, cancel.Token);
    Console.WriteLine(removed);
    return 0;
}

var display = options.Quiet ? null : ProgressDisplay.ForStandardError();
try
{
    var report = await new EndToEndRun(options, line => Log(display, line))
        .RunAsync(label => p => display?.Report(label, p.Started, p.Total, p.Waiting, p.MeanSecondsSoFar), cancel.Token);
    Write(options, report);
    return 0;
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    Console.Error.WriteLine("layercache-e2e: stopped; the site is torn down");
    return 130;
}
catch (Exception e) when (e is InvalidOperationException or IOException or TimeoutException or ArgumentException or HttpRequestException or CorpusFormatException)
{
    Console.Error.WriteLine($"layercache-e2e: {e.Message}");
    return 1;
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
