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

        public static string Sample(string fileName) => Path.Combine(AppContext.BaseDirectory, "Samples", fileName);

        public static NanoFrameworkSubsetGate CreateGate() => new(AllowList.Load(AllowListPath));
    }
}
