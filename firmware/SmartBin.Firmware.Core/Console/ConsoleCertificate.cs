using SmartBin.Firmware.Core.Protocol;
using SmartBin.Firmware.Core.Storage;
using SmartBin.Firmware.Core.Text;

namespace SmartBin.Firmware.Core.Console
{
    /// <summary>
    /// The console's <c>cert</c>: installs the broker's CA certificate, which does not fit one console line, as a staged
    /// upload: <c>cert begin &lt;bytes&gt; &lt;crc32&gt;</c>, base64 chunks with <c>cert add</c>, then <c>cert end</c>
    /// checks length, CRC-32 and PEM shape and only then replaces the stored CA (atomically, <see cref="CaCertificateStore"/>).
    /// The upload lives in RAM: a reboot or <c>cert abort</c> discards it, and the CA in force is untouched until
    /// <c>cert end</c> succeeds. Serial console only: the gateway's <c>cmd</c> cannot reach it.
    /// </summary>
    public sealed class ConsoleCertificate
    {
        /// <summary>Largest certificate accepted, bytes.</summary>
        public const int CertMaxBytes = CaCertificateStore.PemBytesMax;

        /// <summary>Longest base64 chunk in one <c>cert add</c>, characters (150 bytes; the line stays under 256 bytes).</summary>
        public const int ChunkCharsMax = 200;

        private const string Usage = "cert [begin <bytes> <crc32hex> | add <base64> | end | abort | clear yes]";

        private readonly CaCertificateStore _store;
        private readonly ConsoleReply _r;
        private readonly byte[] _staging = new byte[CaCertificateStore.RecordBytesMax];
        private bool _uploading;
        private int _expectedBytes;
        private uint _expectedCrc;
        private int _receivedBytes;

        /// <summary>Creates the command over the CA store (already loaded), with its staging buffer.</summary>
        public ConsoleCertificate(CaCertificateStore store, ConsoleReply reply)
        {
            _store = store;
            _r = reply;
        }

        /// <summary>True while an upload is open (between <c>cert begin</c> and <c>cert end</c> or <c>cert abort</c>).</summary>
        public bool IsUploading
        {
            get { return _uploading; }
        }

        /// <summary>Runs <c>cert</c> with its arguments (everything after the command name).</summary>
        public void Run(string args)
        {
            int space = args.IndexOf(' ');
            string verb = (space < 0 ? args : args.Substring(0, space)).ToLower();
            string rest = space < 0 ? string.Empty : args.Substring(space + 1).Trim();
            switch (verb)
            {
                case "": Summary(); break;
                case "begin": Begin(rest); break;
                case "add": Add(rest); break;
                case "end": if (NoArgs(rest, verb)) { End(); } break;
                case "abort": if (NoArgs(rest, verb)) { Abort(); } break;
                case "clear": Clear(rest); break;
                default: _r.Error("bad-args", Usage); break;
            }
        }

        private bool NoArgs(string rest, string verb)
        {
            if (rest.Length > 0)
            {
                _r.Error("bad-args", "cert " + verb + " takes no arguments");
                return false;
            }

            return true;
        }

        private void Summary()
        {
            JsonWriter w = _r.Json;
            w.BeginObject(null);
            w.WriteInt("bytes", _store.PemLength);
            w.WriteString("crc32", NumberText.FormatHex8(_store.PemCrc32));
            w.EndObject();
        }

        private void Begin(string rest)
        {
            if (_uploading)
            {
                _r.Error("busy", "an upload is open: cert end or cert abort first");
                return;
            }

            int space = rest.IndexOf(' ');
            int totalBytes;
            uint crc;
            if (space < 0 || !int.TryParse(rest.Substring(0, space), out totalBytes) || !TryParseCrc(rest.Substring(space + 1).Trim(), out crc))
            {
                _r.Error("bad-args", "cert begin <bytes> <crc32: 8 hex digits>");
                return;
            }

            if (totalBytes < 1 || totalBytes > CertMaxBytes)
            {
                _r.Error("cert-length", totalBytes.ToString() + " bytes: a certificate is 1.." + CertMaxBytes.ToString() + " bytes");
                return;
            }

            _uploading = true;
            _expectedBytes = totalBytes;
            _expectedCrc = crc;
            _receivedBytes = 0;
            _r.Ok();
        }

        private void Add(string chunk)
        {
            if (!_uploading)
            {
                _r.Error("cert-no-upload", "no upload open: cert begin first");
                return;
            }

            if (chunk.Length == 0 || chunk.Length > ChunkCharsMax)
            {
                _r.Error("bad-args", "cert add <base64, 1.." + ChunkCharsMax.ToString() + " characters>");
                return;
            }

            // Decodes past the bytes received so far: a rejected chunk leaves the upload as it was.
            int at = CaCertificateStore.PemOffset + _receivedBytes;
            int decoded = Base64.Decode(chunk, _staging, at, _expectedBytes - _receivedBytes);
            if (decoded == Base64.Invalid)
            {
                _r.Error("bad-base64", "chunk is not base64 (A-Z a-z 0-9 + /, padded to 4 characters); resend it");
                return;
            }

            if (decoded == Base64.TooLong)
            {
                _r.Error("cert-length", "chunk runs past the " + _expectedBytes.ToString() + " bytes announced");
                return;
            }

            _receivedBytes += decoded;
            _r.Json.BeginObject(null);
            _r.Json.WriteInt("received", _receivedBytes);
            _r.Json.EndObject();
        }

        private void End()
        {
            if (!_uploading)
            {
                _r.Error("cert-no-upload", "no upload open: cert begin first");
                return;
            }

            // Whatever the verdict, the upload is over: a tool that got an error starts again from cert begin.
            _uploading = false;
            if (_receivedBytes != _expectedBytes)
            {
                _r.Error("cert-length", "received " + _receivedBytes.ToString() + " of " + _expectedBytes.ToString() + " bytes; upload discarded");
                return;
            }

            uint crc = Crc32.Compute(_staging, CaCertificateStore.PemOffset, _receivedBytes);
            if (crc != _expectedCrc)
            {
                _r.Error("cert-crc", "crc32 " + NumberText.FormatHex8(crc) + " is not the " + NumberText.FormatHex8(_expectedCrc) + " announced; upload discarded");
                return;
            }

            if (!PemCertificates.IsCertificates(_staging, CaCertificateStore.PemOffset, _receivedBytes))
            {
                _r.Error("cert-not-pem", "not one or more PEM CERTIFICATE blocks; upload discarded");
                return;
            }

            _store.Save(_staging, _receivedBytes);
            _r.Ok();
        }

        private void Abort()
        {
            _uploading = false;
            _receivedBytes = 0;
            _r.Ok();
        }

        private void Clear(string rest)
        {
            if (rest != "yes")
            {
                _r.Error("confirm-required", "type cert clear yes: with mqtt.tls true the bin stays offline without a CA");
                return;
            }

            _store.Clear();
            _r.Ok();
        }

        private static bool TryParseCrc(string text, out uint crc)
        {
            crc = 0;
            if (text.Length != 8)
            {
                return false;
            }

            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                int nibble = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
                if (nibble < 0)
                {
                    return false;
                }

                crc = (crc << 4) | (uint)nibble;
            }

            return true;
        }
    }
}
