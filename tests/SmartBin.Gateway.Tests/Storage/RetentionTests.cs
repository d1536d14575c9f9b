using System;
using Microsoft.Extensions.Logging.Abstractions;
using SmartBin.Gateway.Configuration;
using SmartBin.Gateway.Ingest;
using SmartBin.Gateway.Storage;
using Xunit;

namespace SmartBin.Gateway.Tests.Storage;

public sealed class RetentionTests : IDisposable
{
    private readonly StoreFixture f = new();

    public void Dispose() => f.Dispose();

    [Fact]
    public void Rejected_messages_older_than_the_retention_are_deleted_and_nothing_else()
    {
        f.CommitOne(StoreFixture.DropOff("baiyun-0001", 1, StoreFixture.Card(0, 3), 750));
        var now = f.Time.GetUtcNow();
        f.Store.RecordRejectedMessages([
            new RejectedMessage("baiyun-0001", "dropoff", 5, "schema", "netG missing", now.AddDays(-91), [1, 2, 3]),
            new RejectedMessage("baiyun-0001", "dropoff", 6, "schema", "netG missing", now.AddDays(-89), [1, 2, 3]),
        ]);
        var options = new GatewayOptions { Storage = new StorageOptions { RejectedRetentionDays = 90 } };
        var retention = new RetentionService(f.Store, options, f.Time, NullLogger<RetentionService>.Instance);

        Assert.Equal(1, retention.RunOnce());
        Assert.Equal(1, f.Scalar("SELECT COUNT(*) FROM rejected_messages WHERE seq = 6"));
        Assert.Equal(0, f.Scalar("SELECT COUNT(*) FROM rejected_messages WHERE seq = 5"));
        Assert.Equal(1, f.Scalar("SELECT COUNT(*) FROM dropoffs"));
        Assert.Equal(0, retention.RunOnce());

        f.Time.Advance(TimeSpan.FromDays(2));
        Assert.Equal(1, retention.RunOnce());
        Assert.Equal(0, f.Scalar("SELECT COUNT(*) FROM rejected_messages"));
    }
}
