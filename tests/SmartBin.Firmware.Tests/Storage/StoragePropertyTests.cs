using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using SmartBin.Firmware.Core.Storage;
using SmartBin.Firmware.Virtual;
using Xunit;

namespace SmartBin.Firmware.Tests.Storage
{
    /// <summary>Properties of the storage helpers and of the outbox against a plain model, on generated input.</summary>
    public sealed class StoragePropertyTests
    {
        private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(300);

        [Fact]
        public void Decimal_text_parses_to_the_nearest_double_like_the_platform_parser()
        {
            var decimals =
                from sign in Gen.Elements("", "-")
                from whole in Gen.Choose(0, 9_999_999)
                from fraction in Gen.Elements("", ".5", ".25", ".125", ".1", ".0001", ".3333333")
                select sign + whole.ToString(CultureInfo.InvariantCulture) + fraction;
            Check.One(Quick, Prop.ForAll(decimals.ToArbitrary(), text =>
                NumberText.IsDecimal(text) &&
                NumberText.ParseDecimal(text) == double.Parse(text, CultureInfo.InvariantCulture)));
        }

        [Fact]
        public void Integer_keys_accept_exactly_their_range_and_round_trip_through_flash()
        {
            var intKeys = ConfigSchema.Keys.Where(k => k.Type == ConfigValueType.Integer).ToArray();
            var cases = Gen.Zip(Gen.Elements(intKeys), Gen.Choose(-400_000, 400_000));
            Check.One(Quick, Prop.ForAll(cases.ToArbitrary(), c =>
            {
                var (key, value) = c;
                var fs = new InMemoryFlashFileSystem();
                var store = new ConfigStore(fs, "cfg");
                store.Load();
                string text = value.ToString(CultureInfo.InvariantCulture);
                bool inRange = value >= key.Min && value <= key.Max && (!key.Has(ConfigKey.RuleOdd) || value % 2 != 0);
                if (!store.TrySet(key.Name, text, out string code, out _))
                {
                    return !inRange && (code == ConfigError.OutOfRange || code == ConfigError.InvalidValue);
                }

                if (!inRange)
                {
                    return false;
                }

                if (!store.TrySave(out code, out _))
                {
                    // Only the fill distances have a rule across keys that a lone value can break.
                    return code == ConfigError.Conflict && key.Name.StartsWith("fill.", StringComparison.Ordinal);
                }

                var reloaded = new ConfigStore(fs, "cfg");
                reloaded.Load();
                return reloaded.GetInt(key.Name) == value;
            }));
        }

        [Fact]
        public void The_outbox_behaves_like_a_sorted_map_through_any_mix_of_appends_acks_and_restarts()
        {
            var operations = Gen.ListOf(Gen.Choose(0, 99), 60).ToArbitrary();
            Check.One(Config.QuickThrowOnFailure.WithMaxTest(100), Prop.ForAll(operations, ops =>
            {
                var fs = new InMemoryFlashFileSystem();
                var outbox = Open(fs);
                var model = new SortedDictionary<long, byte[]>();
                foreach (int op in ops)
                {
                    outbox = Apply(fs, outbox, model, op);
                    Assert.Equal(model.Keys, OutboxTests.ReadAll(outbox).Select(e => e.Sequence));
                    Assert.Equal(model.Count, outbox.Count);
                }

                return OutboxTests.ReadAll(outbox).All(e => e.Payload.SequenceEqual(model[e.Sequence]));
            }));
        }

        private static Outbox Open(InMemoryFlashFileSystem fs)
        {
            var outbox = new Outbox(fs, "ob", 5, 32);
            outbox.Open();
            return outbox;
        }

        private static Outbox Apply(InMemoryFlashFileSystem fs, Outbox outbox, SortedDictionary<long, byte[]> model, int op)
        {
            if (op < 50)
            {
                long seq = outbox.ReserveSequence();
                byte kind = op % 3 == 0 ? OutboxKind.Event : OutboxKind.DropOff;
                byte[] payload = OutboxTests.Payload(seq, op % 33);
                bool fits = model.Count < 5 && (kind == OutboxKind.DropOff || model.Count < 4);
                Assert.Equal(fits, outbox.TryAppend(seq, kind, payload, payload.Length));
                if (fits)
                {
                    model[seq] = payload;
                }
            }
            else if (op < 90)
            {
                long seq = model.Count > 0 && op % 5 != 0 ? model.Keys.ElementAt(op % model.Count) : 10_000 + op;
                Assert.Equal(model.Remove(seq), outbox.Acknowledge(seq));
            }
            else
            {
                outbox = Open(fs);
            }

            return outbox;
        }
    }
}
