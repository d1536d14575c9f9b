using System;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using SmartBin.Gateway.Storage;
using Xunit;
using Xunit.Abstractions;
using static SmartBin.Gateway.Tests.Redemption.RedemptionRig;
using static SmartBin.Gateway.Tests.Redemption.Scenarios;

namespace SmartBin.Gateway.Tests.Redemption;

/// <summary>A thousand redemptions racing over HTTP for one household's points.</summary>
public sealed class RaceTests(ITestOutputHelper output)
{
    private const int Racers = 1_000;
    private const long Balance = 25_000;
    private const long Price = 37;

    [Fact]
    public async Task A_thousand_racing_payments_on_one_balance_never_overdraw_and_the_ledger_sums_to_zero()
    {
        await using var rig = await StartAsync();
        rig.Credit(BaiyunHousehold, Balance);
        var household = LedgerAccounts.Household(BaiyunHousehold);
        using var stopWatching = new CancellationTokenSource();
        var watcher = Task.Run(() => LowestBalanceSeen(rig.DatabasePath, household, stopWatching.Token));

        var clock = Stopwatch.StartNew();
        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var racers = Enumerable.Range(0, Racers).Select(i => Task.Run(async () =>
        {
            await start.Task;
            return await rig.PostAsync("shop-a", "/api/partner/v1/payments", new { cardUid = BaiyunCard, points = Price, reference = $"race-{i}" }, $"race-{i}");
        })).ToArray();
        start.SetResult();
        var answers = await Task.WhenAll(racers);
        var raceMs = clock.ElapsedMilliseconds;

        var won = answers.Where(a => a.Status == HttpStatusCode.Created).ToList();
        Assert.Equal(Balance / Price, won.Count);
        Assert.All(answers.Where(a => a.Status != HttpStatusCode.Created), a =>
            Assert.Equal((HttpStatusCode.UnprocessableEntity, "insufficient-balance"), (a.Status, a.Code)));
        Assert.Equal(Balance % Price, rig.Balance(household));
        Assert.Equal(won.Count * Price, rig.Balance(LedgerAccounts.Reserved(BaiyunHousehold)));

        // Settle every winner at once, half captured and half voided, then nothing may stay reserved.
        clock.Restart();
        var settled = await Task.WhenAll(won.Select((a, i) => rig.PostAsync("shop-a",
            $"/api/partner/v1/payments/{a.Id}/{(i % 2 == 0 ? "capture" : "void")}", null, Key())));
        var settleMs = clock.ElapsedMilliseconds;
        Assert.All(settled, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        await stopWatching.CancelAsync();
        var lowest = await watcher;

        var captured = (won.Count + 1) / 2;
        Assert.Equal(0, rig.Balance(LedgerAccounts.Reserved(BaiyunHousehold)));
        Assert.Equal(captured * Price, rig.Balance(LedgerAccounts.Partner("shop-a")));
        Assert.Equal(Balance - captured * Price, rig.Balance(household));
        Assert.True(lowest >= 0, $"balance seen at {lowest}");
        Assert.Equal(0, rig.Scalar("SELECT COALESCE(SUM(amount), 0) FROM entries WHERE unit = 'points'"));
        Assert.Equal(0, rig.Scalar("SELECT COALESCE(SUM(balance), 0) FROM balances WHERE account LIKE 'reserved:%'"));
        rig.AssertLedgerInvariants();
        output.WriteLine($"{Racers} racing authorisations: {raceMs} ms wall ({won.Count} won); {won.Count} concurrent captures/voids: {settleMs} ms");
    }

    /// <summary>Reads the household's balance from the file over and over while the race runs; returns the lowest value seen.</summary>
    private static long LowestBalanceSeen(string databasePath, string account, CancellationToken stop)
    {
        var lowest = long.MaxValue;
        using var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False;Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT balance FROM balances WHERE account = $a AND unit = 'points'";
        command.Parameters.AddWithValue("$a", account);
        while (!stop.IsCancellationRequested)
        {
            lowest = Math.Min(lowest, Convert.ToInt64(command.ExecuteScalar() ?? 0L, System.Globalization.CultureInfo.InvariantCulture));
            Thread.Sleep(1);
        }
        return lowest;
    }
}
