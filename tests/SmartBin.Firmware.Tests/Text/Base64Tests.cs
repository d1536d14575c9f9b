using System;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using SmartBin.Firmware.Core.Text;
using Xunit;

namespace SmartBin.Firmware.Tests.Text
{
    /// <summary>The core's base64 decoder against .NET's, and the PEM shape check.</summary>
    public sealed class Base64Tests
    {
        [Fact]
        public void Decodes_what_dotnet_encodes_for_every_length_and_content()
        {
            Check.One(Config.QuickThrowOnFailure.WithMaxTest(300), Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), data =>
            {
                if (data.Length == 0)
                {
                    return true;
                }

                string text = Convert.ToBase64String(data);
                byte[] target = new byte[data.Length + 8];
                int written = Base64.Decode(text, target, 3, data.Length);
                return written == data.Length && Base64.DecodedLength(text) == data.Length && target.AsSpan(3, written).SequenceEqual(data);
            }));
        }

        [Theory]
        [InlineData("")]
        [InlineData("QUJ")]
        [InlineData("QU=D")]
        [InlineData("Q===")]
        [InlineData("QQ==QUJD")]
        [InlineData("QUJ-")]
        [InlineData("QU D")]
        public void Refuses_text_that_is_not_strict_padded_base64(string text)
        {
            Assert.Equal(Base64.Invalid, Base64.Decode(text, new byte[16], 0, 16));
        }

        [Fact]
        public void Refuses_to_write_past_the_room_given()
        {
            byte[] target = new byte[8];
            Assert.Equal(Base64.TooLong, Base64.Decode("QUJDRA==", target, 0, 3));
            Assert.Equal(new byte[8], target);
            Assert.Equal(4, Base64.Decode("QUJDRA==", target, 0, 4));
        }

        [Theory]
        [InlineData("-----BEGIN CERTIFICATE-----\nQUJD\n-----END CERTIFICATE-----\n", true)]
        [InlineData("\r\n-----BEGIN CERTIFICATE-----\r\nQUJD\r\n-----END CERTIFICATE-----\r\n-----BEGIN CERTIFICATE-----\nRA==\n-----END CERTIFICATE-----", true)]
        [InlineData("-----BEGIN CERTIFICATE-----\n\n-----END CERTIFICATE-----\n", false)]
        [InlineData("-----BEGIN CERTIFICATE-----\nQUJD\n", false)]
        [InlineData("-----BEGIN RSA PRIVATE KEY-----\nQUJD\n-----END RSA PRIVATE KEY-----\n", false)]
        [InlineData("subject=CN=x\n-----BEGIN CERTIFICATE-----\nQUJD\n-----END CERTIFICATE-----\n", false)]
        [InlineData("-----BEGIN CERTIFICATE-----\nQU;D\n-----END CERTIFICATE-----\n", false)]
        [InlineData("   \n", false)]
        public void Pem_check_takes_only_certificate_blocks_and_white_space(string text, bool expected)
        {
            byte[] data = Encoding.ASCII.GetBytes("xx" + text);
            Assert.Equal(expected, PemCertificates.IsCertificates(data, 2, data.Length - 2));
        }
    }
}
