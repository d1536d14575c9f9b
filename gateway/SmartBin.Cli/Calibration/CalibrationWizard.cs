using System;
using System.Collections.Generic;
using System.Globalization;
using System.Threading;
using SmartBin.Cli.Protocol;

namespace SmartBin.Cli.Calibration
{
    /// <summary>A calibration as carried out and checked.</summary>
    internal sealed record CalibrationResult(int Version, double OffsetCounts, double CountsPerGram, long MaxErrorMilliE,
        int CheckGrams, int CheckReadGrams, long CheckErrorMilliE, int EGrams)
    {
        public double CheckErrorE => CheckErrorMilliE / 1000.0;
    }

    /// <summary>How to calibrate: reference weights, check weight, and waiting.</summary>
    internal sealed record CalibrationPlan(IReadOnlyList<int> ReferenceGrams, int CheckGrams, int SettleMs = CalibrationWizard.SettleMsDefault);

    /// <summary>
    /// The guided calibration over the console (docs/console.md, <c>calibrate</c>): empty scale → zero point, each
    /// reference weight → a point and a least-squares fit, a second weight → the error in e, empty again → tare,
    /// then save. The bin stays in service mode throughout (no drop-off sessions). A restart of the bin loses its
    /// points, so the wizard notices (boot line) and starts again from the empty scale.
    /// </summary>
    internal sealed class CalibrationWizard
    {
        public const int SettleMsDefault = 3000;
        public const int RestartsMax = 3;
        public const long CheckToleranceMilliE = 1000;
        private const int UnstableRetriesMax = 10;
        private const int StablePollsMax = 60;
        private const int PollMs = 250;
        private readonly ConsoleClient _client;
        private readonly IOperator _operator;

        public CalibrationWizard(ConsoleClient client, IOperator op)
        {
            _client = client;
            _operator = op;
        }

        public CalibrationResult Run(CalibrationPlan plan)
        {
            int eGrams = IntSetting("scale.eGrams");
            for (int attempt = 1; ; attempt++)
            {
                int reboots = _client.Reboots;
                try
                {
                    return RunOnce(plan, eGrams, reboots);
                }
                catch (BinRebootedException) when (attempt < RestartsMax)
                {
                    _operator.Say("  the bin restarted during calibration and lost its points: starting again from the empty scale");
                }
            }
        }

        private CalibrationResult RunOnce(CalibrationPlan plan, int eGrams, int reboots)
        {
            ExpectOk(_client.Request("calibrate clear"), "calibrate clear");
            _operator.WaitForEnter("Empty the bin: take everything off the scale");
            AddPoint(0, plan.SettleMs, reboots);
            IReadOnlyDictionary<string, string> fit = new Dictionary<string, string>();
            foreach (int grams in plan.ReferenceGrams)
            {
                _operator.WaitForEnter($"Put the {grams} g reference weight on the empty scale (nothing else on it)");
                fit = AddPoint(grams, plan.SettleMs, reboots);
                _operator.Say($"  point {grams} g taken: fit version {fit["version"]}, worst residual {Milli(fit["maxErrorMilliE"])} e");
            }

            _operator.WaitForEnter($"Take the reference weight off and put the {plan.CheckGrams} g check weight on");
            int readGrams = StableGrams(reboots);
            long errorMilliE = (long)Math.Round((readGrams - plan.CheckGrams) * 1000.0 / eGrams, MidpointRounding.AwayFromZero);
            _operator.Say($"  check: {plan.CheckGrams} g reads {readGrams} g, error {errorMilliE / 1000.0:+0.0##;-0.0##;0} e (e = {eGrams} g)");
            if (Math.Abs(errorMilliE) > CheckToleranceMilliE)
            {
                ExpectOk(_client.Request("calibrate done"), "calibrate done");
                _client.Reboot();
                throw new CliException(ExitCodes.VerificationFailed,
                    $"calibration check failed: the {plan.CheckGrams} g weight reads {readGrams} g ({errorMilliE / 1000.0:0.0##} e, more than ±1 e); the new calibration was discarded",
                    "make sure the weights are what you typed, that nothing rests against the bin and that it stands level, then calibrate again: `smartbin calibrate --port …`");
            }

            _operator.WaitForEnter("Take the check weight off (empty scale)");
            StableGrams(reboots);
            bool tared = _client.Request("tare").IsOk;
            ExpectOk(_client.Request("calibrate done"), "calibrate done");
            ExpectOk(_client.Request("save"), "save");
            ThrowIfRebooted(reboots);
            _operator.Say(tared ? "  zero set on the empty scale; calibration saved" : "  calibration saved (zero not set: the scale was not stable)");
            return new CalibrationResult(IntSetting("cal.version"), NumberSetting("cal.offset"), NumberSetting("cal.factor"),
                long.Parse(fit["maxErrorMilliE"], CultureInfo.InvariantCulture), plan.CheckGrams, readGrams, errorMilliE, eGrams);
        }

        private IReadOnlyDictionary<string, string> AddPoint(int grams, int settleMs, int reboots)
        {
            Thread.Sleep(settleMs);
            for (int retry = 0; ; retry++)
            {
                ConsoleReplyText reply = _client.Request("calibrate " + grams.ToString(CultureInfo.InvariantCulture));
                ThrowIfRebooted(reboots);
                if (!reply.IsError)
                {
                    return reply.Fields();
                }

                if (reply.ErrorCode != "unstable" || retry >= UnstableRetriesMax)
                {
                    throw new CliException(ExitCodes.VerificationFailed, $"the bin refused the {grams} g point: {reply.ErrorCode} {reply.ErrorMessage}",
                        "check that the scale carries exactly the weight asked for and nothing touches the bin, then calibrate again");
                }

                Thread.Sleep(1000);
            }
        }

        private int StableGrams(int reboots)
        {
            for (int poll = 0; poll < StablePollsMax; poll++)
            {
                Thread.Sleep(PollMs);
                IReadOnlyDictionary<string, string> weight = _client.Request("weight").Fields();
                ThrowIfRebooted(reboots);
                if (weight.GetValueOrDefault("stable") == "true")
                {
                    return int.Parse(weight["weightG"], CultureInfo.InvariantCulture);
                }
            }

            throw new CliException(ExitCodes.VerificationFailed, $"the scale did not settle within {StablePollsMax * PollMs / 1000} s",
                "make sure nothing touches the bin (lid, wind, a leaning bag), then calibrate again");
        }

        private void ThrowIfRebooted(int reboots)
        {
            if (_client.Reboots != reboots)
            {
                throw new BinRebootedException("calibrate");
            }
        }

        private int IntSetting(string key) => int.Parse(Setting(key), CultureInfo.InvariantCulture);

        private double NumberSetting(string key) => double.Parse(Setting(key), CultureInfo.InvariantCulture);

        private string Setting(string key) => _client.Request("set " + key).Fields()[key];

        private static string Milli(string milli) => (long.Parse(milli, CultureInfo.InvariantCulture) / 1000.0).ToString("0.0##", CultureInfo.InvariantCulture);

        private static void ExpectOk(ConsoleReplyText reply, string command)
        {
            if (reply.IsOk)
            {
                return;
            }

            string fix = reply.ErrorCode == "busy"
                ? "a resident's drop-off session is open: wait until it ends (tap the card again or wait a minute), then run the command again"
                : "run the command again; `smartbin console --port …` shows what the bin says";
            throw new CliException(ExitCodes.SerialOrBin, $"the bin refused '{command}': {reply.Text}", fix);
        }
    }
}
