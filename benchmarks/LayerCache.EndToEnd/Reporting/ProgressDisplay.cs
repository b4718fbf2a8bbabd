using System.Globalization;

namespace LayerCache.EndToEnd.Reporting;

/// <summary>
/// One line of progress while a policy runs. On a terminal the line is rewritten in place with '\r'; into a file or
/// a CI log, where '\r' piles up as garbage, a line is printed at most once per interval. Safe to call from any thread.
/// </summary>
internal sealed class ProgressDisplay
{
    /// <summary>How often a redirected log gets a line: often enough to see a run is alive, rarely enough to read.</summary>
    public static readonly TimeSpan DefaultLogInterval = TimeSpan.FromSeconds(5);

    private readonly TextWriter _output;
    private readonly TimeProvider _clock;
    private readonly bool _rewriteInPlace;
    private readonly TimeSpan _logInterval;
    private readonly Lock _gate = new();
    private string? _policy;
    private long _policyStarted;
    private long? _lastPrinted;

    // The status line now on screen (terminal mode only), redrawn after a log line pushes it down.
    private string _shownLine = string.Empty;

    public ProgressDisplay(TextWriter output, TimeProvider clock, bool rewriteInPlace, TimeSpan? logInterval = null)
    {
        _output = output ?? throw new ArgumentNullException(nameof(output));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
        _rewriteInPlace = rewriteInPlace;
        _logInterval = logInterval ?? DefaultLogInterval;
    }

    /// <summary>To standard error, rewriting in place only when standard error is a terminal.</summary>
    public static ProgressDisplay ForStandardError() => new(Console.Error, TimeProvider.System, rewriteInPlace: !Console.IsErrorRedirected);

    /// <summary>Where a policy's run stands; its clock starts at the first report under its name.</summary>
    public void Report(string policy, int started, int total, int waiting, double? meanSecondsSoFar)
    {
        lock (_gate)
        {
            var now = _clock.GetTimestamp();
            var line = Prefix(policy, now) + $"{started}/{total} pods started, {waiting} waiting" +
                (meanSecondsSoFar is { } mean ? ", mean so far " + ReportText.Fixed(mean, 2) + " s" : string.Empty);
            if (_rewriteInPlace)
            {
                Show(line);
            }
            else if (_lastPrinted is not { } last || _clock.GetElapsedTime(last, now) >= _logInterval)
            {
                _output.WriteLine(line);
                _lastPrinted = now;
            }

            _output.Flush();
        }
    }

    /// <summary>The policy's last line, always printed and left standing; the next policy starts a line of its own.</summary>
    public void Complete(string policy, int started, int total, double meanSeconds)
    {
        lock (_gate)
        {
            var line = Prefix(policy, _clock.GetTimestamp()) + $"{started}/{total} pods started, done, mean " + ReportText.Fixed(meanSeconds, 2) + " s";
            if (_rewriteInPlace)
            {
                Show(line);
                _output.WriteLine();
                _shownLine = string.Empty;
            }
            else
            {
                _output.WriteLine(line);
            }

            _policy = null;
            _lastPrinted = null;
            _output.Flush();
        }
    }

    /// <summary>A line of its own above the status line, which is redrawn beneath it.</summary>
    public void Log(string message)
    {
        lock (_gate)
        {
            if (_rewriteInPlace && _shownLine.Length > 0)
            {
                _output.Write('\r' + message.PadRight(_shownLine.Length) + '\n' + _shownLine);
            }
            else
            {
                _output.WriteLine(message);
            }

            _output.Flush();
        }
    }

    private string Prefix(string policy, long now)
    {
        if (!string.Equals(policy, _policy, StringComparison.Ordinal))
        {
            _policy = policy;
            _policyStarted = now;
            _lastPrinted = null;
        }

        var elapsed = _clock.GetElapsedTime(_policyStarted, now).TotalSeconds;
        return string.Create(CultureInfo.InvariantCulture, $"[{elapsed,6:F1}s] {policy}: ");
    }

    // A shorter line leaves the tail of the longer one before it unless padded over.
    private void Show(string line)
    {
        _output.Write('\r' + line.PadRight(_shownLine.Length));
        _shownLine = line;
    }
}
