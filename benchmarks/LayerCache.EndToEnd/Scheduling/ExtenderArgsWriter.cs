using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace LayerCache.EndToEnd.Scheduling;

/// <summary>
/// The body kube-scheduler posts to a nodeCacheCapable extender: k8s.io/kube-scheduler/extender/v1 ExtenderArgs, whose
/// fields have no JSON tags, so the keys are the Go field names (<c>Pod</c>, <c>Nodes</c>, <c>NodeNames</c>) and the
/// nil NodeList is written as null. Compact, as json.Marshal writes it.
/// https://github.com/kubernetes/kubernetes/blob/master/staging/src/k8s.io/kube-scheduler/extender/v1/types.go
/// </summary>
internal static class ExtenderArgsWriter
{
    /// <summary>
    /// Non-ASCII written as UTF-8, as Go does. Go would also escape &lt; &gt; &amp;, which object names and image
    /// references cannot contain.
    /// </summary>
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void Write(IBufferWriter<byte> output, PodManifest pod, IReadOnlyList<string> nodeNames)
    {
        using var json = new Utf8JsonWriter(output, Options);
        json.WriteStartObject();
        json.WritePropertyName("Pod");
        PodJsonWriter.Write(json, pod);
        json.WriteNull("Nodes");
        json.WriteStartArray("NodeNames");
        foreach (var name in nodeNames)
        {
            json.WriteStringValue(name);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    public static byte[] ToUtf8(PodManifest pod, IReadOnlyList<string> nodeNames)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        Write(buffer, pod, nodeNames);
        return buffer.WrittenSpan.ToArray();
    }
}
