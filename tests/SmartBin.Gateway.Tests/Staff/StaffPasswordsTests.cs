using System;
using FsCheck;
using FsCheck.Fluent;
using SmartBin.Gateway.Staff;
using Xunit;

namespace SmartBin.Gateway.Tests.Staff;

/// <summary>PBKDF2 password hashes: format, salt, verification, malformed input.</summary>
public sealed class StaffPasswordsTests
{
    private const int Iterations = StaffPasswords.IterationsMin;

    [Fact]
    public void A_hash_names_the_scheme_and_iterations_and_never_holds_the_password()
    {
        var hash = StaffPasswords.Hash("correct-horse-battery", 12_345);
        var parts = hash.Split('$');
        Assert.Equal(["pbkdf2-sha256", "12345"], parts[..2]);
        Assert.Equal(16, Convert.FromBase64String(parts[2]).Length);
        Assert.Equal(32, Convert.FromBase64String(parts[3]).Length);
        Assert.DoesNotContain("horse", hash, StringComparison.Ordinal);
        Assert.True(StaffPasswords.Verify("correct-horse-battery", hash));
    }

    [Fact]
    public void The_same_password_gets_a_new_salt_each_time()
    {
        var a = StaffPasswords.Hash("same-password-1", Iterations);
        var b = StaffPasswords.Hash("same-password-1", Iterations);
        Assert.NotEqual(a, b);
        Assert.True(StaffPasswords.Verify("same-password-1", a) && StaffPasswords.Verify("same-password-1", b));
    }

    [Theory]
    [InlineData("")]
    [InlineData("pbkdf2-sha256$1000$AAAA$AAAA")]
    [InlineData("pbkdf2-sha512$1000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("pbkdf2-sha256$999999999$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("pbkdf2-sha256$1000$not base64$AAAA")]
    public void A_malformed_or_too_costly_hash_never_verifies(string stored) =>
        Assert.False(StaffPasswords.Verify("anything-at-all", stored));

    [Fact]
    public void Only_the_exact_password_verifies() =>
        Prop.ForAll(ArbMap.Default.ArbFor<NonEmptyString>(), ArbMap.Default.ArbFor<NonEmptyString>(), (a, b) =>
        {
            var hash = StaffPasswords.Hash(a.Get, Iterations);
            return StaffPasswords.Verify(a.Get, hash) && StaffPasswords.Verify(b.Get, hash) == (a.Get == b.Get);
        }).QuickCheckThrowOnFailure();

    [Theory]
    [InlineData("short", false)]
    [InlineData("twelve-chars", true)]
    public void New_passwords_have_a_minimum_length(string password, bool acceptable) =>
        Assert.Equal(acceptable, StaffPasswords.Problem(password) is null);
}
