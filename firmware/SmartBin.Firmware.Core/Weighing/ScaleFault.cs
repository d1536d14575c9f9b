namespace SmartBin.Firmware.Core.Weighing
{
    /// <summary>
    /// What is wrong with the scale, most severe first. Every fault clears by itself once its cause is gone,
    /// so the controller only reports transitions; it never has to reset the pipeline.
    /// </summary>
    public enum ScaleFault
    {
        /// <summary>The scale works.</summary>
        None = 0,

        /// <summary>
        /// No conversion for longer than <see cref="WeighingConfig.SensorLostMs"/>: HX711 unplugged, broken wire,
        /// dead chip. There is no reading while this lasts.
        /// </summary>
        NoSamples = 1,

        /// <summary>
        /// The ADC returned its full-scale code: overload, a shorted or open bridge. There is no reading while this
        /// lasts.
        /// </summary>
        Saturated = 2,

        /// <summary>
        /// Zero tracking would have to move zero more than 4 % of Max away from the calibrated zero: the load cell
        /// has drifted (temperature, damage) further than the legal zero range. Readings still come, but the zero
        /// is pinned at the edge of the range, so gross weights near zero are off; nets are still differences.
        /// </summary>
        ZeroOutOfRange = 3,
    }
}
