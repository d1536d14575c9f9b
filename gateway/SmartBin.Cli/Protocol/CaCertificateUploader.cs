using System.Collections.Generic;
using System.Globalization;

namespace SmartBin.Cli.Protocol
{
    /// <summary>What installing a CA did: nothing (the bin already had it) or an upload of so many chunks.</summary>
    internal sealed record CertificateInstall(int Bytes, string Crc32, bool AlreadyInstalled, int Chunks, int Rounds);

    /// <summary>
    /// Installs a CA certificate on a bin with the console's <c>cert</c> commands (docs/console.md): skipped when
    /// <c>cert</c> already reports the same size and CRC, otherwise <c>cert abort</c> + <c>cert begin</c>, one
    /// <c>cert add</c> per 150 bytes, <c>cert end</c>, and a final <c>cert</c> that must report the new CRC. A chunk
    /// appends, so it is never blindly resent: a restart of the bin, a refused chunk or a <c>received</c> count out of
    /// step starts the whole upload again (the CA in force is untouched until <c>cert end</c> succeeds).
    /// </summary>
    internal sealed class CaCertificateUploader
    {
        public const int RoundsMax = 3;
        private readonly ConsoleClient _client;

        public CaCertificateUploader(ConsoleClient client)
        {
            _client = client;
        }

        /// <summary>The size and CRC the bin reports for its CA (0 and 00000000 when it has none).</summary>
        public (int Bytes, string Crc32) Installed()
        {
            ConsoleReplyText reply = _client.Request("cert");
            if (reply.IsError)
            {
                throw new CliException(ExitCodes.SerialOrBin, $"the bin on {_client.PortName} does not know `cert`: {reply.Text}",
                    "update the bin's firmware to a version with the cert commands (docs/console.md), then run the command again");
            }

            IReadOnlyDictionary<string, string> f = reply.Fields();
            int.TryParse(f.GetValueOrDefault("bytes", "0"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int bytes);
            return (bytes, f.GetValueOrDefault("crc32", string.Empty));
        }

        public CertificateInstall Install(CaCertificateFile ca)
        {
            if (Matches(ca))
            {
                return new CertificateInstall(ca.Bytes.Length, ca.CrcHex, AlreadyInstalled: true, Chunks: 0, Rounds: 0);
            }

            IReadOnlyList<string> adds = ca.AddCommands();
            for (int round = 1; round <= RoundsMax; round++)
            {
                TryUpload(ca, adds);
                // Checked even after a failed round: a restart right after `cert end` may have hidden its "ok".
                if (Matches(ca))
                {
                    return new CertificateInstall(ca.Bytes.Length, ca.CrcHex, AlreadyInstalled: false, adds.Count, round);
                }
            }

            throw new CliException(ExitCodes.SerialOrBin, $"the bin on {_client.PortName} did not take the CA certificate in {RoundsMax} attempts",
                "check the cable and the bin's power supply (`smartbin console` shows restarts), then run the command again");
        }

        private bool Matches(CaCertificateFile ca)
        {
            (int bytes, string crc) = Installed();
            return bytes == ca.Bytes.Length && crc == ca.CrcHex;
        }

        private void TryUpload(CaCertificateFile ca, IReadOnlyList<string> adds)
        {
            try
            {
                // Abort first: an upload a killed earlier run left open would make begin answer "busy".
                IReadOnlyList<ConsoleReplyText> opened = _client.Backlog(new[] { "cert abort", ca.BeginCommand() });
                if (opened.Count != 2 || !opened[1].IsOk)
                {
                    string refusal = opened[^1].Text;
                    throw new CliException(ExitCodes.SerialOrBin, $"the bin refused the CA upload: {refusal}",
                        "run the command again; if the bin keeps refusing, check its firmware supports certificates of this size (docs/console.md)");
                }

                int expected = 0;
                foreach (string add in adds)
                {
                    expected += System.Math.Min(CaCertificateFile.ChunkBytes, ca.Bytes.Length - expected);
                    ConsoleReplyText reply = _client.Request(add, repeatable: false);
                    if (reply.IsError || reply.Fields().GetValueOrDefault("received") != expected.ToString(CultureInfo.InvariantCulture))
                    {
                        return;
                    }
                }

                ConsoleReplyText end = _client.Request("cert end", repeatable: false);
                if (end.ErrorCode == "cert-not-pem")
                {
                    throw new CliException(ExitCodes.Usage, $"the bin refused the certificate: {end.Text}",
                        "pass the broker's CA certificate as PEM; the bin takes only -----BEGIN CERTIFICATE----- blocks");
                }
            }
            catch (BinRebootedException)
            {
                // The upload lived in the bin's RAM and is gone; the next round starts over.
            }
        }
    }
}
