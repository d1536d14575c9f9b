using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Xunit;

namespace SmartBin.Firmware.Tests.Storage
{
    /// <summary>
    /// hardware-docs/wiring.svg draws every pin of hardware-docs/pinout.md on the GPIO the table gives it, and no
    /// other GPIO. Each pin label in the SVG is a text element with <c>data-setting="pins.…"</c> holding one
    /// <c>GPIO&lt;n&gt;</c>; a GPIO number anywhere else in the drawing is an error, so a pin cannot be moved in the
    /// diagram without moving it in the table (and, through PinoutDocTests, in the firmware).
    /// </summary>
    public sealed class WiringDiagramTests
    {
        // The pinout table has had 14 rows since the distance sensor and the HX711 bus clock got theirs; fewer means
        // the parser lost the table.
        private const int PinoutRowsMin = 14;

        private static readonly Regex GpioToken = new(@"\bGPIO(\d+)\b", RegexOptions.CultureInvariant);

        [Fact]
        public void The_diagram_draws_every_pinout_row_on_the_same_gpio_and_nothing_else()
        {
            IReadOnlyDictionary<string, string> documented = PinoutRows();
            Assert.True(documented.Count >= PinoutRowsMin, "pinout.md table not found or shrank: " + documented.Count + " rows");

            var expected = new SortedDictionary<string, string>(documented.ToDictionary(p => p.Key, p => p.Value), StringComparer.Ordinal);
            Assert.Equal(expected, DrawnPins());
        }

        [Fact]
        public void Every_gpio_number_in_the_diagram_is_a_labelled_pin_drawn_once()
        {
            XDocument svg = LoadSvg();
            var labelledGpios = new List<string>();
            foreach (XText node in svg.DescendantNodes().OfType<XText>())
            {
                MatchCollection tokens = GpioToken.Matches(node.Value);
                if (tokens.Count == 0)
                {
                    continue;
                }

                XElement? label = node.Parent?.AncestorsAndSelf().FirstOrDefault(e => e.Attribute("data-setting") != null);
                Assert.True(label != null, "GPIO text outside a data-setting label: \"" + node.Value + "\"");
                Assert.True(tokens.Count == 1, "a pin label names one GPIO: \"" + node.Value + "\"");
                labelledGpios.Add(tokens[0].Groups[1].Value);
            }

            Assert.NotEmpty(labelledGpios);
            Assert.Equal(labelledGpios.Distinct().Count(), labelledGpios.Count);
        }

        [Theory]
        [InlineData("GPIO3 · RX", "3")]
        [InlineData("SPI1 SCK · GPIO18", "18")]
        [InlineData("GPIO35·MISO", "35")]
        public void The_gpio_token_reads_the_whole_number(string label, string gpio)
        {
            MatchCollection tokens = GpioToken.Matches(label);

            Assert.Single(tokens);
            Assert.Equal(gpio, tokens[0].Groups[1].Value);
        }

        [Fact]
        public void The_gpio_token_ignores_longer_words()
        {
            Assert.Empty(GpioToken.Matches("GPIOS 32, XGPIO5, GPIO<n>"));
        }

        // Setting → GPIO of each data-setting label; a setting labelled twice fails here.
        private static SortedDictionary<string, string> DrawnPins()
        {
            var drawn = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (XElement label in LoadSvg().Descendants().Where(e => e.Attribute("data-setting") != null))
            {
                string setting = label.Attribute("data-setting")!.Value;
                MatchCollection tokens = GpioToken.Matches(label.Value);
                Assert.True(tokens.Count == 1, setting + " label must hold exactly one GPIO<n>: \"" + label.Value + "\"");
                Assert.True(drawn.TryAdd(setting, tokens[0].Groups[1].Value), setting + " is labelled twice");
            }

            return drawn;
        }

        // Same table reading as PinoutDocTests: the rows after the "<!-- pinout:" marker, header and rule skipped.
        private static IReadOnlyDictionary<string, string> PinoutRows()
        {
            string[] lines = File.ReadAllLines(RepoPaths.File(Path.Combine("hardware-docs", "pinout.md")));
            return lines
                .SkipWhile(l => !l.StartsWith("<!-- pinout:", StringComparison.Ordinal))
                .Skip(3)
                .TakeWhile(l => l.StartsWith("|", StringComparison.Ordinal))
                .Select(l => l.Split('|'))
                .ToDictionary(cells => cells[2].Trim().Trim('`'), cells => cells[1].Trim(), StringComparer.Ordinal);
        }

        private static XDocument LoadSvg()
        {
            return XDocument.Load(RepoPaths.File(Path.Combine("hardware-docs", "wiring.svg")));
        }
    }
}
