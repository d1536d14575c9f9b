using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SmartBin.SubsetGate.Tests.Gate;
using Xunit;

namespace SmartBin.SubsetGate.Tests
{
    /// <summary>
    /// The device application (firmware/SmartBin.Firmware) with the shared core, compiled by the gate against the
    /// reference surface of the nanoFramework packages: inside the 1.x subset, and calling only allow-listed APIs.
    /// </summary>
    public sealed class DeviceAppSubsetTests
    {
        private const string ProbeFile = "firmware/SmartBin.Firmware/Probe.cs";

        [Fact]
        public void AppAndSharedCoreStayInsideTheSubsetAndCallOnlyAllowListedNanoFrameworkApis()
        {
            IReadOnlyList<Violation> violations = DeviceApp.Gate().Analyze(DeviceApp.Sources(), DeviceApp.Surface());

            Assert.True(violations.Count == 0, NanoFrameworkSubsetGate.FormatReport(violations));
        }

        [Fact]
        public void GateInputCoversEveryAppFileAndEveryDriver()
        {
            var checkedPaths = DeviceApp.Sources().Select(s => s.Path).ToHashSet(StringComparer.Ordinal);
            IReadOnlyList<string> app = DeviceApp.AppSourceFiles();
            IReadOnlyList<string> drivers = SharedProject.FindSourceFilesOnDisk(Path.Combine(TestFiles.CoreFolder, "Drivers"));

            Assert.Contains(app, f => f.EndsWith("Program.cs", StringComparison.Ordinal));
            Assert.Contains(drivers, f => f.EndsWith("Hx711.cs", StringComparison.Ordinal));
            List<string> missing = app.Concat(drivers).Select(DeviceApp.Relative).Where(f => !checkedPaths.Contains(f)).ToList();
            Assert.True(missing.Count == 0, "not checked by the gate: " + string.Join(", ", missing));
        }

        /// <summary>Calls outside the allow-list, and how the gate must report each.</summary>
        public static TheoryData<string, GateCategory, string> ForbiddenCalls => new()
        {
            // A real nanoFramework API the surface leaves out: does not even compile.
            { "new System.IO.Ports.SerialPort(\"COM2\", 9600, System.IO.Ports.Parity.None, 8, System.IO.Ports.StopBits.One).ReadExisting()", GateCategory.CompileError, "CS1061" },
            { "nanoFramework.Hardware.Esp32.Configuration.GetFunctionPin(nanoFramework.Hardware.Esp32.DeviceFunction.COM2_TX)", GateCategory.CompileError, "CS0117" },
            // A .NET API that binds on the host but is not on either list.
            { "System.IO.Path.Combine(\"I:\\\\\", \"x\")", GateCategory.NotAllowed, "M:System.IO.Path.Combine(System.String,System.String)" },
            // .NET's System.GC, not nanoFramework.Runtime.Native.GC.
            { "System.GC.Collect()", GateCategory.NotAllowed, "M:System.GC.Collect" },
        };

        [Theory]
        [MemberData(nameof(ForbiddenCalls))]
        public void CallOutsideTheAllowListIsReportedByName(string expression, GateCategory category, string symbol)
        {
            var probe = (ProbeFile, "namespace SmartBin.Firmware { internal static class Probe { internal static void Call() { " + expression + "; } } }");

            IReadOnlyList<Violation> violations = DeviceApp.Gate().Analyze(DeviceApp.Sources(probe), DeviceApp.Surface());

            Assert.True(
                violations.Any(v => v.Path == ProbeFile && v.Category == category && (v.Symbol == symbol || v.Reason.Contains(symbol, StringComparison.Ordinal))),
                "expected [" + category + "] " + symbol + " in Probe.cs; got " + NanoFrameworkSubsetGate.FormatReport(violations));
        }

        [Theory]
        [InlineData("M:System.IO.Ports.SerialPort.Open")]
        [InlineData("M:nanoFramework.Hardware.Esp32.Configuration.SetPinFunction(System.Int32,nanoFramework.Hardware.Esp32.DeviceFunction)")]
        [InlineData("E:nanoFramework.M2Mqtt.MqttClient.MqttMsgPublishReceived")]
        [InlineData("M:System.Device.Spi.SpiDevice.TransferFullDuplex(System.SpanByte,System.SpanByte)")]
        [InlineData("P:System.Environment.TickCount64")]
        [InlineData("M:System.Threading.Thread.Start")]
        public void SurfaceMemberTakenOffTheDeviceListIsReportedWhereTheAppCallsIt(string id)
        {
            IReadOnlyList<Violation> violations = DeviceApp.Gate(removed: id).Analyze(DeviceApp.Sources(), DeviceApp.Surface());

            Assert.True(
                violations.Count > 0 && violations.All(v => v.Category == GateCategory.NotAllowed && v.Symbol == id && v.Path.StartsWith("firmware/SmartBin.Firmware/", StringComparison.Ordinal)),
                "expected only " + id + " in the app; got " + NanoFrameworkSubsetGate.FormatReport(violations));
        }

