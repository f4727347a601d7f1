#pragma once

#include <memory>

#include <QSqlDatabase>
#include <QString>

#include "core/crypto/SecureBytes.h"
#include "core/store/DatabaseUrl.h"
#include "core/store/SqlDialect.h"
#include "core/util/Result.h"

namespace paydesk {

namespace crypto {
class SecretBox;
}

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

    /// Sets the key that chains the audit log (AuditLog::deriveKey: derived from the master key that seals the
    /// channel secrets, so kept outside the database like that key). Each program's composition root calls it
    /// once it has opened the master key. AuditLog is handed connections, not this object, and finds the key
    /// through the connection (auditKeyOf). Without it, appending to or verifying the audit log fails (KeyInvalid).
    [[nodiscard]] Status setAuditKey(const crypto::SecretBox& masterKey);
    /// The audit key of the Database that opened `connection` (any thread, dedicated connections too);
    /// KeyInvalid when none was set or the connection is not a Database's.
    [[nodiscard]] static Result<crypto::SecureBytes> auditKeyOf(const QSqlDatabase& connection);

private:
    explicit Database(DatabaseUrl url);
    [[nodiscard]] Result<QSqlDatabase> openNamed(const QString& name) const;

    DatabaseUrl m_url;
    const SqlDialect* m_dialect;
    quint64 m_instance;
};

} // namespace paydesk
