using System.Buffers;
using System.Text.Json;
using LayerCache.Coordinator.Hints;

namespace LayerCache.Coordinator.Scheduling;

/// <summary>
/// The extender's HostPriorityList, <c>[{"Host": name, "Score": 0..10}, …]</c> with Go's field names, written straight
/// to the response with no array of entries in between: every node asked, in the order asked, with its hinted score,
/// or the neutral 0 where no hint is given. It owns the scores and disposes them once written, before the flush.
/// </summary>
public sealed class HostPriorityList(IReadOnlyList<string> nodes, HintScores? scores) : IResult
{
    private static readonly JsonEncodedText HostName = JsonEncodedText.Encode("Host");
    private static readonly JsonEncodedText ScoreName = JsonEncodedText.Encode("Score");

    public async Task ExecuteAsync(HttpContext context)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        using (scores)
        {
            Write(response.BodyWriter, nodes, scores);
        }

        await response.BodyWriter.FlushAsync(context.RequestAborted);
    }

    /// <summary>Writes the list; <paramref name="scores"/> must hold one entry per node, in the same order.</summary>
    public static void Write(IBufferWriter<byte> output, IReadOnlyList<string> nodes, HintScores? scores)
    {
        var hints = scores is null ? default : scores.Nodes;
        using var json = new Utf8JsonWriter(output);
        json.WriteStartArray();
        for (var i = 0; i < nodes.Count; i++)
        {
            json.WriteStartObject();
            json.WriteString(HostName, nodes[i]);
            json.WriteNumber(ScoreName, scores is null ? 0 : hints[i].Score);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }
}
