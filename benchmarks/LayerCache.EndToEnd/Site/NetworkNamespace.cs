using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;

namespace LayerCache.EndToEnd.Site;

/// <summary>
/// Runs code inside a named network namespace on a thread of its own. A socket keeps the namespace it was created
/// in, so a listener or client made here can be used from any thread afterwards.
/// </summary>
internal static class NetworkNamespace
{
    public static T Run<T>(string name, Func<T> action)
    {
        T result = default!;
        ExceptionDispatchInfo? failure = null;

        // setns changes only the calling thread; this one ends with the action and is never reused.
        var thread = new Thread(() =>
        {
            try
            {
                using var handle = File.OpenHandle($"/run/netns/{name}");
                if (LibC.SetNs((int)handle.DangerousGetHandle(), LibC.CloneNewNet) != 0)
                {
                    throw new InvalidOperationException($"setns into {name} failed: errno {Marshal.GetLastPInvokeError()}");
                }

                result = action();
            }
            catch (Exception e)
            {
                failure = ExceptionDispatchInfo.Capture(e);
            }
        })
        { IsBackground = true, Name = "netns " + name };
        thread.Start();
        thread.Join();
        failure?.Throw();
        return result;
    }
}
