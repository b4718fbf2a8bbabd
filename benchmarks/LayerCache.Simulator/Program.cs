using System.Diagnostics;
using System.Globalization;
using LayerCache.Hosting.Commands;
using LayerCache.Simulator;
using LayerCache.Simulator.Corpus;
using LayerCache.Simulator.Engine;
using LayerCache.Simulator.Experiments;
using LayerCache.Simulator.Reporting;

var commandLine = new SimulatorCommandLine().Create(options =>
{
    try
    {
        return Run(options);
    }
    catch (Exception e) when (e is CorpusFormatException or IOException or InvalidOperationException)
    {
        // A corpus that cannot be read is a bad --corpus.
        Console.Error.WriteLine($"layercache-sim: {e.Message}");
        return ExitCodes.BadUsage;
    }
});
try
{
    return await ExecutableCommand.InvokeAsync(commandLine, args);
}
catch (ArgumentException e)
{
    // An option that parsed but does not go with the others (--sweep-values without --sweep, watermarks crossed).
    Console.Error.WriteLine($"layercache-sim: {e.Message} (see --help)");
    return ExitCodes.BadUsage;
}

static int Run(SimulatorOptions options)
{
    var wall = Stopwatch.StartNew();
    Action<string>? progress = options.Quiet ? null : line => Console.Error.WriteLine($"[{wall.Elapsed.TotalSeconds,6:F1}s] {line}");
    IReadOnlyList<CorpusImage> corpus = CorpusReader.ReadFile(options.CorpusPath);
    if (options.SynthesizeCount is { } count)
    {
        corpus = new CorpusSynthesizer(options.Cluster.Seed).Synthesize(corpus, count);
    }

    var settings = options.Cluster;
    var meanImage = corpus.Average(c => c.Image.SizeBytes);
    progress?.Invoke(string.Create(
        CultureInfo.InvariantCulture,
        $"corpus: {corpus.Count} images, mean {meanImage / 1e6:F0} MB; {settings.Nodes} nodes x {settings.StorageGigabytes} GB, {settings.RequestsPerSecond}/s for {settings.DurationSeconds} s; mode {options.Mode}"));

    var runner = new ExperimentRunner(corpus, options.Parallelism, progress, options.PullCost(), TimeSpan.FromSeconds(options.ProgressSeconds));
    var setups = options.Setups();
    if (options.Sweep is { } sweep)
    {
        var values = options.SweepValues ?? ExperimentRunner.DefaultSweepValues(sweep);
        var points = runner.Sweep(settings, sweep, values, setups, options.PooledBounds);
        foreach (var point in points)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{sweep} = {point.Value}"));
            Console.WriteLine(Table(point.Results));
            if (point.Pooled is { } pooled)
            {
                Console.WriteLine(PooledTable(pooled));
            }
        }

        if (options.CsvPath is { } sweepCsv)
        {
            ResultCsv.WriteSweep(sweepCsv, sweep, points);
        }

        if (options.ChartPath is { } sweepChart)
        {
            SvgChart.WriteSweep(sweepChart, $"Mean start-up latency, {options.Mode} mode, sweeping {sweep}", sweep, points);
        }
    }
    else
    {
        var results = runner.Run(settings, setups);
        Console.WriteLine(Table(results));
        if (options.PooledBounds)
        {
            Console.WriteLine(PooledTable(runner.PooledBounds(settings)));
        }
        if (options.CsvPath is { } csv)
        {
            ResultCsv.Write(csv, results);
        }

        if (options.ChartPath is { } chart)
        {
            SvgChart.WriteComparison(chart, $"Start-up latency by policy, {options.Mode} mode", results);
        }
    }

    progress?.Invoke($"done in {wall.Elapsed.TotalSeconds:F1} s");
    return 0;

    string Table(IReadOnlyList<SimulationResult> results) =>
        options.Markdown ? ResultTable.FormatMarkdown(results) : ResultTable.Format(results);

    string PooledTable(IReadOnlyList<PooledBoundResult> pooled) =>
        options.Markdown ? PooledBoundTable.FormatMarkdown(pooled) : PooledBoundTable.Format(pooled);
}
