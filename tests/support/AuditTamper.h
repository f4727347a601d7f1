#pragma once

#include <functional>

#include <QByteArray>
#include <QList>
#include <QString>

#include "core/store/AuditLog.h"
#include "core/store/Database.h"
#include "core/util/Result.h"

namespace paydesk::test {

/// How a forger computes a row's hash from the previous row's hash and the row.
using AuditHasher = std::function<QString(const QString& prevHash, const AuditEntry& row)>;

/// SHA-256(prev_hash ‖ canonical row): the unkeyed chain that anyone with write access can recompute.
[[nodiscard]] QString plainAuditHash(const QString& prevHash, const AuditEntry& row);
/// HMAC-SHA256(key, prev_hash ‖ canonical row): the keyed construction, with a key of the forger's choosing.
[[nodiscard]] AuditHasher keyedAuditHasher(const QByteArray& key);

/// Every audit_log row, oldest first.
[[nodiscard]] Result<QList<AuditEntry>> auditRows(const Database& db);

/// The audit-cut sequence of someone with table-owner rights: every trigger on audit_log and audit_head out of
/// the way (as the owner may), all rows gone (TRUNCATE on PostgreSQL, DELETE on SQLite), `rows` inserted again as
/// ids 1, 2, ... chained by `hash`, and audit_head pointed at the new tip. With `keyedFrom` > 0 the head's
/// keyed_from is set to it as well (passing every row off as written before keyed chaining).
[[nodiscard]] Status cutAuditLog(
    const Database& db, QList<AuditEntry> rows, const AuditHasher& hash, qint64 keyedFrom = 0);

} // namespace paydesk::test
