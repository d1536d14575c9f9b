namespace SmartBin.Firmware.Core.Hal
{
    /// <summary>The load-cell ADC (HX711 on the device): raw signed 24-bit counts, no filtering.</summary>
    public interface IScaleAdc
    {
        /// <summary>
        /// Reads one conversion without blocking longer than the driver's bounded wait.
        /// </summary>
        /// <param name="rawCounts">Sign-extended 24-bit two's-complement counts when the result is Ok.</param>
        ScaleReadStatus Read(out int rawCounts);
    }
}
