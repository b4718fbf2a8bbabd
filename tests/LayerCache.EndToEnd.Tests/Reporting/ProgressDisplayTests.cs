using LayerCache.EndToEnd.Reporting;

namespace LayerCache.EndToEnd.Tests.Reporting;

public sealed class ProgressDisplayTests
{
    private readonly StringWriter _output = new() { NewLine = "\n" };
    private readonly ManualClock _clock = new();

    [Fact]
    public void Report_Redirected_AtMostOneLinePerInterval()
    {
        var display = new ProgressDisplay(_output, _clock, rewriteInPlace: false);

        // A report every second for 12 s: lines at 0, 5 and 10 s.
        for (var second = 0; second <= 12; second++)
        {
            display.Report("layercache", second * 10, 300, 3, second == 0 ? null : 0.84);
            _clock.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.Equal(
            [
                "[   0.0s] layercache: 0/300 pods started, 3 waiting",
                "[   5.0s] layercache: 50/300 pods started, 3 waiting, mean so far 0.84 s",
                "[  10.0s] layercache: 100/300 pods started, 3 waiting, mean so far 0.84 s",
            ],
            Lines());
        Assert.DoesNotContain('\r', _output.ToString());
    }

    [Fact]
    public void Complete_Redirected_AlwaysPrintedAndNextPolicyClockStartsAtZero()
    {
        var display = new ProgressDisplay(_output, _clock, rewriteInPlace: false);
        display.Report("layer", 0, 300, 0, null);
        _clock.Advance(TimeSpan.FromSeconds(42.1));
        display.Report("layer", 120, 300, 3, 0.84);

        display.Complete("layer", 300, 300, 0.91);
        display.Report("layercache", 0, 300, 0, null);

        Assert.Equal(
            [
                "[   0.0s] layer: 0/300 pods started, 0 waiting",
                "[  42.1s] layer: 120/300 pods started, 3 waiting, mean so far 0.84 s",
                "[  42.1s] layer: 300/300 pods started, done, mean 0.91 s",
                "[   0.0s] layercache: 0/300 pods started, 0 waiting",
            ],
            Lines());
    }

    [Fact]
    public void Report_Terminal_RewritesOneLineWithCarriageReturns()
    {
        var display = new ProgressDisplay(_output, _clock, rewriteInPlace: true);

        display.Report("layercache", 0, 300, 12, null);
        _clock.Advance(TimeSpan.FromMilliseconds(100));
        display.Report("layercache", 1, 300, 11, 0.5);
        _clock.Advance(TimeSpan.FromSeconds(42));
        display.Report("layercache", 120, 300, 3, 0.84);

        var text = _output.ToString();
        Assert.DoesNotContain('\n', text);
        Assert.Equal(3, text.Count(c => c == '\r'));
        Assert.EndsWith("\r[  42.1s] layercache: 120/300 pods started, 3 waiting, mean so far 0.84 s", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_TerminalShorterLine_PadsOverTheLongerOne()
    {
        var display = new ProgressDisplay(_output, _clock, rewriteInPlace: true);
        display.Report("layercache", 120, 300, 3, 0.84);
        var longLine = _output.ToString().Length - 1;

        display.Report("layercache", 121, 300, 2, null);

        var lastLine = _output.ToString()[(_output.ToString().LastIndexOf('\r') + 1)..];
        Assert.Equal(longLine, lastLine.Length);
        Assert.StartsWith("[   0.0s] layercache: 121/300 pods started, 2 waiting ", lastLine, StringComparison.Ordinal);
    }

    [Fact]
    public void Log_Terminal_LineAboveAndStatusLineRedrawn()
    {
        var display = new ProgressDisplay(_output, _clock, rewriteInPlace: true);
        display.Report("layercache", 120, 300, 3, 0.84);
        const string Status = "[   0.0s] layercache: 120/300 pods started, 3 waiting, mean so far 0.84 s";

        display.Log("node-2: agent restarted");

        Assert.Equal("\r" + Status + "\r" + "node-2: agent restarted".PadRight(Status.Length) + "\n" + Status, _output.ToString());
    }

    [Fact]
    public void Complete_Terminal_EndsTheLineSoLogsFollowBelow()
    {
        var display = new ProgressDisplay(_output, _clock, rewriteInPlace: true);
        display.Report("layer", 300, 300, 0, 0.9);

        display.Complete("layer", 300, 300, 0.91);
        display.Log("next: layercache");

        // The final line is padded over the longer status line it replaces.
        var lines = _output.ToString().Split('\n');
        Assert.EndsWith("\r[   0.0s] layer: 300/300 pods started, done, mean 0.91 s", lines[0].TrimEnd(' '), StringComparison.Ordinal);
        Assert.Equal(["next: layercache", string.Empty], lines[1..]);
    }

    [Fact]
    public void Report_ManyThreads_EveryRedirectedLineWhole()
    {
        var display = new ProgressDisplay(_output, _clock, rewriteInPlace: false, logInterval: TimeSpan.Zero);

        Parallel.For(0, 200, i =>
        {
            display.Report("layercache", i, 300, 0, null);
            display.Log($"log {i}");
        });

        var lines = Lines();
        Assert.Equal(400, lines.Length);
        Assert.All(lines, l => Assert.True(l.StartsWith("log ", StringComparison.Ordinal) || l.EndsWith("/300 pods started, 0 waiting", StringComparison.Ordinal), l));
    }

    private string[] Lines() => _output.ToString().TrimEnd('\n').Split('\n');
}
