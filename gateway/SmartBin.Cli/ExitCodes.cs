using System;

namespace SmartBin.Cli
{
    /// <summary>The documented exit codes of <c>smartbin</c> (also in <c>smartbin --help</c>).</summary>
    internal static class ExitCodes
    {
        public const int Ok = 0;
        public const int Other = 1;
        public const int Usage = 2;
        public const int SerialOrBin = 3;
        public const int GatewayUnreachable = 4;
        public const int Auth = 5;
        public const int VerificationFailed = 6;

        public const string HelpText =
            "Exit codes: 0 ok, 1 other error, 2 usage, 3 serial port or bin (no device, permission, no reply), " +
            "4 gateway unreachable, 5 admin credentials refused, 6 verification or calibration failed.";
    }

    /// <summary>
    /// A failure the operator can act on: what is wrong, how to fix it, and the exit code. Printed as two lines,
    /// <c>error: …</c> and <c>fix: …</c>.
    /// </summary>
    internal sealed class CliException : Exception
    {
        public CliException(int exitCode, string problem, string fix, Exception? inner = null)
            : base(problem, inner)
        {
            ExitCode = exitCode;
            Fix = fix;
        }

        public int ExitCode { get; }

        public string Fix { get; }
    }
}
