namespace SmartBin.Firmware.Core.Hal
{
    /// <summary>Distance from the lid down to the top of the contents, for the fill level.</summary>
    public interface IDistanceSensor
    {
        /// <summary>Returns true and the distance in millimetres when a valid reading is available.</summary>
        bool TryReadDistance(out int distanceMm);
    }
}