        [Fact]
        public void SurfaceDeclaresExactlyTheDeviceAllowListEntriesThatDotNetLacks()
        {
            HashSet<string> declared = SurfaceIds();
            List<(string Assembly, string Id)> entries = DeviceApp.DeviceEntries();
            var listed = entries.Select(e => e.Id).ToHashSet(StringComparer.Ordinal);

            // Package APIs must come from the surface, never from a same-named .NET type (System.IO.File).
            List<string> packageEntriesNotDeclared = entries.Where(e => e.Assembly != "mscorlib" && !declared.Contains(e.Id)).Select(e => e.Id).ToList();
            // mscorlib entries bind to .NET's own types unless .NET lacks them (SpanByte).
            List<string> mscorlibEntriesUnbound = entries.Where(e => e.Assembly == "mscorlib" && !declared.Contains(e.Id) && !HostHas(e.Id)).Select(e => e.Id).ToList();
            List<string> declaredNotListed = declared.Where(id => !listed.Contains(id)).OrderBy(id => id, StringComparer.Ordinal).ToList();

            Assert.True(
                packageEntriesNotDeclared.Count == 0 && mscorlibEntriesUnbound.Count == 0 && declaredNotListed.Count == 0,
                "ApiSurface.cs and nanoframework-device-allowlist.txt disagree:"
                + "\n  listed, not declared: " + string.Join(", ", packageEntriesNotDeclared)
                + "\n  mscorlib entries .NET lacks and the surface does not declare: " + string.Join(", ", mscorlibEntriesUnbound)
                + "\n  declared, not listed: " + string.Join(", ", declaredNotListed));
        }

        [Fact]
        public void DeviceListDoesNotRepeatTheCoreList()
        {
            AllowList core = AllowList.Load(TestFiles.AllowListPath);

            List<string> repeated = DeviceApp.DeviceEntries().Select(e => e.Id).Where(core.Contains).ToList();

            Assert.True(repeated.Count == 0, "already on nanoframework-1x-allowlist.txt: " + string.Join(", ", repeated));
        }

        [Fact]
        public void SharedCoreDoesNotReachForDeviceOnlyApis()
        {
            // The core's own gate run uses only the core list; this proves the device list is not needed there.
            IReadOnlyList<string> core = SharedProject.ReadCompileItems(TestFiles.CoreProjitems);
            string[] deviceNamespaces = { "nanoFramework.", "System.Device.", "System.IO.Ports", "System.Net" };

            List<string> offenders = core.Where(f => File.ReadAllLines(f).Any(l => l.TrimStart().StartsWith("using ", StringComparison.Ordinal)
                && deviceNamespaces.Any(ns => l.Contains(" " + ns, StringComparison.Ordinal)))).Select(DeviceApp.Relative).ToList();

            Assert.True(offenders.Count == 0, "core files importing device namespaces: " + string.Join(", ", offenders));
        }

        internal static HashSet<string> SurfaceIds()
        {
            SyntaxTree tree = CSharpSyntaxTree.ParseText(File.ReadAllText(TestFiles.NanoFrameworkFile(DeviceApp.SurfaceFile)));
            CSharpCompilation surface = CSharpCompilation.Create("Surface", new[] { tree }, HostReferences.All,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
            Assert.Empty(surface.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            var ids = new HashSet<string>(StringComparer.Ordinal);
            AddDeclared(surface.Assembly.GlobalNamespace, ids);
            return ids;
        }

        private static void AddDeclared(INamespaceOrTypeSymbol container, HashSet<string> ids)
        {
            foreach (ISymbol member in container.GetMembers())
            {
                if (member is INamespaceSymbol ns)
                {
                    AddDeclared(ns, ids);
                }
                else if (member is INamedTypeSymbol type && type.DeclaredAccessibility == Accessibility.Public)
                {
                    ids.Add(type.GetDocumentationCommentId()!);
                    bool delegateMembers = type.TypeKind == TypeKind.Delegate;
                    foreach (ISymbol typeMember in type.GetMembers().Where(m => m is not INamedTypeSymbol && m.DeclaredAccessibility == Accessibility.Public
                        && !m.IsImplicitlyDeclared && !delegateMembers && m is not IMethodSymbol { AssociatedSymbol: not null }))
                    {
                        ids.Add(typeMember.GetDocumentationCommentId()!);
                    }

                    AddDeclared(type, ids);
                }
            }
        }

        private static bool HostHas(string id)
        {
            CSharpCompilation host = CSharpCompilation.Create("HostCheck", references: HostReferences.All);
            string typeName = id.StartsWith("T:", StringComparison.Ordinal) ? id.Substring(2) : ContainingTypeName(id);
            INamedTypeSymbol? type = host.GetTypeByMetadataName(typeName);
            return type is not null && (id.StartsWith("T:", StringComparison.Ordinal)
                || type.GetMembers().Any(m => m.DeclaredAccessibility == Accessibility.Public && m.GetDocumentationCommentId() == id));
        }

        private static string ContainingTypeName(string memberId)
        {
            string body = memberId.Substring(2);
            int parameters = body.IndexOf('(', StringComparison.Ordinal);
            body = parameters >= 0 ? body.Substring(0, parameters) : body;
            return body.Substring(0, body.LastIndexOf('.'));
        }
    }
}
