using System;
using System.IO;

namespace SmartBin.Cli.Serial
{
    /// <summary>Turns what the OS says about a serial device into what the operator should do.</summary>
    internal static class SerialErrors
    {
        public static CliException NoSuchDevice(string port) => new(ExitCodes.SerialOrBin,
            $"no such serial device: {port}",
            "run `smartbin ports` to list the serial ports and what is attached, then pass one with --port (e.g. --port /dev/ttyUSB0); " +
            "if the list is empty, check the USB cable (a charge-only cable has no data lines)");

        public static CliException PermissionDenied(string port) => new(ExitCodes.SerialOrBin,
            $"permission denied opening {port}",
            "add your user to the dialout group: `sudo usermod -aG dialout $USER`, then log out and in again (or run `newgrp dialout`)");

        public static CliException NoReply(string port, int baud, int waitedMs) => new(ExitCodes.SerialOrBin,
            $"no reply from the bin on {port} within {waitedMs} ms",
            $"check the cable and that the console runs at {baud} baud 8N1 (--baud); if the controller sits in its bootloader " +
            "(flashing mode), press its EN/RESET button without holding BOOT; make sure no other program (screen, minicom) has the port open");

        public static CliException Lost(string port, Exception cause) => new(ExitCodes.SerialOrBin,
            $"lost the serial connection to the bin on {port} ({cause.Message})",
            "plug the cable back in and run the same command again: provisioning picks up where it stopped", cause);

        /// <summary>Maps an exception from opening <paramref name="port"/>.</summary>
        public static CliException ForOpen(string port, Exception e) => e switch
        {
            UnauthorizedAccessException => PermissionDenied(port),
            FileNotFoundException or DirectoryNotFoundException => NoSuchDevice(port),
            IOException io when io.Message.Contains("denied", StringComparison.OrdinalIgnoreCase) => PermissionDenied(port),
            IOException io when io.Message.Contains("No such", StringComparison.OrdinalIgnoreCase) => NoSuchDevice(port),
            ArgumentException => new CliException(ExitCodes.Usage, $"'{port}' is not a serial device path",
                "pass a device such as --port /dev/ttyUSB0; `smartbin ports` lists them"),
            _ => new CliException(ExitCodes.SerialOrBin, $"cannot open {port}: {e.Message}",
                "check that the path is a serial device (`smartbin ports`) and that no other program holds it open"),
        };
    }
}
