namespace SmartBin.Firmware.Core.Drivers
{
    /// <summary>
    /// HX711 input channel and gain. The value is the total number of PD_SCK pulses of a read (24 data pulses plus
    /// 1 to 3 selection pulses), which is how the chip is told the channel and gain of its next conversion.
    /// </summary>
    public enum Hx711Gain
    {
        /// <summary>Channel A, gain 128 (±20 mV full scale at 5 V AVDD); the chip's default after power-up.</summary>
        ChannelA128 = 25,

        /// <summary>Channel B, gain 32 (±80 mV full scale at 5 V AVDD).</summary>
        ChannelB32 = 26,

        /// <summary>Channel A, gain 64 (±40 mV full scale at 5 V AVDD).</summary>
        ChannelA64 = 27,
    }
}
