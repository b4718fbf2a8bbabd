using System.Globalization;
using System.Text.Json;

namespace LayerCache.EndToEnd.Scheduling;

/// <summary>
/// Writes a <see cref="PodManifest"/> as the v1.Pod kube-scheduler holds for a pending pod: the object the API server
/// stored on create, with its defaults (pkg/apis/core/v1/defaults.go) and admission's additions (service account,
/// DefaultTolerationSeconds, Priority), no apiVersion/kind (the typed informer's decoder drops them) and no managedFields
/// (the scheduler's pod informer trims them, https://github.com/kubernetes/kubernetes/blob/master/pkg/scheduler/scheduler.go).
/// Keys come in the Go structs' declaration order, as encoding/json writes them; empty omitempty fields are left out.
/// The pod does not mount a service account token, so the API server adds no projected volume.
/// </summary>
internal static class PodJsonWriter
{
    /// <summary>Added by the DefaultTolerationSeconds admission plugin to every pod that does not tolerate them itself.</summary>
    private static readonly string[] DefaultTolerations = ["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"];

    public static void Write(Utf8JsonWriter json, PodManifest pod)
    {
        json.WriteStartObject();
        WriteMetadata(json, pod);
        WriteSpec(json, pod);

        // PrepareForCreate sets the phase and the QoS class; nothing else is set before the pod is bound.
        json.WriteStartObject("status");
        json.WriteString("phase", "Pending");
        json.WriteString("qosClass", "Burstable");
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteMetadata(Utf8JsonWriter json, PodManifest pod)
    {
        json.WriteStartObject("metadata");
        json.WriteString("name", pod.Name);
        json.WriteString("namespace", pod.Namespace);
        json.WriteString("uid", pod.Uid);
        json.WriteString("resourceVersion", pod.ResourceVersion);
        json.WriteNumber("generation", 1); // the pod strategy's PrepareForCreate, pkg/registry/core/pod/strategy.go
        json.WriteString("creationTimestamp", pod.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        json.WriteEndObject();
    }

    private static void WriteSpec(Utf8JsonWriter json, PodManifest pod)
    {
        json.WriteStartObject("spec");
        if (pod.InitContainers.Count > 0)
        {
            json.WriteStartArray("initContainers");
            foreach (var container in pod.InitContainers)
            {
                WriteContainer(json, container);
            }

            json.WriteEndArray();
        }

        json.WriteStartArray("containers");
        WriteContainer(json, pod.Container);
        json.WriteEndArray();
        json.WriteString("restartPolicy", "Always");
        json.WriteNumber("terminationGracePeriodSeconds", 30);
        json.WriteString("dnsPolicy", "ClusterFirst");
        json.WriteString("serviceAccountName", "default");
        json.WriteString("serviceAccount", "default"); // the deprecated alias, defaulted from serviceAccountName
        json.WriteBoolean("automountServiceAccountToken", false);
        json.WriteStartObject("securityContext");
        json.WriteEndObject();
        json.WriteString("schedulerName", pod.SchedulerName);
        json.WriteStartArray("tolerations");
        foreach (var key in DefaultTolerations)
        {
            json.WriteStartObject();
            json.WriteString("key", key);
            json.WriteString("operator", "Exists");
            json.WriteString("effect", "NoExecute");
            json.WriteNumber("tolerationSeconds", 300);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteNumber("priority", 0); // the Priority admission plugin, with no default PriorityClass
        json.WriteBoolean("enableServiceLinks", true);
        json.WriteString("preemptionPolicy", "PreemptLowerPriority");
        json.WriteEndObject();
    }

    private static void WriteContainer(Utf8JsonWriter json, ContainerManifest container)
    {
        json.WriteStartObject();
        json.WriteString("name", container.Name);
        json.WriteString("image", container.Image);
        json.WriteStartObject("resources");
        json.WriteStartObject("requests"); // a Go map: keys sorted
        json.WriteString("cpu", PodManifest.CpuRequest);
        json.WriteString("memory", PodManifest.MemoryRequest);
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteString("terminationMessagePath", "/dev/termination-log");
        json.WriteString("terminationMessagePolicy", "File");
        json.WriteString("imagePullPolicy", container.ImagePullPolicy);
        json.WriteEndObject();
    }
}
