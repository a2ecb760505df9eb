using Npgsql;

namespace Attest.Core.Data;

/// <summary>
/// The one rule for "the database is not there right now", as opposed to a bug: the hosts answer it with 503 and
/// Retry-After (web) or one line (CLI), never a 500 or a stack trace.
/// </summary>
public static class DatabaseFailures
{
    /// <summary>
    /// True when <paramref name="exception"/> (or an exception inside it) says the PostgreSQL server cannot be reached or
    /// dropped the connection: refused or reset sockets, a read or connect timeout, an exhausted pool (Npgsql's transient
    /// failures), and the server's own "connection exception" (class 08), "shutting down" (57P01 admin shutdown, 57P02
    /// crash shutdown), "starting up" (57P03) and "too many connections" (53300). The transaction did not commit —
    /// except in the rare case of a connection lost during COMMIT itself, when the outcome is unknown to the server's
    /// client: a retried create may then meet its own first attempt (409).
    /// </summary>
    public static bool IsUnavailable(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException p:
                    return p.SqlState.StartsWith("08", StringComparison.Ordinal) || p.SqlState is "57P01" or "57P02" or "57P03" or "53300";
                case NpgsqlOperationInProgressException:
                    return false; // a connection used twice at once: a bug
                case NpgsqlException { IsTransient: true }:
                    return true;
            }
        }
        return false;
    }
}
