using System;
using System.Threading.Tasks;
using Xunit;

namespace SmartBin.Gateway.Tests.Alerts;

/// <summary>Waits for an asynchronous outcome by polling against a generous deadline (never a timing assert).</summary>
internal static class Poll
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    /// <summary>Polls until <paramref name="done"/>; <paramref name="step"/> (e.g. advancing a fake clock) runs between polls.</summary>
    public static Task UntilAsync(Func<bool> done, Action? step = null) =>
        UntilAsync(() => Task.FromResult(done()), step);

    /// <summary>As above, for a condition that has to await (an HTTP request).</summary>
    public static async Task UntilAsync(Func<Task<bool>> done, Action? step = null)
    {
        var until = DateTime.UtcNow + Deadline;
        while (!await done())
        {
            Assert.True(DateTime.UtcNow < until, "condition not reached before the deadline");
            step?.Invoke();
            await Task.Delay(10);
        }
    }
}
