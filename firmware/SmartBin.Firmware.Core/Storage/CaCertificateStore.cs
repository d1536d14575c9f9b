using SmartBin.Firmware.Core.Hal;

namespace SmartBin.Firmware.Core.Storage
{
    /// <summary>
    /// The broker's CA certificate (PEM) the device checks the TLS server against, kept as a <see cref="MirroredFile"/>
    /// (<c>mqtt-ca.a</c>/<c>mqtt-ca.b</c>) so a power cut during an update leaves the old CA or the new one, never a
    /// torn file that would keep the bin offline. Written by the console's <c>cert</c> commands, read at boot by the
    /// device app through <see cref="ReadPem"/>.
    /// </summary>
    /// <remarks>
    /// Each copy: <c>"SBCA"</c>, version 1, 3 reserved bytes, generation (uint32), PEM length (uint32), the PEM bytes,
    /// CRC-32 of everything before it; little-endian. An empty PEM is how <see cref="Clear"/> removes the CA without
    /// a window where an older copy could come back.
    /// </remarks>
    public sealed class CaCertificateStore
    {
        /// <summary>Base name of the two copies in the storage directory: the one place the file is named.</summary>
        public const string FileBaseName = "mqtt-ca";

        /// <summary>Largest PEM accepted, bytes: a CA and an intermediate with room to spare.</summary>
        public const int PemBytesMax = 4096;

        /// <summary>Where the PEM starts in a record: callers stage it there so saving copies nothing.</summary>
        public const int PemOffset = 16;

        /// <summary>Bytes of the trailing CRC.</summary>
        public const int CrcBytes = 4;

        /// <summary>Largest record, bytes: the size of a staging buffer handed to <see cref="Save"/>.</summary>
        public const int RecordBytesMax = PemOffset + PemBytesMax + CrcBytes;

        private const byte Version = 1;
        private const int GenerationOffset = 8;
        private const int LengthOffset = 12;

        private readonly IFlashFileSystem _fs;
        private readonly string _directory;
        private readonly MirroredFile _file;
        private readonly byte[] _emptyRecord = new byte[PemOffset + CrcBytes];
        private bool _directoryReady;

        /// <summary>Keeps the CA as <c>mqtt-ca.a</c> and <c>mqtt-ca.b</c> in <paramref name="directory"/>.</summary>
        public CaCertificateStore(IFlashFileSystem fs, string directory)
        {
            _fs = fs;
            _directory = directory;
            _file = new MirroredFile(fs, directory, FileBaseName);
        }

        /// <summary>Bytes of the PEM in force, 0 when there is none.</summary>
        public int PemLength { get; private set; }

        /// <summary>CRC-32 of the PEM in force (0 when there is none, the CRC of no bytes).</summary>
        public uint PemCrc32 { get; private set; }

        /// <summary>Generation of the record in force: raised by every save or clear, 0 when nothing was ever stored.</summary>
        public uint Generation { get; private set; }

        /// <summary>Copies found unreadable by the last <see cref="Load"/> (one is normal after a cut).</summary>
        public int CorruptCopyCount { get; private set; }

        /// <summary>Reads the summary (length, CRC, generation) of the newest valid copy. Allocates: boot only.</summary>
        public void Load()
        {
            byte[]? record = Choose();
            PemLength = record == null ? 0 : Length(record);
            PemCrc32 = record == null ? 0 : Crc32.Compute(record, PemOffset, PemLength);
            Generation = record == null ? 0 : ByteOrder.GetUInt32(record, GenerationOffset);
        }

        /// <summary>
        /// The PEM in force as an exact-size array, or null when none is stored (or every copy is unreadable).
        /// For the device app at boot: the TLS stack takes the certificate as one array.
        /// </summary>
        public static byte[]? ReadPem(IFlashFileSystem fs, string directory)
        {
            var store = new CaCertificateStore(fs, directory);
            byte[]? record = store.Choose();
            int length = record == null ? 0 : Length(record);
            if (record == null || length == 0)
            {
                return null;
            }

            byte[] pem = new byte[length];
            System.Array.Copy(record, PemOffset, pem, 0, length);
            return pem;
        }

        /// <summary>
        /// Stores the <paramref name="pemLength"/> bytes staged at <see cref="PemOffset"/> of <paramref name="record"/>
        /// (header and CRC are filled in place) as the new CA; durable when it returns. <see cref="Load"/> must have run.
        /// </summary>
        public void Save(byte[] record, int pemLength)
        {
            if (pemLength < 0 || pemLength > PemBytesMax || record.Length < PemOffset + pemLength + CrcBytes)
            {
                throw new System.ArgumentOutOfRangeException("pemLength");
            }

            if (!_directoryReady)
            {
                _fs.CreateDirectory(_directory);
                _directoryReady = true;
            }

            uint generation = Generation + 1;
            record[0] = (byte)'S';
            record[1] = (byte)'B';
            record[2] = (byte)'C';
            record[3] = (byte)'A';
            record[4] = Version;
            record[5] = 0;
            record[6] = 0;
            record[7] = 0;
            ByteOrder.PutUInt32(record, GenerationOffset, generation);
            ByteOrder.PutUInt32(record, LengthOffset, (uint)pemLength);
            int crcAt = PemOffset + pemLength;
            ByteOrder.PutUInt32(record, crcAt, Crc32.Compute(record, 0, crcAt));
            _file.Write(record, crcAt + CrcBytes);
            Generation = generation;
            PemLength = pemLength;
            PemCrc32 = Crc32.Compute(record, PemOffset, pemLength);
        }

        /// <summary>Removes the CA (an empty record over both copies); with none stored, flash is left alone.</summary>
        public void Clear()
        {
            if (PemLength == 0)
            {
                return;
            }

            Save(_emptyRecord, 0);
        }

        private byte[]? Choose()
        {
            byte[]? best = null;
            uint bestGeneration = 0;
            CorruptCopyCount = 0;
            for (int copy = 0; copy < MirroredFile.CopyCount; copy++)
            {
                byte[]? data = _file.Read(copy);
                if (data == null)
                {
                    continue;
                }

                if (!IsValid(data))
                {
                    CorruptCopyCount++;
                    continue;
                }

                uint generation = ByteOrder.GetUInt32(data, GenerationOffset);
                if (best == null || generation > bestGeneration)
                {
                    best = data;
                    bestGeneration = generation;
                }
            }

            return best;
        }

        private static int Length(byte[] record)
        {
            return (int)ByteOrder.GetUInt32(record, LengthOffset);
        }

        private static bool IsValid(byte[] data)
        {
            if (data.Length < PemOffset + CrcBytes)
            {
                return false;
            }

            bool magic = data[0] == 'S' && data[1] == 'B' && data[2] == 'C' && data[3] == 'A';
            uint length = ByteOrder.GetUInt32(data, LengthOffset);
            if (!magic || data[4] != Version || length > PemBytesMax || data.Length != PemOffset + (int)length + CrcBytes)
            {
                return false;
            }

            int crcAt = PemOffset + (int)length;
            return ByteOrder.GetUInt32(data, crcAt) == Crc32.Compute(data, 0, crcAt);
        }
    }
}
