using SmartBin.Firmware.Core.Controller;
using SmartBin.Firmware.Core.Protocol;
using SmartBin.Firmware.Core.Storage;
using SmartBin.Firmware.Core.Weighing;

namespace SmartBin.Firmware.Core.Console
{
    /// <summary>
    /// The console's <c>calibrate</c>: collects reference points (stable averaged counts against known grams),
    /// fits by least squares from two points on, applies the result with a new version and stages it in the
    /// settings, so <c>save</c> keeps it. Quantities are reported as integers (counts per kg, thousandths of e).
    /// </summary>
    public sealed class ConsoleCalibration
    {
        private const int FactorFractionDigits = 6;
        private const int OffsetFractionDigits = 1;

        private readonly BinController _c;
        private readonly ConsoleReply _r;

        /// <summary>Creates the command over a controller.</summary>
        public ConsoleCalibration(BinController controller, ConsoleReply reply)
        {
            _c = controller;
            _r = reply;
        }

        /// <summary>
        /// Runs <c>calibrate</c>, <c>calibrate clear</c>, <c>calibrate &lt;grams&gt;</c> or <c>calibrate done</c>.
        /// Clear and points put the bin in service mode (no sessions) until done or a reboot.
        /// </summary>
        public void Run(string args)
        {
            if (args.Length == 0)
            {
                Report(_c.Weighing.Calibration, false, 0);
                return;
            }

            if (args == "done")
            {
                _c.ServiceMode = false;
                _r.Ok();
                return;
            }

            if (_c.Session.IsActive)
            {
                // A new calibration mid-session would weigh "before" and "after" on different scales.
                _r.Error("busy", "a drop-off session is open; wait until it closes");
                return;
            }

            _c.ServiceMode = true;
            if (args == "clear")
            {
                _c.CalibrationFit.Clear();
                _r.Ok();
                return;
            }

            int grams;
            if (!int.TryParse(args, out grams) || grams < 0)
            {
                _r.Error("bad-args", "calibrate [clear | done | <grams>=0..Max]");
                return;
            }

            AddPoint(grams);
        }

        private void AddPoint(int grams)
        {
            // Stability is judged in grams, which an uncalibrated scale does not have: on a fresh scale the
            // operator waits for the load to settle (the provisioning tool waits a fixed time) before each point.
            bool calibrated = _c.Weighing.Calibration.Version > 0;
            if (!_c.Weighing.HasReading || (calibrated && !_c.Weighing.IsStable))
            {
                _r.Error(WeighingPipeline.ErrorUnstable, "wait for a stable reading");
                return;
            }

            CalibrationFit fit = _c.CalibrationFit;
            string? error = fit.AddPoint(_c.Weighing.AverageCounts, grams);
            if (error != null)
            {
                _r.Error(error, "reference point refused");
                return;
            }

            if (fit.PointCount < 2)
            {
                Report(_c.Weighing.Calibration, false, 0);
                return;
            }

            Calibration? fitted = fit.Fit(_c.Weighing.Calibration.Version + 1, out error);
            if (fitted == null)
            {
                // An error reply means nothing changed (docs/console.md): a point kept here would spoil every later
                // fit until `calibrate clear`, e.g. a mistyped weight (found by fuzzing).
                fit.RemoveLastPoint();
                _r.Error(error ?? CalibrationFit.ErrorTooFewPoints, "no usable fit from these points");
                return;
            }

            _c.Weighing.ApplyCalibration(fitted);
            Stage("cal.offset", NumberText.FormatDecimal(fitted.OffsetCounts, OffsetFractionDigits));
            Stage("cal.factor", NumberText.FormatDecimal(fitted.CountsPerGram, FactorFractionDigits));
            Stage("cal.version", fitted.Version.ToString());
            Report(fitted, true, fit.ResidualEMaxAbs(fitted));
        }

        private void Stage(string key, string value)
        {
            string code;
            string message;
            _c.Config.TrySet(key, value, out code, out message);
        }

        private void Report(Calibration calibration, bool fitted, double maxErrorE)
        {
            JsonWriter w = _r.Json;
            w.BeginObject(null);
            w.WriteInt("version", calibration.Version);
            w.WriteInt("offset", GramsRounding.RoundHalfAwayFromZero(calibration.OffsetCounts));
            w.WriteInt("countsPerKg", GramsRounding.RoundHalfAwayFromZero(calibration.CountsPerGram * 1000));
            w.WriteInt("points", _c.CalibrationFit.PointCount);
            w.WriteBool("fitted", fitted);
            w.WriteInt("maxErrorMilliE", GramsRounding.RoundHalfAwayFromZero(maxErrorE * 1000));
            w.EndObject();
        }
    }
}
