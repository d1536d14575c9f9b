using System;
using System.IO;
using Microsoft.Data.Sqlite;
using SmartBin.Gateway.Configuration;
using SmartBin.Gateway.Crediting;
using SmartBin.Gateway.Ingest;
using SmartBin.Gateway.Mqtt;
using SmartBin.Gateway.Storage.Internal;

namespace SmartBin.Gateway.Storage;

/// <summary>
/// The system of record on one SQLite file: registry (communities, bins, households, residents, cards), the
/// drop-off and event audit, and the double-entry ledger. One write connection guarded by a lock carries every
/// write (ingest batches, staff and admin actions), each in one transaction; reads use short-lived pooled
/// connections, which WAL lets run beside the writer. See Storage/README.md.
/// </summary>
public sealed partial class SqliteGatewayStore : IIngestStore, IGatewayReadModel, IBinCredentials, IDisposable
{
    /// <summary>How long a statement waits for another connection's lock before failing, ms.</summary>
    public const int BusyTimeoutMs = 5_000;

    private readonly object writeLock = new();
    private readonly Writer writer;
    private readonly string readConnectionString;
    private readonly CreditingEngine engine;
    private readonly TimeProvider time;
    private bool disposed;

    /// <summary>
    /// Opens (creating if needed) the database at <paramref name="databasePath"/>, migrates it and applies
    /// <paramref name="seed"/>. <paramref name="engine"/> decides every drop-off's credit.
    /// </summary>
    public SqliteGatewayStore(string databasePath, CreditingEngine engine, SeedOptions seed, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrEmpty(databasePath);
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(seed);
        ArgumentNullException.ThrowIfNull(time);
        this.engine = engine;
        this.time = time;
        DatabasePath = Path.GetFullPath(databasePath);
        var writeConnection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = BusyTimeoutMs / 1000,
        }.ToString());
        writeConnection.Open();
        try
        {
            ApplyPragmas(writeConnection, write: true);
            Schema.Migrate(writeConnection);
            writer = new Writer(writeConnection);
        }
        catch
        {
            writeConnection.Dispose();
            throw;
        }
        readConnectionString = new SqliteConnectionStringBuilder
        {
            DataSource = DatabasePath,
            Mode = SqliteOpenMode.ReadWrite,
            Pooling = true,
            DefaultTimeout = BusyTimeoutMs / 1000,
        }.ToString();
        Seed(seed);
    }

    /// <summary>Opens the store the gateway's options describe (creating the data folder), with the configured crediting rules.</summary>
    public static SqliteGatewayStore Open(GatewayOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        Directory.CreateDirectory(options.Storage.DataDirectory);
        var path = Path.Combine(options.Storage.DataDirectory, options.Storage.DatabaseFile);
        return new SqliteGatewayStore(path, CreateEngine(options.Crediting), options.Seed, time);
    }

    /// <summary>The engine built from <paramref name="rules"/> and the default price and factor tables.</summary>
    public static CreditingEngine CreateEngine(CreditingRulesOptions rules) => new(
        new PriceTable(CreditingDefaults.Prices()),
        new CarbonFactorTable(CreditingDefaults.CarbonFactors()),
        rules);

    /// <summary>Full path of the database file.</summary>
    public string DatabasePath { get; }

    /// <summary>The crediting engine the store evaluates drop-offs with.</summary>
    public CreditingEngine Engine => engine;

    /// <summary>Applied schema version.</summary>
    public int SchemaVersion
    {
        get
        {
            using var connection = OpenRead();
            return Schema.CurrentVersion(connection);
        }
    }

    private static void ApplyPragmas(SqliteConnection connection, bool write)
    {
        // WAL: readers never block the writer nor the writer them, and a commit appends to one file.
        // synchronous=FULL: the WAL is fsynced at every commit, so an acked drop-off (money) survives power loss;
        // group commit keeps that to one fsync per batch. foreign_keys is per connection and off by default.
        var pragmas = write
            ? $"PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON; PRAGMA busy_timeout={BusyTimeoutMs}; PRAGMA cache_size=-65536; PRAGMA wal_autocheckpoint=8192;"
            : $"PRAGMA foreign_keys=ON; PRAGMA busy_timeout={BusyTimeoutMs};";
        using var command = connection.CreateCommand();
        command.CommandText = pragmas;
        command.ExecuteNonQuery();
    }

    /// <summary>A pooled read connection; dispose it promptly so WAL checkpoints are not held back.</summary>
    internal SqliteConnection OpenRead()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var connection = new SqliteConnection(readConnectionString);
        connection.Open();
        ApplyPragmas(connection, write: false);
        return connection;
    }

    /// <summary>
    /// Runs <paramref name="work"/> in one write transaction under the write lock. Commits when
    /// <paramref name="commit"/> says so for the result (default: always), else rolls back; any exception rolls
    /// back and propagates, so a failed call leaves nothing behind.
    /// </summary>
    private T Write<T>(Func<Writer, T> work, Func<T, bool>? commit = null)
    {
        lock (writeLock)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            writer.Begin();
            try
            {
                var result = work(writer);
                if (commit is null || commit(result))
                {
                    writer.Commit();
                }
                else
                {
                    writer.Rollback();
                }
                return result;
            }
            catch
            {
                writer.Rollback();
                throw;
            }
        }
    }

    private DateTimeOffset Now => time.GetUtcNow();

    /// <summary>Closes the write connection and the read pool.</summary>
    public void Dispose()
    {
        lock (writeLock)
        {
            if (disposed)
            {
                return;
            }
            disposed = true;
            writer.Dispose();
        }
        using var pooled = new SqliteConnection(readConnectionString);
        SqliteConnection.ClearPool(pooled);
    }
}
