namespace SmartBin.Firmware.Core.Weighing
{
    /// <summary>
    /// Rounding to whole grams. nanoFramework keeps <c>System.Math</c> in a separate package, and the weighing
    /// path must not depend on it, so the one rounding rule the scale needs lives here.
    /// </summary>
    public static class GramsRounding
    {
        // Beyond this a double no longer fits an int; a weight this large means a broken calibration, and clamping
        // keeps the control loop running so that the fault is reported instead of an exception.
        private const double IntLimit = 2147483647.0;

        /// <summary>
        /// Rounds half away from zero (2.5 → 3, −2.5 → −3), the rule a person reading a scale expects; banker's
        /// rounding would bias sums of many drop-offs. Values beyond the int range are clamped.
        /// </summary>
        public static int RoundHalfAwayFromZero(double value)
        {
            if (value >= 0)
            {
                double up = value + 0.5;
                return up >= IntLimit ? int.MaxValue : (int)up;
            }

            double down = value - 0.5;
            return down <= -IntLimit ? -int.MaxValue : (int)down;
        }
    }
}
