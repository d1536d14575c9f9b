using System;
using System.Collections.Generic;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;

namespace SmartBin.Cli.Protocol
{
    /// <summary>
    /// A CA certificate file as the bin stores it: only its <c>CERTIFICATE</c> blocks, LF line ends, each block checked
    /// to be a real X.509 certificate, at most 4096 bytes. Normalising here keeps the bin's strict PEM check simple and
    /// makes the CRC (what <c>cert</c> reports) the same for the same certificates however the file was written.
    /// </summary>
    internal sealed partial class CaCertificateFile
    {
        /// <summary>Largest PEM the bin takes (the firmware's <c>CertMaxBytes</c>).</summary>
        public const int BytesMax = 4096;

        /// <summary>PEM bytes per <c>cert add</c>: 150 bytes are 200 base64 characters, the console's chunk limit.</summary>
        public const int ChunkBytes = 150;

        private CaCertificateFile(byte[] bytes, IReadOnlyList<string> subjects)
        {
            Bytes = bytes;
            Subjects = subjects;
            Crc32 = Crc32Ieee.Compute(bytes);
        }

        public byte[] Bytes { get; }

        public uint Crc32 { get; }

        /// <summary>Subject of each certificate, in order, for the operator.</summary>
        public IReadOnlyList<string> Subjects { get; }

        public string CrcHex => Crc32.ToString("x8", CultureInfo.InvariantCulture);

        /// <summary>Parses PEM text; <paramref name="source"/> names it in errors (a file path, or "the gateway's CA").</summary>
        public static CaCertificateFile Parse(string pem, string source)
        {
            var blocks = new List<string>();
            var subjects = new List<string>();
            foreach (Match m in CertificateBlock().Matches(pem))
            {
                string block = m.Value.ReplaceLineEndings("\n");
                try
                {
                    using X509Certificate2 cert = X509Certificate2.CreateFromPem(block);
                    subjects.Add(cert.Subject);
                }
                catch (CryptographicException e)
                {
                    throw new CliException(ExitCodes.Usage, $"{source}: certificate {blocks.Count + 1} does not parse ({e.Message})",
                        "pass the broker's CA certificate as PEM (-----BEGIN CERTIFICATE----- …), e.g. the file the gateway's SmartBin:Admin:BrokerCaFile names");
                }

                blocks.Add(block + "\n");
            }

            if (blocks.Count == 0)
            {
                throw new CliException(ExitCodes.Usage, $"{source} holds no -----BEGIN CERTIFICATE----- block",
                    "pass the broker's CA certificate as PEM (a DER .crt converts with `openssl x509 -inform der -in ca.crt -out ca.pem`)");
            }

            byte[] bytes = Encoding.ASCII.GetBytes(string.Concat(blocks));
            if (bytes.Length > BytesMax)
            {
                throw new CliException(ExitCodes.Usage, $"{source} is {bytes.Length} bytes of certificates; the bin takes at most {BytesMax}",
                    "install only the CA that signed the broker's certificate (not a whole trust bundle)");
            }

            return new CaCertificateFile(bytes, subjects);
        }

        /// <summary>The <c>cert add</c> commands carrying the bytes, in order (each at most 200 base64 characters).</summary>
        public IReadOnlyList<string> AddCommands()
        {
            var commands = new List<string>();
            for (int at = 0; at < Bytes.Length; at += ChunkBytes)
            {
                commands.Add("cert add " + Convert.ToBase64String(Bytes, at, Math.Min(ChunkBytes, Bytes.Length - at)));
            }

            return commands;
        }

        /// <summary>The <c>cert begin</c> command announcing size and CRC.</summary>
        public string BeginCommand() => $"cert begin {Bytes.Length.ToString(CultureInfo.InvariantCulture)} {CrcHex}";

        [GeneratedRegex("-----BEGIN CERTIFICATE-----[A-Za-z0-9+/=\\s]*?-----END CERTIFICATE-----")]
        private static partial Regex CertificateBlock();
    }

    /// <summary>CRC-32 (IEEE 802.3, as zlib), the checksum the bin's <c>cert</c> commands use.</summary>
    internal static class Crc32Ieee
    {
        private static readonly uint[] Table = BuildTable();

        public static uint Compute(byte[] data)
        {
            uint crc = 0xFFFFFFFF;
            foreach (byte b in data)
            {
                crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
            }

            return ~crc;
        }

        private static uint[] BuildTable()
        {
            var table = new uint[256];
            for (uint n = 0; n < 256; n++)
            {
                uint c = n;
                for (int k = 0; k < 8; k++)
                {
                    c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
                }

                table[n] = c;
            }

            return table;
        }
    }
}
