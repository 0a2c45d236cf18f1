using System.Runtime.InteropServices;

namespace VaeLab.Native;

/// <summary>
/// The process's native environment, the one native libraries (MKL, oneDNN) read with getenv. .NET keeps its own copy of
/// the environment on Unix, so Environment.SetEnvironmentVariable would not reach them. Linux only.
/// </summary>
internal static class NativeEnvironment
{
    /// <summary>The variable as native code sees it, or null (also off Linux).</summary>
    public static string? Get(string name) => OperatingSystem.IsLinux() ? Marshal.PtrToStringUTF8(getenv(name)) : null;

    /// <summary>Sets <paramref name="name"/> unless it is already set (a user's choice wins); returns the value in force,
    /// or null where it cannot be set.</summary>
    public static string? SetUnlessSet(string name, string value)
    {
        if (!OperatingSystem.IsLinux()) return null;
        var current = Get(name);
        if (!string.IsNullOrEmpty(current)) return current;
        return setenv(name, value, 0) == 0 ? Get(name) : null;
    }

    [DllImport("libc", EntryPoint = "getenv")]
    private static extern IntPtr getenv([MarshalAs(UnmanagedType.LPUTF8Str)] string name);

    [DllImport("libc", EntryPoint = "setenv")]
    private static extern int setenv([MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, int overwrite);
}
