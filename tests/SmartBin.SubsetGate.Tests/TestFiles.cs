using System;
using System.IO;
using SmartBin.SubsetGate.Tests.Gate;

namespace SmartBin.SubsetGate.Tests
{
    /// <summary>Files the tests read: copied next to the test assembly, or found in the repository.</summary>
    internal static class TestFiles
    {
        public static string AllowListPath => Path.Combine(AppContext.BaseDirectory, "nanoframework-1x-allowlist.txt");

        public static string RepositoryRoot { get; } = SharedProject.FindRepositoryRoot();

        public static string CoreFolder => Path.Combine(RepositoryRoot, "firmware", "SmartBin.Firmware.Core");

        public static string CoreProjitems => Path.Combine(CoreFolder, "SmartBin.Firmware.Core.projitems");

        public static string DeviceAllowListPath => Path.Combine(AppContext.BaseDirectory, "nanoframework-device-allowlist.txt");

        public static string NanoFrameworkFile(string fileName) => Path.Combine(AppContext.BaseDirectory, "NanoFramework", fileName);

        public static string AppFolder => Path.Combine(RepositoryRoot, "firmware", "SmartBin.Firmware");

        public static string AppProject => Path.Combine(AppFolder, "SmartBin.Firmware.nfproj");

        public static string PackagesConfig => Path.Combine(AppFolder, "packages.config");

        public static string Sample(string fileName) => Path.Combine(AppContext.BaseDirectory, "Samples", fileName);

        public static NanoFrameworkSubsetGate CreateGate() => new(AllowList.Load(AllowListPath));
    }
}
