using System;
using System.Text;
using SmartBin.Firmware.Core.Protocol;
using Xunit;

namespace SmartBin.Firmware.Tests.Protocol
{
    /// <summary>
    /// Hostile input: random bytes and mutations of valid messages never throw, always end in a parse or a named
    /// error, and a failed parse exposes no fields.
    /// </summary>
    public sealed class JsonReaderFuzzTests
    {
        private const int Inputs = 100_000;
        private const string JsonPunctuation = "{}[]\",:\\-0e.";
        private static readonly string[] ErrorCodes = { "syntax", "not-object", "too-deep", "too-long", "too-many-fields", "duplicate-key", "bad-utf8", "bad-escape", "number-range" };

        [Fact]
        public void Random_and_mutated_inputs_never_throw_and_always_end_in_a_named_result()
        {
            var random = new Random(20261123);
            var reader = new JsonReader();
            var ack = new AckMessage();
            var cmd = new CommandMessage();
            byte[][] seeds =
            {
                Encoding.UTF8.GetBytes(ProtocolDocExamples.All["ack"]),
                Encoding.UTF8.GetBytes(ProtocolDocExamples.All["cmd"]),
                Encoding.UTF8.GetBytes("{\"a\":[1,{\"b\":\"\\u00e9\"}],\"c\":-0.5e3,\"d\":null}"),
            };
            int parsed = 0;
            for (int i = 0; i < Inputs; i++)
            {
                byte[] input = i % 2 == 0 ? RandomBytes(random) : Mutate(random, seeds[random.Next(seeds.Length)]);
                if (reader.Parse(input, 0, input.Length))
                {
                    parsed++;
                    ack.ReadFrom(reader);
                    cmd.ReadFrom(reader);
                }
                else
                {
                    Assert.Contains(reader.Error, ErrorCodes);
                    Assert.Equal(0, reader.FieldCount);
                }
            }

            Assert.InRange(parsed, 1, Inputs - 1);
        }

        private static byte[] RandomBytes(Random random)
        {
            byte[] bytes = new byte[random.Next(0, 64)];
            random.NextBytes(bytes);
            if (bytes.Length > 0 && random.Next(2) == 0)
            {
                bytes[0] = (byte)'{';
            }

            return bytes;
        }

        private static byte[] Mutate(Random random, byte[] seed)
        {
            byte[] bytes = (byte[])seed.Clone();
            int edits = random.Next(1, 4);
            for (int e = 0; e < edits; e++)
            {
                int at = random.Next(bytes.Length);
                switch (random.Next(3))
                {
                    case 0:
                        bytes[at] = (byte)random.Next(256);
                        break;
                    case 1:
                        bytes[at] = (byte)JsonPunctuation[random.Next(JsonPunctuation.Length)];
                        break;
                    default:
                        Array.Resize(ref bytes, at);
                        return bytes;
                }
            }

            return bytes;
        }
    }
}
