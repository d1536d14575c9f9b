using SmartBin.Firmware.Core.Platform;
using Xunit;

namespace SmartBin.Firmware.Tests.Platform
{
    public sealed class HardwareIdentityTests
    {
        [Fact]
        public void A_mac_becomes_esp32_and_twelve_lowercase_hex_digits()
        {
            Assert.Equal("esp32-246f28a1b2c3", HardwareIdentity.FromMac(new byte[] { 0x24, 0x6F, 0x28, 0xA1, 0xB2, 0xC3 }));
            Assert.Equal("esp32-00000000000f", HardwareIdentity.FromMac(new byte[] { 0, 0, 0, 0, 0, 0x0F }));
        }

        [Theory]
        [InlineData(0)]
        [InlineData(5)]
        [InlineData(8)]
        public void A_missing_or_misshapen_mac_is_unknown(int length)
        {
            byte[] mac = new byte[length];
            for (int i = 0; i < length; i++)
            {
                mac[i] = 0x11;
            }

            Assert.Equal(HardwareIdentity.Unknown, HardwareIdentity.FromMac(length == 0 ? null : mac));
        }

        [Fact]
        public void An_all_zero_mac_is_unknown()
        {
            Assert.Equal(HardwareIdentity.Unknown, HardwareIdentity.FromMac(new byte[6]));
        }
    }
}
