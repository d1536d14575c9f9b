using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using SmartBin.Firmware.Virtual;
using Xunit;
using Xunit.Abstractions;

namespace SmartBin.Firmware.Tests.Console
{
    /// <summary>Line noise, binary garbage and near-miss commands on the serial line change no setting.</summary>
    public sealed class ConsoleFuzzTests
    {
        private const int Lines = 100_000;
        private static readonly string[] Commands = { "help", "status", "weight", "tare", "calibrate", "card", "outbox", "selftest", "set", "save", "factory-reset", "backlog" };
        private readonly ITestOutputHelper _output;

        public ConsoleFuzzTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Fact]
        public void Random_lines_leave_the_config_unchanged_and_every_reply_is_machine_readable()
        {
            var flash = new InMemoryFlashFileSystem();
            var bin = new VirtualBin(flash, new InMemoryMqttLink(), seed: 11);
            bin.Boot();
            bin.Provision("baiyun-0042", "baiyun", "PP", "127.0.0.1", 1883);
            bin.Run(2000);
            string settingsBefore = string.Join("\n", bin.Type("set"));
            Dictionary<string, byte[]> configFilesBefore = ConfigFiles(flash);
            Assert.NotEmpty(configFilesBefore);

            var random = new Random(424242);
            var replies = new List<string>();
            bin.ConsoleReply += replies.Add;
            int errors = 0;
            for (int i = 0; i < Lines; i++)
            {
                byte[] line = NextLine(random);
                replies.Clear();
                bin.Console.Feed(line, 0, line.Length);
                foreach (string reply in replies)
                {
                    bool readable = reply == "ok" || reply.StartsWith("error ", StringComparison.Ordinal) || reply.StartsWith('{')
                        || reply.StartsWith('@');
                    Assert.True(readable, "unreadable reply: " + reply);
                    errors += reply.Contains("error ", StringComparison.Ordinal) ? 1 : 0;
                }
            }

            bin.ConsoleReply -= replies.Add;
            _output.WriteLine($"{Lines} random lines, {errors} error replies, {bin.Console.RejectedLineCount} rejected before parsing");
            Assert.Equal(settingsBefore, string.Join("\n", bin.Type("set")));
            Dictionary<string, byte[]> configFilesAfter = ConfigFiles(flash);
            Assert.Equal(configFilesBefore.Keys.OrderBy(k => k), configFilesAfter.Keys.OrderBy(k => k));
            foreach (var (path, bytes) in configFilesBefore)
            {
                Assert.Equal(bytes, configFilesAfter[path]);
            }
        }

        private static Dictionary<string, byte[]> ConfigFiles(InMemoryFlashFileSystem flash) =>
            flash.Paths.Where(p => p.Contains("config", StringComparison.OrdinalIgnoreCase))
                .ToDictionary(p => p, p => flash.ReadAll(p)!);

        private static byte[] NextLine(Random random)
        {
            switch (random.Next(4))
            {
                case 0:
                {
                    byte[] noise = new byte[random.Next(0, 300)];
                    random.NextBytes(noise);
                    return noise.Append((byte)'\n').ToArray();
                }

                case 1:
                    return Encoding.UTF8.GetBytes(RandomPrintable(random, random.Next(0, 80)) + "\n");
                case 2:
                    // A real command with garbage arguments: "set" only with keys that do not exist.
                    string command = Commands[random.Next(Commands.Length)];
                    string args = command == "set" ? "zz" + RandomPrintable(random, 6).Replace(" ", "_") + " " + RandomPrintable(random, 10) : RandomPrintable(random, random.Next(1, 30));
                    return Encoding.UTF8.GetBytes(command + " " + args + "\r\n");
                default:
                    return Encoding.UTF8.GetBytes("@" + RandomPrintable(random, random.Next(0, 20)) + " " + RandomPrintable(random, 20) + "\n");
            }
        }

        private static string RandomPrintable(Random random, int length)
        {
            var chars = new char[length];
            for (int i = 0; i < length; i++)
            {
                chars[i] = (char)random.Next(0x20, 0x7F);
            }

            return new string(chars);
        }
    }
}
