using System.Reflection;
using System.Runtime.InteropServices;

[assembly: AssemblyTitle("SmartBin.Firmware")]
[assembly: AssemblyProduct("SmartBin bin controller")]
[assembly: AssemblyCopyright("SmartBin")]
[assembly: ComVisible(false)]

// The deployment tool compares this with the version on the device; keep it in step with Program.FirmwareVersion.
[assembly: AssemblyVersion("1.0.0.0")]
[assembly: AssemblyFileVersion("1.0.0.0")]
