#pragma once

#include <QJsonObject>
#include <QSqlDatabase>
#include <QString>

#include "core/crypto/SecureBytes.h"
#include "core/store/Sql.h"
#include "core/util/Result.h"

namespace paydesk {

class SqlDialect;
namespace crypto {
class SecretBox;
}

struct AuditEntry
{
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

/// A short digest of one row of the chain that a manager writes down (or exports) and `audit verify --anchor`
/// checks later: "<row id>:<16 hex digits>", the digits the start of HMAC-SHA256(audit key, "paydesk audit
/// anchor v1" ‖ id ‖ row hash). Keyed, so nobody without the master key can make one fit rewritten history.
struct AuditAnchor
{
    qint64 id = 0;
    QString digest; ///< 16 lower-case hex digits

    [[nodiscard]] QString text() const;
    /// Parses "<id>:<16 hex>" (InvalidArgument otherwise).
    [[nodiscard]] static Result<AuditAnchor> parse(const QString& text);
};

/// Where the chain breaks, if it does.
struct AuditVerdict
{
    bool ok = true;
    qint64 rowsChecked = 0;
    qint64 firstBadId = 0; ///< the first row that does not fit (0 when ok)
    QString problem; ///< "hash mismatch (row edited)", "row missing", "chain broken (rows reordered)", ...
    qint64 keyedFrom = 1; ///< the first row chained with the key (rows before it were written before 0004)
    qint64 legacyRows = 0; ///< rows checked with the unkeyed SHA-256 chain
    AuditAnchor head; ///< the anchor of the newest row when ok and the log is not empty (id 0 otherwise)
};

/// The append-only audit log, hash-chained: each row's hash is HMAC-SHA256(audit key, prev_hash ‖ canonical row),
/// so editing, deleting, reordering or re-inserting any row breaks the chain, and nobody without the key (derived
/// from the master key, which lives outside the database) can compute a chain that fits. audit_head keeps the tip,
/// so deleting the newest rows is caught too; triggers let the head only move forward and refuse TRUNCATE.
///
/// Rows written before migration 0004 were chained with plain SHA-256(prev_hash ‖ canonical row). 0004 records in
/// audit_head.keyed_from the first id after them; rows below it are checked the old way, every row from it on
/// with the key. Someone who owns the tables can still drop the triggers, rewrite everything as "old" rows and
/// raise keyed_from: only an anchor (keyed) taken earlier detects that, which is why `paydeskctl audit anchor`
/// exists.
///
/// The key reaches the code through the connection (Database::setAuditKey / auditKeyOf): appending or verifying
/// without one fails with KeyInvalid rather than writing a chain anybody could recompute.
namespace AuditLog {

/// The audit key: HMAC-SHA256(master key, "paydesk audit chain v1") (SecretBox::deriveKey).
[[nodiscard]] Result<crypto::SecureBytes> deriveKey(const crypto::SecretBox& masterKey);

/// Appends inside the caller's open write transaction (which then holds the chain's head until it commits).
[[nodiscard]] Result<qint64> append(const QSqlDatabase& db,
    const SqlDialect& dialect,
    const QString& actor,
    const QString& action,
    const QString& entityType,
    const QString& entityId,
    const QJsonObject& detail,
    qint64 nowMs);

/// Appends several entries, chained in the order given, with one read of the head and one INSERT per 16 rows;
/// each entry's createdAtMs, actor, action, entity and detail are used, the rest is assigned. Returns the first id.
[[nodiscard]] Result<qint64> appendMany(const QSqlDatabase& db, const SqlDialect& dialect, QList<AuditEntry> entries);

/// The pieces of appendMany(): lock and read the head, chain the entries after it, then INSERT them and move the
/// head.
[[nodiscard]] Result<std::pair<qint64, QString>> lockHead(const QSqlDatabase& db, const SqlDialect& dialect);
/// Assigns ids, prev hashes and keyed hashes (the key of `db`'s Database; KeyInvalid without one).
[[nodiscard]] Status chain(const QSqlDatabase& db, QList<AuditEntry>* entries, qint64 lastId, const QString& lastHash);
[[nodiscard]] sql::Statement buildInsert(const QList<AuditEntry>& entries, const QString& prefix);
[[nodiscard]] sql::Statement buildHeadUpdate(const AuditEntry& tip, const QString& prefix);

/// The canonical form hashed for a row (stable across engines).
[[nodiscard]] QByteArray canonicalRow(const AuditEntry& entry);
/// A row's hash from keyed_from on: hex HMAC-SHA256(key, prev_hash ‖ canonical row).
[[nodiscard]] QString chainHash(const crypto::SecureBytes& key, const QString& prevHash, const AuditEntry& entry);
/// A row's hash before keyed_from (written before migration 0004): hex SHA-256(prev_hash ‖ canonical row).
[[nodiscard]] QString legacyChainHash(const QString& prevHash, const AuditEntry& entry);
/// The anchor of row `id` whose hash is `hash`.
[[nodiscard]] AuditAnchor anchorOf(const crypto::SecureBytes& key, qint64 id, const QString& hash);

/// Walks the whole chain (with the key of `db`'s Database; KeyInvalid without one). With `anchors`, the chain
/// must also still hold each anchored row with the same digest, at or before the head.
[[nodiscard]] Result<AuditVerdict> verify(const QSqlDatabase& db, const QList<AuditAnchor>& anchors = {});

/// Entries for one entity, oldest first.
[[nodiscard]] Result<QList<AuditEntry>> forEntity(
    const QSqlDatabase& db, const QString& entityType, const QString& entityId);

} // namespace AuditLog

} // namespace paydesk
