namespace SmartBin.Firmware.Core.Hal
{
    /// <summary>A GPIO output (e.g. the MFRC522's RST line). Shaped like nanoFramework's GpioPin.Write.</summary>
    public interface IOutputPin
    {
        /// <summary>Drives the pin high (true) or low (false).</summary>
        void Write(bool high);
    }
}
