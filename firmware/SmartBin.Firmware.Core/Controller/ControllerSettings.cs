using SmartBin.Firmware.Core.Session;
using SmartBin.Firmware.Core.Storage;
using SmartBin.Firmware.Core.Weighing;

namespace SmartBin.Firmware.Core.Controller
{
    /// <summary>Builds the components' configurations from the stored settings, read once at start-up.</summary>
    public static class ControllerSettings
    {
        /// <summary>Weighing configuration; an invalid combination falls back to the defaults.</summary>
        public static WeighingConfig Weighing(ConfigStore config)
        {
            WeighingConfig c = new WeighingConfig();
            c.MaxGrams = config.GetInt("scale.maxGrams");
            c.ScaleIntervalGrams = config.GetInt("scale.eGrams");
            c.SampleRatePerSecond = config.GetInt("scale.sampleRateHz");
            c.MedianWindowSamples = config.GetInt("scale.medianWindow");
            c.AverageWindowSamples = config.GetInt("scale.averageWindow");
            c.StableMs = config.GetInt("scale.stableMs");
            return c.Validate() == null ? c : new WeighingConfig();
        }

        /// <summary>The stored calibration, or an uncalibrated placeholder (version 0, on which no session starts).</summary>
        public static Calibration Calibration(ConfigStore config)
        {
            double factor = config.GetNumber("cal.factor");
            int version = config.GetInt("cal.version");
            bool calibrated = factor > 0 && version > 0;
            return calibrated ? new Weighing.Calibration(config.GetNumber("cal.offset"), factor, version) : new Weighing.Calibration(0, 1, 0);
        }

        /// <summary>Session timing and thresholds.</summary>
        public static SessionConfig Session(ConfigStore config, WeighingConfig weighing, string firmwareVersion)
        {
            SessionConfig s = new SessionConfig();
            s.EGrams = weighing.ScaleIntervalGrams;
            s.MinGrams = WeighingPipeline.MinE * weighing.ScaleIntervalGrams;
            s.NoDropTimeoutMs = config.GetInt("session.timeoutS") * 1000L;
            s.SettleTimeoutMs = config.GetInt("session.settleTimeoutS") * 1000L;
            s.Material = config.Get("bin.material");
            s.FirmwareVersion = firmwareVersion;
            return s;
        }
    }
}
