using System.CommandLine;
using System.Collections.Generic;
using System.IO;
using SmartBin.Cli.Protocol;

namespace SmartBin.Cli.Commands
{
    /// <summary><c>smartbin cert</c>: the broker's CA certificate on a bin.</summary>
    internal static partial class SerialCommands
    {
        public static Command Certificate(GlobalOptions g, CliIo io)
        {
            var port = PortOption();
            var file = new Option<string?>("--file", "-f")
            {
                Description = "PEM file of the broker's CA certificate to install or replace (CERTIFICATE blocks, at most 4096 bytes); without it, only shows what the bin has",
            };
            var noReboot = new Option<bool>("--no-reboot") { Description = "Do not restart the bin after installing (it uses the new CA from its next restart)" };
            var command = new Command("cert", "Install or replace the broker's CA certificate on a bin (it checks its TLS broker against it): uploaded in CRC-checked chunks, verified, then the bin restarts; nothing is sent when the bin already has the same certificate. Without --file, shows the size and CRC-32 of the bin's CA")
            {
                port, file, noReboot,
            };
            command.SetAction(r =>
            {
                string? path = r.GetValue(file);
                CaCertificateFile? ca = path is null ? null : CaCertificateFile.Parse(ReadPem(path), path);
                using ConsoleClient client = g.OpenBin(r, r.GetRequiredValue(port), io);
                var uploader = new CaCertificateUploader(client);
                TextWriter human = g.Human(r, io);
                if (ca is null)
                {
                    (int bytes, string crc) = uploader.Installed();
                    human.WriteLine(bytes == 0 ? $"the bin on {client.PortName} has no CA certificate" : $"the bin on {client.PortName} has a CA certificate of {bytes} bytes, crc32 {crc}");
                    WriteJsonIf(g, r, io, new { port = client.PortName, bytes, crc32 = crc });
                    return ExitCodes.Ok;
                }

                CertificateInstall done = uploader.Install(ca);
                bool restart = !done.AlreadyInstalled && !r.GetValue(noReboot);
                if (restart)
                {
                    client.Reboot();
                }

                human.WriteLine($"CA {string.Join(" / ", ca.Subjects)} ({done.Bytes} bytes, crc32 {done.Crc32}) " +
                    (done.AlreadyInstalled ? "is already on the bin: nothing sent" : $"written in {done.Chunks} chunks and verified" + (restart ? "; the bin restarted to use it" : "; used from the bin's next restart")));
                IReadOnlyDictionary<string, string> tls = client.Request("set mqtt.tls").Fields();
                if (tls.GetValueOrDefault("mqtt.tls") != "true")
                {
                    human.WriteLine("note: mqtt.tls is false on this bin, so it does not use the CA yet: `set mqtt.tls true`, `set mqtt.port 8883` (the broker's TLS port), `save`, `reboot`");
                }

                human.Flush();
                WriteJsonIf(g, r, io, new { port = client.PortName, installed = done, restarted = restart, subjects = ca.Subjects });
                return ExitCodes.Ok;
            });
            return command;
        }

        private static string ReadPem(string path)
        {
            try
            {
                return File.ReadAllText(path);
            }
            catch (System.Exception e) when (e is IOException or System.UnauthorizedAccessException)
            {
                throw new CliException(ExitCodes.Usage, $"cannot read {path}: {e.Message}", "check the path and that you may read the file, e.g. --file ./ca.pem");
            }
        }

        private static void WriteJsonIf(GlobalOptions g, ParseResult r, CliIo io, object value)
        {
            if (r.GetValue(g.Json))
            {
                GlobalOptions.WriteJson(io.Out, value);
            }
        }
    }
}
