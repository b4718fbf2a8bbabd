using System.Runtime.InteropServices;

namespace LayerCache.EndToEnd.Site;

/// <summary>The few system calls .NET does not expose: signals other than SIGKILL, setns and umount2.</summary>
internal static class LibC
{
    public const int SigKill = 9;
    public const int SigTerm = 15;
    public const int CloneNewNet = 0x40000000;
    public const int MntDetach = 2;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    public static extern int Kill(int pid, int signal);

    [DllImport("libc", EntryPoint = "setns", SetLastError = true)]
    public static extern int SetNs(int fd, int nstype);

    [DllImport("libc", EntryPoint = "umount2", SetLastError = true)]
    public static extern int Umount2([MarshalAs(UnmanagedType.LPUTF8Str)] string target, int flags);
}
