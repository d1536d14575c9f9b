using System;
using System.Linq;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using SmartBin.Cli.Protocol;
using SmartBin.Cli.Tests.Fixtures;
using SmartBin.Firmware.Core.Storage;
using SmartBin.Firmware.Virtual;
using Xunit;

namespace SmartBin.Cli.Tests.Protocol
{
    /// <summary>The CA file's normalisation and chunking, and the uploader against the real console in process.</summary>
    public sealed class CaCertificateTests
    {
        private static readonly DateTimeOffset NotBefore = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        [Fact]
        public void Chunks_fit_the_console_line_and_reassemble_to_the_normalised_pem()
        {
            string chain = Pem("Root") + Pem("Broker CA");
            CaCertificateFile ca = CaCertificateFile.Parse(chain, "test");
            Assert.Equal(chain.ReplaceLineEndings("\n"), Encoding.ASCII.GetString(ca.Bytes));
            var adds = ca.AddCommands();
            Assert.Equal((ca.Bytes.Length + CaCertificateFile.ChunkBytes - 1) / CaCertificateFile.ChunkBytes, adds.Count);
            byte[] joined = adds.SelectMany(a =>
            {
                Assert.StartsWith("cert add ", a);
                string chunk = a["cert add ".Length..];
                Assert.InRange(chunk.Length, 4, 200);
                Assert.True(Encoding.UTF8.GetByteCount("@" + new string('x', 16) + " " + a) <= 256);
                return Convert.FromBase64String(chunk);
            }).ToArray();
            Assert.Equal(ca.Bytes, joined);
            Assert.Equal($"cert begin {ca.Bytes.Length} {ca.CrcHex}", ca.BeginCommand());
            Assert.Equal(2, ca.Subjects.Count);
        }

        [Fact]
        public void The_crc_is_the_zlib_crc32_the_bin_computes()
        {
            Assert.Equal(0xCBF43926u, Crc32Ieee.Compute(Encoding.ASCII.GetBytes("123456789")));
            byte[] pem = Encoding.ASCII.GetBytes(Pem("Root"));
            Assert.Equal(SmartBin.Firmware.Core.Storage.Crc32.Compute(pem, 0, pem.Length), Crc32Ieee.Compute(pem));
        }

        [Fact]
        public void Comments_and_crlf_around_the_blocks_are_dropped_so_the_same_cert_has_the_same_crc()
        {
            string pem = Pem("Root");
            string messy = "# Issuer: CN=Root\r\n" + pem.Replace("\n", "\r\n") + "\r\nsome trailing note\r\n";
            Assert.Equal(CaCertificateFile.Parse(pem, "a").CrcHex, CaCertificateFile.Parse(messy, "b").CrcHex);
        }

        [Fact]
        public void No_certificate_a_broken_one_or_too_many_bytes_is_a_usage_error()
        {
            Assert.Equal(ExitCodes.Usage, Assert.Throws<CliException>(() => CaCertificateFile.Parse("-----BEGIN PRIVATE KEY-----\nQUJD\n-----END PRIVATE KEY-----\n", "k")).ExitCode);
            Assert.Equal(ExitCodes.Usage, Assert.Throws<CliException>(() => CaCertificateFile.Parse("-----BEGIN CERTIFICATE-----\nQUJD\n-----END CERTIFICATE-----\n", "x")).ExitCode);
            string bundle = string.Concat(Enumerable.Range(0, 6).Select(i => Pem("CA " + i)));
            CliException tooBig = Assert.Throws<CliException>(() => CaCertificateFile.Parse(bundle, "bundle.pem"));
            Assert.Contains("at most 4096", tooBig.Message);
        }

        [Fact]
        public void Install_uploads_verifies_and_skips_a_second_time()
        {
            var (link, client) = Connect();
            CaCertificateFile ca = CaCertificateFile.Parse(Pem("Root") + Pem("Broker CA"), "t");
            CertificateInstall first = new CaCertificateUploader(client).Install(ca);
            Assert.False(first.AlreadyInstalled);
            Assert.Equal(1, first.Rounds);
            Assert.Equal(ca.Bytes, CaCertificateStore.ReadPem(link.Bin.Flash, "smartbin"));

            link.Commands.Clear();
            CertificateInstall again = new CaCertificateUploader(client).Install(ca);
            Assert.True(again.AlreadyInstalled);
            Assert.Equal(new[] { "cert" }, link.Commands);
        }

        [Fact]
        public void A_restart_mid_upload_and_a_chunk_damaged_on_the_wire_start_the_upload_again()
        {
            var (link, client) = Connect();
            CaCertificateFile ca = CaCertificateFile.Parse(Pem("Root"), "t");
            int adds = 0;
            link.Fault = command =>
            {
                if (!command.StartsWith("cert add", StringComparison.Ordinal))
                {
                    return command;
                }

                adds++;
                return adds == 3 ? null                                                  // round 1: the bin restarts
                    : adds == ca.AddCommands().Count + 3 ? command[..^4] + "AAAA"        // round 2: last chunk garbled
                    : command;
            };
            CertificateInstall done = new CaCertificateUploader(client).Install(ca);
            Assert.Equal(3, done.Rounds);
            Assert.Equal(ca.Bytes, CaCertificateStore.ReadPem(link.Bin.Flash, "smartbin"));
            Assert.Equal(3, link.Commands.Count(c => c.Contains("cert begin", StringComparison.Ordinal)));
        }

        private static (VirtualBinLink Link, ConsoleClient Client) Connect()
        {
            var bin = new VirtualBin(new InMemoryFlashFileSystem(), new InMemoryMqttLink(), seed: 2);
            bin.Boot();
            var link = new VirtualBinLink(bin);
            return (link, new ConsoleClient(link, 200, 115200));
        }

        internal static string Pem(string commonName)
        {
            using RSA key = RSA.Create(2048);
            var request = new CertificateRequest("CN=" + commonName, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            using X509Certificate2 cert = request.CreateSelfSigned(NotBefore, NotBefore.AddYears(10));
            return cert.ExportCertificatePem() + "\n";
        }
    }
}
