#pragma once

#include "core/store/Sql.h"
#include "core/util/Result.h"

#include <QJsonObject>
#include <QSqlDatabase>
#include <QString>

namespace paydesk {

class SqlDialect;

struct AuditEntry {
    qint64 id = 0;
    qint64 createdAtMs = 0;
    QString actor;
    QString action; ///< "payment.create", "refund.request", "refund.approve", "export.csv", "user.add", ...
    QString entityType;
    QString entityId;
    QJsonObject detail; ///< before/after values; never secrets
    QString prevHash;
    QString hash;
};

/// Where the chain breaks, if it does.
struct AuditVerdict {
    bool ok = true;
    qint64 rowsChecked = 0;
    qint64 firstBadId = 0; ///< the first row that does not fit (0 when ok)
    QString problem;       ///< "hash mismatch (row edited)", "row missing", "chain broken (rows reordered)", ...
};

/// The append-only audit log. Each row's hash = SHA-256(prev_hash ‖ canonical row), so editing, deleting or
/// reordering any row breaks the chain; audit_head keeps the tip, so deleting the newest rows is caught too.
namespace AuditLog {

/// Appends inside the caller's open write transaction (which then holds the chain's head until it commits).
[[nodiscard]] Result<qint64> append(const QSqlDatabase& db, const SqlDialect& dialect, const QString& actor,
                                    const QString& action, const QString& entityType, const QString& entityId,
                                    const QJsonObject& detail, qint64 nowMs);

/// Appends several entries, chained in the order given, with one read of the head and one INSERT per 16 rows;
/// each entry's createdAtMs, actor, action, entity and detail are used, the rest is assigned. Returns the first id.
[[nodiscard]] Result<qint64> appendMany(const QSqlDatabase& db, const SqlDialect& dialect, QList<AuditEntry> entries);

/// The pieces of appendMany(), for composing its writes into one statement with others (PostgreSQL group
/// commit): lock and read the head, chain the entries after it, then INSERT them and move the head.
[[nodiscard]] Result<std::pair<qint64, QString>> lockHead(const QSqlDatabase& db, const SqlDialect& dialect);
void chain(QList<AuditEntry>* entries, qint64 lastId, const QString& lastHash);
[[nodiscard]] sql::Statement buildInsert(const QList<AuditEntry>& entries, const QString& prefix);
/// With `expectedLastId` >= 0 the head moves only if it is still there (compare and set), and the statement
/// returns one row when it did.
[[nodiscard]] sql::Statement buildHeadUpdate(const AuditEntry& tip, const QString& prefix, qint64 expectedLastId = -1);

/// The canonical form hashed for a row (stable across engines).
[[nodiscard]] QByteArray canonicalRow(const AuditEntry& entry);
[[nodiscard]] QString chainHash(const QString& prevHash, const AuditEntry& entry);

/// Walks the whole chain.
[[nodiscard]] Result<AuditVerdict> verify(const QSqlDatabase& db);

/// Entries for one entity, oldest first.
[[nodiscard]] Result<QList<AuditEntry>> forEntity(const QSqlDatabase& db, const QString& entityType,
                                                  const QString& entityId);

} // namespace AuditLog

} // namespace paydesk
