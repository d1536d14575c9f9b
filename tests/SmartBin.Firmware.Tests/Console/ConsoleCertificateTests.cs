using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.Json;
using SmartBin.Firmware.Core.Console;
using SmartBin.Firmware.Core.Storage;
using SmartBin.Firmware.Virtual;
using Xunit;

namespace SmartBin.Firmware.Tests.Console
{
    /// <summary>The console's <c>cert</c> upload (docs/console.md) through the real console over a virtual bin.</summary>
    public sealed class ConsoleCertificateTests
    {
        private const string StorageDirectory = "smartbin";
        private const int ChunkBytes = 150;
        private static readonly string CaPem = TestCertificates.CaPem();
        private readonly InMemoryFlashFileSystem _flash = new();
        private readonly VirtualBin _bin;

        public ConsoleCertificateTests()
        {
            _bin = new VirtualBin(_flash, new InMemoryMqttLink(), seed: 5);
            _bin.Boot();
        }

        [Fact]
        public void A_real_pem_chain_uploads_in_chunks_lands_on_flash_and_survives_a_reboot()
        {
            string chain = TestCertificates.ChainPem();
            byte[] bytes = Encoding.ASCII.GetBytes(chain);
            Assert.InRange(bytes.Length, 1500, ConsoleCertificate.CertMaxBytes);

            Assert.Equal("ok", One($"cert begin {bytes.Length} {TestCertificates.Crc(bytes):x8}"));
            int received = 0;
            foreach (string chunk in Chunks(bytes, ChunkBytes))
            {
                Assert.True(chunk.Length <= ConsoleCertificate.ChunkCharsMax);
                received = Json("cert add " + chunk).GetProperty("received").GetInt32();
            }

            Assert.Equal(bytes.Length, received);
            Assert.Equal("ok", One("cert end"));
            AssertSummary(bytes.Length, TestCertificates.Crc(bytes));
            Assert.Equal(bytes, CaCertificateStore.ReadPem(_flash, StorageDirectory));

            _bin.Type("reboot");
            AssertSummary(bytes.Length, TestCertificates.Crc(bytes));
        }

        [Fact]
        public void Cert_alone_reports_zero_before_any_upload_and_the_cert_in_force_after()
        {
            AssertSummary(0, 0);
            Assert.Equal("ok", Upload(CaPem));
            AssertSummary(CaPem.Length, TestCertificates.Crc(CaPem));
            Assert.Null(CaCertificateStore.ReadPem(new InMemoryFlashFileSystem(), StorageDirectory));
        }

        [Fact]
        public void A_crc_mismatch_is_refused_and_the_old_cert_stays()
        {
            Assert.Equal("ok", Upload(CaPem));
            string other = TestCertificates.CaPem("Other CA");
            Assert.StartsWith("error cert-crc", Upload(other, crc: TestCertificates.Crc(other) ^ 1));
            AssertSummary(CaPem.Length, TestCertificates.Crc(CaPem));
            Assert.Equal(Encoding.ASCII.GetBytes(CaPem), CaCertificateStore.ReadPem(_flash, StorageDirectory));
            Assert.StartsWith("error cert-no-upload", One("cert end")); // the failed end closed the upload
        }

        [Fact]
        public void Fewer_bytes_than_announced_and_a_chunk_past_the_total_are_length_errors()
        {
            byte[] bytes = Encoding.ASCII.GetBytes(CaPem);
            Assert.Equal("ok", One($"cert begin {bytes.Length + 3} {TestCertificates.Crc(bytes):x8}"));
            foreach (string chunk in Chunks(bytes, ChunkBytes))
            {
                One("cert add " + chunk);
            }

            Assert.StartsWith($"error cert-length received {bytes.Length} of {bytes.Length + 3}", One("cert end"));

            Assert.Equal("ok", One($"cert begin 10 {TestCertificates.Crc(bytes):x8}"));
            Assert.StartsWith("error cert-length", One("cert add " + Convert.ToBase64String(bytes, 0, 12)));
            Assert.Equal(8, Json("cert add " + Convert.ToBase64String(bytes, 0, 8)).GetProperty("received").GetInt32());
            AssertSummary(0, 0);
        }

        [Fact]
        public void Text_that_is_not_pem_certificates_is_refused()
        {
            string key = "-----BEGIN PRIVATE KEY-----\nMIIBVQIBADANBgkqhkiG9w0BAQEFAASCAT8wggE7AgEAAkEA\n-----END PRIVATE KEY-----\n";
            Assert.StartsWith("error cert-not-pem", Upload(key));
            Assert.StartsWith("error cert-not-pem", Upload(CaPem[..(CaPem.Length / 2)]));
            Assert.StartsWith("error cert-not-pem", Upload("hello, broker\n"));
            Assert.StartsWith("error cert-not-pem", Upload(CaPem + "trailing words\n"));
            AssertSummary(0, 0);
        }

        [Fact]
        public void A_chunk_that_is_not_base64_is_refused_without_changing_the_upload()
        {
            byte[] bytes = Encoding.ASCII.GetBytes(CaPem);
            Assert.Equal("ok", One($"cert begin {bytes.Length} {TestCertificates.Crc(bytes):x8}"));
            List<string> chunks = Chunks(bytes, ChunkBytes).ToList();
            Assert.Equal(ChunkBytes, Json("cert add " + chunks[0]).GetProperty("received").GetInt32());
            Assert.StartsWith("error bad-base64", One("cert add " + chunks[1][..^1]));      // not a multiple of 4
            Assert.StartsWith("error bad-base64", One("cert add " + "AB*D" + chunks[1][4..]));  // outside the alphabet
            Assert.StartsWith("error bad-base64", One("cert add QQ==" + chunks[1][4..]));       // padding mid-chunk
            foreach (string chunk in chunks.Skip(1))
            {
                One("cert add " + chunk);
            }

            Assert.Equal("ok", One("cert end"));
            Assert.Equal(bytes, CaCertificateStore.ReadPem(_flash, StorageDirectory));
        }

