using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using SmartBin.Integration.Tests.Fixtures;

namespace SmartBin.Integration.Tests.Mqtt
{
    /// <summary>mosquitto_pub and mosquitto_sub, the third-party clients a deployment's operators actually use.</summary>
    internal static class MosquittoClients
    {
        public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

        /// <summary>Runs mosquitto_pub (MQTT 5, QoS 1) to completion and returns it (exit code, output).</summary>
        public static async Task<ExternalProcess> PublishAsync(int port, string user, string password, string topic, string payload, params string[] extra)
        {
            string binary = ServerBinaries.Require("mosquitto_pub", "mosquitto-clients");
            var args = new List<string>
            {
                "-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-V", "mqttv5", "-q", "1",
                "-i", user, "-u", user, "-P", password, "-t", topic, "-m", payload,
            };
            args.AddRange(extra);
            var process = ExternalProcess.Start(binary, args);
            await WaitForExitAsync(process);
            return process;
        }

        /// <summary>Starts mosquitto_sub (MQTT 5, verbose: "topic payload" lines) and returns once it has subscribed.</summary>
        public static async Task<ExternalProcess> SubscribeAsync(int port, string user, string password, string filter, params string[] extra)
        {
            string binary = ServerBinaries.Require("mosquitto_sub", "mosquitto-clients");
            string stdbuf = ServerBinaries.Require("stdbuf", "coreutils");
            var args = new List<string>
            {
                // Line-buffered: into a pipe, mosquitto_sub's stdout would otherwise arrive only at exit.
                "-oL", binary, "-h", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-V", "mqttv5", "-q", "1", "-v", "-d",
                "-i", user, "-u", user, "-P", password, "-t", filter,
            };
            args.AddRange(extra);
            var process = ExternalProcess.Start(stdbuf, args);
            // -d prints the SUBACK, so the test knows the subscription is in place before it publishes. MQTTnet may
            // send a retained message before the SUBACK, and -C 1 may then exit first: that also proves the subscription.
            bool subscribed = await process.WaitForAsync(
                lines => lines.Any(l => l.Contains("SUBACK", StringComparison.Ordinal) || l.Contains("received PUBLISH", StringComparison.Ordinal)),
                Timeout);
            if (!subscribed)
            {
                process.Dispose();
                throw new InvalidOperationException("mosquitto_sub did not subscribe:\n" + process.Output);
            }

            return process;
        }

        public static async Task WaitForExitAsync(ExternalProcess process)
        {
            if (!await process.WaitForExitAsync(Timeout))
            {
                throw new TimeoutException("client did not exit:\n" + process.Output);
            }
        }

        /// <summary>The JSON example named <paramref name="name"/> in docs/protocol.md (the contract, verbatim).</summary>
        public static string ProtocolExample(string name, [CallerFilePath] string sourceFile = "")
        {
            string doc = File.ReadAllText(Path.Combine(RepoRoot(sourceFile), "docs", "protocol.md"));
            Match match = Regex.Match(doc, "<!-- example: " + Regex.Escape(name) + " -->\\s*```json\\s*(.*?)\\s*```", RegexOptions.Singleline);
            if (!match.Success)
            {
                throw new InvalidOperationException("example " + name + " not in docs/protocol.md");
            }

            return match.Groups[1].Value;
        }

        private static string RepoRoot(string sourceFile)
        {
            foreach (string start in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(sourceFile) ?? string.Empty })
            {
                for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                {
                    if (File.Exists(Path.Combine(dir.FullName, "SmartBin.sln")))
                    {
                        return dir.FullName;
                    }
                }
            }

            throw new InvalidOperationException("SmartBin.sln not found");
        }
    }
}
