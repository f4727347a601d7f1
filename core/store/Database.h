#pragma once

#include "core/store/DatabaseUrl.h"
#include "core/store/SqlDialect.h"
#include "core/util/Result.h"

#include <QSqlDatabase>
#include <QString>

#include <memory>

namespace paydesk {

/// The shared SQL database, the single source of truth. Owns one named connection per thread (Qt's
/// QSqlDatabase may only be used from the thread that opened it); the first use on a thread opens it.
/// SQLite runs in WAL mode with foreign keys and a busy timeout; PostgreSQL through QPSQL.
class Database final
{
public:
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    /// Parses the URL and opens (and checks) a first connection on the calling thread. Does not migrate.
    [[nodiscard]] static Result<std::shared_ptr<Database>> open(const QString& url);

    /// This thread's connection, opened on first use; DbUnavailable when it cannot be opened.
    [[nodiscard]] Result<QSqlDatabase> connection() const;
    [[nodiscard]] const SqlDialect& dialect() const { return *m_dialect; }
    [[nodiscard]] DbEngine engine() const { return m_url.engine; }
    [[nodiscard]] const DatabaseUrl& url() const { return m_url; }

    /// Applies every embedded migration not yet applied (see Migrations.h).
    [[nodiscard]] Status migrate() const;
    /// The highest applied migration number (0 on an empty database).
    [[nodiscard]] Result<int> schemaVersion() const;

    /// Opens a new connection for the calling thread that is not shared (LISTEN needs its own session).
    [[nodiscard]] Result<QSqlDatabase> openDedicatedConnection(const QString& purpose) const;

private:
    explicit Database(DatabaseUrl url);
    [[nodiscard]] Result<QSqlDatabase> openNamed(const QString& name) const;

    DatabaseUrl m_url;
    const SqlDialect* m_dialect;
    quint64 m_instance;
};

} // namespace paydesk