        [Fact]
        public void Too_big_bad_arguments_and_a_chunk_over_200_characters_are_refused()
        {
            Assert.StartsWith("error cert-length", One($"cert begin {ConsoleCertificate.CertMaxBytes + 1} 0badcafe"));
            Assert.StartsWith("error cert-length", One("cert begin 0 00000000"));
            Assert.StartsWith("error bad-args", One("cert begin 100"));
            Assert.StartsWith("error bad-args", One("cert begin 100 xyz"));
            Assert.StartsWith("error bad-args", One("cert frobnicate"));
            Assert.StartsWith("error confirm-required", One("cert clear"));
            Assert.Equal("ok", One($"cert begin {ConsoleCertificate.CertMaxBytes} 0BADCAFE"));
            Assert.StartsWith("error bad-args", One("cert add " + new string('A', ConsoleCertificate.ChunkCharsMax + 4)));
        }

        [Fact]
        public void A_chunk_or_end_without_begin_is_refused_and_begin_during_an_upload_is_busy()
        {
            Assert.StartsWith("error cert-no-upload", One("cert add QUJD"));
            Assert.StartsWith("error cert-no-upload", One("cert end"));
            Assert.Equal("ok", One("cert begin 3 00000000"));
            Assert.StartsWith("error busy", One("cert begin 3 00000000"));
        }

        [Fact]
        public void Abort_discards_the_upload_and_keeps_the_cert_in_force()
        {
            Assert.Equal("ok", Upload(CaPem));
            byte[] other = Encoding.ASCII.GetBytes(TestCertificates.CaPem("Other CA"));
            Assert.Equal("ok", One($"cert begin {other.Length} {TestCertificates.Crc(other):x8}"));
            One("cert add " + Chunks(other, ChunkBytes).First());
            Assert.Equal("ok", One("cert abort"));
            Assert.StartsWith("error cert-no-upload", One("cert add QUJD"));
            Assert.Equal("ok", One("cert abort")); // nothing open: still ok, so a tool can always start clean
            AssertSummary(CaPem.Length, TestCertificates.Crc(CaPem));
        }

        [Fact]
        public void A_reboot_mid_upload_discards_it()
        {
            byte[] bytes = Encoding.ASCII.GetBytes(CaPem);
            Assert.Equal("ok", One($"cert begin {bytes.Length} {TestCertificates.Crc(bytes):x8}"));
            One("cert add " + Chunks(bytes, ChunkBytes).First());
            int boots = _bin.BootCount;
            Assert.Equal("ok", One("reboot"));
            Assert.Equal(boots + 1, _bin.BootCount);

            Assert.StartsWith("error cert-no-upload", One("cert add " + Chunks(bytes, ChunkBytes).ElementAt(1)));
            Assert.StartsWith("error cert-no-upload", One("cert end"));
            AssertSummary(0, 0);
            Assert.DoesNotContain(_flash.Paths, p => p.Contains(CaCertificateStore.FileBaseName, StringComparison.Ordinal));
        }

        [Fact]
        public void Clear_yes_removes_the_cert_for_good()
        {
            Assert.Equal("ok", Upload(CaPem));
            Assert.Equal("ok", One("cert clear yes"));
            AssertSummary(0, 0);
            Assert.Null(CaCertificateStore.ReadPem(_flash, StorageDirectory));
            _bin.Type("reboot");
            AssertSummary(0, 0);
        }

        [Fact]
        public void The_upload_runs_in_a_backlog_and_with_request_ids()
        {
            byte[] bytes = Encoding.ASCII.GetBytes("-----BEGIN CERTIFICATE-----\nQUJD\n-----END CERTIFICATE-----\n");
            string adds = string.Join("; ", Chunks(bytes, 30).Select(c => "cert add " + c));
            IReadOnlyList<string> replies = _bin.Type($"@t1 backlog cert begin {bytes.Length} {TestCertificates.Crc(bytes):x8}; {adds}; cert end");
            Assert.All(replies, r => Assert.StartsWith("@t1 ", r));
            Assert.Equal("@t1 ok", replies[^1]);
            AssertSummary(bytes.Length, TestCertificates.Crc(bytes));
        }

        private string Upload(string pem, uint? crc = null)
        {
            byte[] bytes = Encoding.ASCII.GetBytes(pem);
            Assert.Equal("ok", One($"cert begin {bytes.Length} {crc ?? TestCertificates.Crc(bytes):x8}"));
            foreach (string chunk in Chunks(bytes, ChunkBytes))
            {
                Assert.StartsWith("{\"received\":", One("cert add " + chunk));
            }

            return One("cert end");
        }

        internal static IEnumerable<string> Chunks(byte[] bytes, int chunkBytes)
        {
            for (int at = 0; at < bytes.Length; at += chunkBytes)
            {
                yield return Convert.ToBase64String(bytes, at, Math.Min(chunkBytes, bytes.Length - at));
            }
        }

        private void AssertSummary(int bytes, uint crc)
        {
            JsonElement summary = Json("cert");
            Assert.Equal(bytes, summary.GetProperty("bytes").GetInt32());
            Assert.Equal(crc.ToString("x8"), summary.GetProperty("crc32").GetString());
        }

        private string One(string line)
        {
            IReadOnlyList<string> replies = _bin.Type(line);
            Assert.Single(replies);
            return replies[0];
        }

        private JsonElement Json(string line)
        {
            string reply = One(line);
            Assert.StartsWith("{", reply);
            return JsonDocument.Parse(reply).RootElement.Clone();
        }
    }
}
