using System;
using System.IO;
using System.Text;
using SmartBin.Gateway.Reporting;
using Xunit;

namespace SmartBin.Gateway.Tests.Reporting;

/// <summary>Masking of residents' names and card numbers.</summary>
public sealed class NameMaskTests
{
    [Theory]
    [InlineData("王小明", "王*明")]
    [InlineData("王明", "王*")]
    [InlineData("王", "*")]
    [InlineData("欧阳小明", "欧**明")]
    [InlineData(" 王小明 ", "王*明")]
    [InlineData("𠮷田一郎", "𠮷**郎")] // a character outside the BMP stays whole
    [InlineData("阿卜杜·热合曼", "阿*****曼")]
    [InlineData("John Doe", "J*** D.")]
    [InlineData("Jo Ann van Dijk", "J*** A. v. D.")]
    [InlineData("Madonna", "M***")]
    [InlineData("Wang Xiaoming", "W*** X.")]
    public void Names_are_masked(string name, string masked) => Assert.Equal(masked, NameMask.Mask(name));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void A_missing_name_has_no_mask(string? name) => Assert.Null(NameMask.Mask(name));

    [Fact]
    public void Masked_names_never_contain_the_hidden_characters()
    {
        Assert.DoesNotContain("小", NameMask.Mask("王小明")!, StringComparison.Ordinal);
        Assert.DoesNotContain("ohn", NameMask.Mask("John Doe")!, StringComparison.Ordinal);
    }

    [Fact]
    public void Cards_show_their_last_four_characters() => Assert.Equal("00AB", NameMask.CardTail("EE0000AB"));
}

/// <summary>RFC 4180 output that Excel opens with Chinese text intact.</summary>
public sealed class CsvTests
{
    private static string Write(Action<Csv> write, out byte[] bytes)
    {
        using var buffer = new MemoryStream();
        using (var csv = new Csv(buffer))
        {
            write(csv);
        }
        bytes = buffer.ToArray();
        return Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
    }

    [Fact]
    public void Fields_with_commas_quotes_and_line_breaks_are_quoted_and_quotes_doubled()
    {
        var text = Write(csv =>
        {
            csv.Row("plain", "a,b", "say \"hi\"", "two\nlines", "cr\rlf", "");
            csv.Row("白云村, 3号楼", "王\"小\"明");
        }, out _);

        Assert.Equal("plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\rlf\",\r\n\"白云村, 3号楼\",\"王\"\"小\"\"明\"\r\n", text);
    }

    [Fact]
    public void The_file_starts_with_the_utf8_byte_order_mark_and_keeps_chinese_text_as_utf8()
    {
        Write(csv => csv.Row("下杭村"), out var bytes);

        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        Assert.Equal(Encoding.UTF8.GetBytes("下杭村\r\n"), bytes[3..]);
    }

    [Fact]
    public void Text_that_looks_like_a_formula_is_defused_but_numbers_stay_numbers()
    {
        var text = Write(csv => csv.Text("=HYPERLINK(\"x\")").Text("+1").Text("@a").Text("-2").Number(-5).Kilograms(-1_500).Kilograms(1_234_567).EndRow(), out _);

        Assert.Equal("\"'=HYPERLINK(\"\"x\"\")\",'+1,'@a,'-2,-5,-1.500,1234.567\r\n", text);
    }

    [Theory]
    [InlineData(0, "0.000")]
    [InlineData(5, "0.005")]
    [InlineData(-5, "-0.005")]
    [InlineData(200_000_000, "200000.000")]
    public void Kilograms_are_exact_with_three_decimals(long grams, string kg) => Assert.Equal(kg, Csv.FormatKilograms(grams));
}
