using System;
using System.IO;
using System.Linq;

namespace SmartBin.Integration.Tests.Fixtures
{
    /// <summary>
    /// Locates the real server programs the tests start. A missing program is a test failure with the fix in
    /// the message, never a silent skip: ./test.sh installs them, and CI runs ./test.sh.
    /// </summary>
    public static class ServerBinaries
    {
        private static readonly string[] SearchDirectories = { "/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin" };

        public static string Require(string program, string debianPackage)
        {
            string? found = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
                .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
                .Concat(SearchDirectories)
                .Select(dir => Path.Combine(dir, program))
                .FirstOrDefault(File.Exists);
            if (found is null)
            {
                string ci = Environment.GetEnvironmentVariable("CI") == "true" ? " (CI=true: a missing server fails the run)" : string.Empty;
                throw new InvalidOperationException(
                    $"'{program}' is not installed{ci}. Run ./test.sh, which installs it, or: apt-get install {debianPackage}");
            }

            return found;
        }
    }
}
