using System.Text;
using FsCheck;
using FsCheck.Fluent;
using SmartBin.Firmware.Core.Text;
using Xunit;

namespace SmartBin.Firmware.Tests.Text
{
    public sealed class Utf8Tests
    {
        [Theory]
        [InlineData("plain ascii")]
        [InlineData("白云社区 下杭")]
        [InlineData("emoji \U0001F331 ok")]
        [InlineData("")]
        public void Encodes_like_the_framework_and_decodes_back(string text)
        {
            byte[] expected = Encoding.UTF8.GetBytes(text);
            byte[] buffer = new byte[64];
            int written = Utf8.Encode(text, buffer, 3);

            Assert.Equal(expected.Length, written);
            Assert.Equal(expected.Length, Utf8.EncodedLength(text));
            Assert.Equal(expected, buffer[3..(3 + written)]);
            Assert.Equal(text, Utf8.Decode(buffer, 3, written));
        }

        [Fact]
        public void Encode_reports_overflow_and_writes_nothing()
        {
            byte[] buffer = new byte[4];
            Assert.Equal(-1, Utf8.Encode("白云", buffer, 0));
            Assert.All(buffer, b => Assert.Equal(0, b));
        }

        [Theory]
        [InlineData(new byte[] { 0xC0, 0xAF })]
        [InlineData(new byte[] { 0xE0, 0x80, 0xAF })]
        [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]
        [InlineData(new byte[] { 0xF4, 0x90, 0x80, 0x80 })]
        [InlineData(new byte[] { 0x80 })]
        [InlineData(new byte[] { 0xE7, 0x99 })]
        [InlineData(new byte[] { 0xFF })]
        public void Decode_rejects_invalid_sequences(byte[] bad)
        {
            Assert.Null(Utf8.Decode(bad, 0, bad.Length));
        }

        [Fact]
        public void Decode_agrees_with_a_strict_framework_decoder_on_random_bytes()
        {
            var strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
            Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), bytes =>
            {
                string? ours = Utf8.Decode(bytes, 0, bytes.Length);
                string? theirs;
                try
                {
                    theirs = strict.GetString(bytes);
                }
                catch (DecoderFallbackException)
                {
                    theirs = null;
                }

                return ours == theirs;
            }).QuickCheckThrowOnFailure();
        }

        [Fact]
        public void Any_string_round_trips()
        {
            Prop.ForAll(ArbMap.Default.ArbFor<string>(), text =>
            {
                text ??= string.Empty;
                byte[] buffer = new byte[Utf8.EncodedLength(text)];
                int written = Utf8.Encode(text, buffer, 0);
                string expected = Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text));
                return written == buffer.Length && Utf8.Decode(buffer, 0, written) == expected;
            }).QuickCheckThrowOnFailure();
        }
    }
}
