namespace SmartBin.Firmware.Core.Console
{
    /// <summary>Where console replies go: the UART on the device, standard output or a pty in the simulator.</summary>
    public interface IConsoleOutput
    {
        /// <summary>Writes one reply line (the implementation adds the line terminator).</summary>
        void WriteLine(byte[] data, int length);
    }
}
