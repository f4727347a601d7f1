#include "tests/support/AuditTamper.h"

#include <QJsonDocument>
#include <QStringList>

#include "core/crypto/Hash.h"
#include "core/store/Sql.h"

using namespace Qt::StringLiterals;

namespace paydesk::test {

QString plainAuditHash(const QString& prevHash, const AuditEntry& row)
{
    return QString::fromLatin1(crypto::sha256(QByteArray(prevHash.toUtf8() + AuditLog::canonicalRow(row))).toHex());
}

AuditHasher keyedAuditHasher(const QByteArray& key)
{
    return [key](const QString& prevHash, const AuditEntry& row) {
        return QString::fromLatin1(
            crypto::hmacSha256(key, QByteArray(prevHash.toUtf8() + AuditLog::canonicalRow(row))).toHex());
    };
}

Result<QList<AuditEntry>> auditRows(const Database& db)
{
    auto conn = db.connection();
    if (!conn)
        return tl::unexpected(conn.error());
    auto q = sql::exec(*conn,
        u"SELECT id, created_at, actor, action, entity_type, entity_id, detail, prev_hash, hash "
        u"FROM audit_log ORDER BY id"_s);
    if (!q)
        return tl::unexpected(q.error());
    QList<AuditEntry> rows;
    while (q->next()) {
        AuditEntry e;
        e.id = q->value(0).toLongLong();
        e.createdAtMs = q->value(1).toLongLong();
        e.actor = q->value(2).toString();
        e.action = q->value(3).toString();
        e.entityType = q->value(4).toString();
        e.entityId = q->value(5).toString();
        e.detail = QJsonDocument::fromJson(q->value(6).toString().toUtf8()).object();
        e.prevHash = q->value(7).toString();
        e.hash = q->value(8).toString();
        rows << e;
    }
    return rows;
}

Status cutAuditLog(const Database& db, QList<AuditEntry> rows, const AuditHasher& hash, qint64 keyedFrom)
{
    auto conn = db.connection();
    if (!conn)
        return tl::unexpected(conn.error());
    if (db.engine() == DbEngine::Postgres) {
        // The owner may switch off the triggers of its own tables (TRUNCATE ones included).
        for (const QString& s : { u"ALTER TABLE audit_log DISABLE TRIGGER USER"_s,
                 u"ALTER TABLE audit_head DISABLE TRIGGER USER"_s,
                 u"TRUNCATE audit_log"_s }) {
            if (auto r = sql::execRaw(*conn, s); !r)
                return r;
        }
    } else {
        auto q = sql::exec(*conn,
            u"SELECT name FROM sqlite_master WHERE type = 'trigger' "
            u"AND tbl_name IN ('audit_log', 'audit_head')"_s);
        if (!q)
            return tl::unexpected(q.error());
        QStringList triggers;
        while (q->next())
            triggers << q->value(0).toString();
        q->finish();
        for (const QString& t : std::as_const(triggers)) {
            if (auto r = sql::execRaw(*conn, u"DROP TRIGGER "_s + t); !r)
                return r;
        }
        if (auto r = sql::execRaw(*conn, u"DELETE FROM audit_log"_s); !r)
            return r;
    }
    QString prev;
    qint64 id = 0;
    for (AuditEntry& e : rows) {
        e.id = ++id;
        e.prevHash = prev;
        e.hash = hash(prev, e);
        prev = e.hash;
        auto ins = sql::exec(*conn,
            u"INSERT INTO audit_log (id, created_at, actor, action, entity_type, entity_id, detail, "
            u"prev_hash, hash) VALUES (:id, :at, :ac, :an, :ty, :ei, :de, :pr, :ha)"_s,
            { { u":id"_s, e.id },
                { u":at"_s, e.createdAtMs },
                { u":ac"_s, e.actor },
                { u":an"_s, e.action },
                { u":ty"_s, e.entityType },
                { u":ei"_s, e.entityId },
                { u":de"_s, QString::fromUtf8(QJsonDocument(e.detail).toJson(QJsonDocument::Compact)) },
                { u":pr"_s, e.prevHash },
                { u":ha"_s, e.hash } });
        if (!ins)
            return tl::unexpected(ins.error());
    }
    auto head = sql::exec(*conn,
        u"UPDATE audit_head SET last_id = :id, last_hash = :h WHERE id = 1"_s,
        { { u":id"_s, id }, { u":h"_s, prev } });
    if (!head)
        return tl::unexpected(head.error());
    if (keyedFrom > 0) {
        auto moved =
            sql::exec(*conn, u"UPDATE audit_head SET keyed_from = :k WHERE id = 1"_s, { { u":k"_s, keyedFrom } });
        if (!moved)
            return tl::unexpected(moved.error());
    }
    return {};
}

} // namespace paydesk::test
