namespace SmartBin.Firmware.Core.Hal
{
    /// <summary>Outcome of one attempt to read the load-cell ADC.</summary>
    public enum ScaleReadStatus
    {
        /// <summary>A conversion was read; the counts are valid.</summary>
        Ok = 0,

        /// <summary>No conversion ready yet (normal between samples).</summary>
        NotReady = 1,

        /// <summary>The ADC returned its positive or negative full-scale code (0x7FFFFF / 0x800000).</summary>
        Saturated = 2,

        /// <summary>The chip did not answer within its bounded wait (unplugged, broken wire).</summary>
        Lost = 3,
    }
}
