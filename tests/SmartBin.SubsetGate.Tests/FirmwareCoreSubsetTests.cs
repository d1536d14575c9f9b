using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using SmartBin.SubsetGate.Tests.Gate;
using Xunit;

namespace SmartBin.SubsetGate.Tests
{
    /// <summary>The gate applied to the real shared firmware core.</summary>
    public sealed class FirmwareCoreSubsetTests
    {
        [Fact]
        public void ProjitemsCompilesExactlyTheSourceFilesInTheCoreFolder()
        {
            IReadOnlyList<string> listed = SharedProject.ReadCompileItems(TestFiles.CoreProjitems);
            IReadOnlyList<string> onDisk = SharedProject.FindSourceFilesOnDisk(TestFiles.CoreFolder);

            List<string> notListed = onDisk.Except(listed, StringComparer.Ordinal).Select(Relative).ToList();
            List<string> notOnDisk = listed.Except(onDisk, StringComparer.Ordinal).Select(Relative).ToList();
            List<string> listedTwice = listed.GroupBy(f => f, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => Relative(g.Key)).ToList();

            Assert.True(
                notListed.Count == 0 && notOnDisk.Count == 0 && listedTwice.Count == 0,
                "SmartBin.Firmware.Core.projitems disagrees with the folder (run scripts/sync-projitems.sh):"
                + Section("on disk but not compiled", notListed)
                + Section("compiled but not on disk", notOnDisk)
                + Section("listed twice", listedTwice));
        }

        [Fact]
        public void SharedCoreSourcesStayInsideTheNanoFrameworkSubset()
        {
            IReadOnlyList<string> files = SharedProject.ReadCompileItems(TestFiles.CoreProjitems);
            Assert.NotEmpty(files);

            IReadOnlyList<Violation> violations = TestFiles.CreateGate()
                .Analyze(files.Select(f => (Relative(f), File.ReadAllText(f))));

            Assert.True(violations.Count == 0, NanoFrameworkSubsetGate.FormatReport(violations));
        }

        private static string Relative(string path) =>
            Path.GetRelativePath(TestFiles.RepositoryRoot, path).Replace('\\', '/');

        private static string Section(string title, List<string> files) =>
            files.Count == 0 ? string.Empty : Environment.NewLine + "  " + title + ": " + string.Join(", ", files);
    }
}
