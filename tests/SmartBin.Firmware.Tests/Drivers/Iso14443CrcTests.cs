using SmartBin.Firmware.Core.Drivers;
using SmartBin.Firmware.Virtual;
using Xunit;

namespace SmartBin.Firmware.Tests.Drivers
{
    public sealed class Iso14443CrcTests
    {
        // ISO/IEC 14443-3 Annex B examples: CRC_A of 00 00 is transmitted A0 1E; of 12 34, 26 CF. HLTA 50 00 -> 57 CD.
        [Theory]
        [InlineData(new byte[] { 0x00, 0x00 }, 0xA0, 0x1E)]
        [InlineData(new byte[] { 0x12, 0x34 }, 0x26, 0xCF)]
        [InlineData(new byte[] { 0x50, 0x00 }, 0x57, 0xCD)]
        public void Known_vectors(byte[] data, byte first, byte second)
        {
            byte[] frame = new byte[data.Length + 2];
            data.CopyTo(frame, 0);
            Assert.Equal(frame.Length, Iso14443Crc.Append(frame, data.Length));
            Assert.Equal(first, frame[^2]);
            Assert.Equal(second, frame[^1]);
            Assert.True(Iso14443Crc.Check(frame, frame.Length));
            frame[0] ^= 0x01;
            Assert.False(Iso14443Crc.Check(frame, frame.Length));
        }

        [Fact]
        public void Firmware_crc_agrees_with_the_simulator_and_the_chip_coprocessor()
        {
            var random = new System.Random(14443);
            var chip = new SimulatedMfrc522Chip();
            for (int run = 0; run < 200; run++)
            {
                byte[] data = new byte[random.Next(1, 20)];
                random.NextBytes(data);
                ushort expected = CrcA.Compute(data, data.Length);
                Assert.Equal(expected, Iso14443Crc.Compute(data, 0, data.Length));
                Assert.Equal(expected, ChipCrc(chip, data));
            }
        }

        private static ushort ChipCrc(SimulatedMfrc522Chip chip, byte[] data)
        {
            byte[] rx = new byte[2];
            chip.TransferFullDuplex(new byte[] { 0x11 << 1, 0x3D }, rx); // ModeReg: preset 0x6363
            chip.TransferFullDuplex(new byte[] { 0x0A << 1, 0x80 }, rx); // flush FIFO
            foreach (byte b in data)
            {
                chip.TransferFullDuplex(new byte[] { 0x09 << 1, b }, rx);
            }

            chip.TransferFullDuplex(new byte[] { 0x01 << 1, 0x03 }, rx); // CalcCRC
            chip.TransferFullDuplex(new byte[] { 0x80 | (0x05 << 1), 0 }, rx);
            Assert.Equal(0x04, rx[1] & 0x04); // CRCIRq
            chip.TransferFullDuplex(new byte[] { 0x80 | (0x21 << 1), 0 }, rx);
            byte high = rx[1];
            chip.TransferFullDuplex(new byte[] { 0x80 | (0x22 << 1), 0 }, rx);
            return (ushort)((high << 8) | rx[1]);
        }
    }
}
