#pragma once

#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include "core/util/Result.h"
#include "tests/support/ReservedPort.h"

namespace paydesk::test {

/// A throwaway PostgreSQL 15 cluster of a test's own, so the test can restart it under a running program: initdb and
/// pg_ctl from /usr/lib/postgresql/15/bin (run as the `postgres` user through runuser when the test runs as root, as
/// scripts/pg.sh does), its own data directory, socket directory and a loopback port reserved for it (the server
/// binds it with SO_REUSEADDR, so a restart comes back on the same port). Commits are synchronous, so an immediate
/// (crash-like) stop loses nothing that was acknowledged; fsync is off, as only the processes die, not the machine.
class PgCluster final
{
public:
    PgCluster();
    ~PgCluster(); ///< stops the server (immediate)
    PgCluster(const PgCluster&) = delete;
    PgCluster& operator=(const PgCluster&) = delete;

    /// Whether the binaries are installed; `why` says what is missing.
    [[nodiscard]] static bool available(QString* why);

    /// initdb, then start and wait until it accepts connections.
    [[nodiscard]] Status start();
    /// pg_ctl restart -m MODE ("fast", "immediate"), started without waiting: finish with waitForRestart().
    [[nodiscard]] Status beginRestart(const QString& mode);
    /// Waits until the restart begun above is over and the server accepts connections again.
    [[nodiscard]] Status waitForRestart(int timeoutMs = 60000);
    void stop();

    /// CREATE DATABASE through psql.
    [[nodiscard]] Status createDatabase(const QString& name);
    /// postgresql://paydesk@127.0.0.1:PORT/<database>
    [[nodiscard]] QString url(const QString& database) const;

private:
    [[nodiscard]] QStringList asServerUser(const QString& program, const QStringList& args) const;
    [[nodiscard]] Status run(const QString& program, const QStringList& args, int timeoutMs = 60000) const;
    [[nodiscard]] QString serverOptions() const;

    QTemporaryDir m_dir;
    ReservedPort m_port;
    QProcess m_restart;
    bool m_running = false;
};

} // namespace paydesk::test
