#include "core/store/AuditLog.h"

#include "core/store/Sql.h"
#include "core/store/SqlDialect.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace paydesk::AuditLog {

namespace {

QString compact(const QJsonObject& o)
{
    // QJsonObject keeps keys sorted, so the compact form is canonical.
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

AuditEntry readRow(const QSqlQuery& q)
{
    AuditEntry e;
    e.id = q.value(0).toLongLong();
    e.createdAtMs = q.value(1).toLongLong();
    e.actor = q.value(2).toString();
    e.action = q.value(3).toString();
    e.entityType = q.value(4).toString();
    e.entityId = q.value(5).toString();
    e.detail = QJsonDocument::fromJson(q.value(6).toString().toUtf8()).object();
    e.prevHash = q.value(7).toString();
    e.hash = q.value(8).toString();
    return e;
}

const QString kColumns = u"id, created_at, actor, action, entity_type, entity_id, detail, prev_hash, hash"_s;

} // namespace

QByteArray canonicalRow(const AuditEntry& e)
{
    const QJsonArray row{QString::number(e.id), QString::number(e.createdAtMs), e.actor, e.action, e.entityType,
                         e.entityId, compact(e.detail)};
    return QJsonDocument(row).toJson(QJsonDocument::Compact);
}

QString chainHash(const QString& prevHash, const AuditEntry& entry)
{
    QCryptographicHash h(QCryptographicHash::Sha256);
    h.addData(prevHash.toUtf8());
    h.addData(canonicalRow(entry));
    return QString::fromLatin1(h.result().toHex());
}

namespace {

/// Rows per INSERT: a bounded set of statement texts for the per-connection statement cache.
constexpr qsizetype kRowsPerStatement = 16;

/// One multi-row INSERT of entries[from, from + count); on PostgreSQL the new tip is written by the same statement
/// when `moveHead` (the head row is locked until commit either way, and the fewer round trips it is held for, the
/// sooner the next transaction gets it).
Status insertRows(const QSqlDatabase& db, const QList<AuditEntry>& entries, qsizetype from, qsizetype count,
                  bool moveHead)
{
    const QList<AuditEntry> part = entries.mid(from, count);
    sql::Statement st = buildInsert(part, u"a"_s);
    if (moveHead) {
        const sql::Statement head = buildHeadUpdate(part.constLast(), u"h"_s);
        st.text = u"WITH i AS ("_s + st.text + u") "_s + head.text;
        st.bindings += head.bindings;
    }
    auto q = sql::execCachedList(db, st.text, st.bindings);
    if (!q)
        return tl::unexpected(q.error());
    return {};
}

} // namespace

Result<std::pair<qint64, QString>> lockHead(const QSqlDatabase& db, const SqlDialect& dialect)
{
    const QString headSql = u"SELECT last_id, last_hash FROM audit_head WHERE id = 1"_s + dialect.forUpdate();
    auto head = sql::execCached(db, headSql); // plain exec() on SQLite
    if (!head)
        return tl::unexpected(head.error());
    if (!head->next())
        return fail(ErrorCode::DbError, u"audit_head row missing"_s);
    const qint64 id = head->value(0).toLongLong();
    const QString hash = head->value(1).toString();
    head->finish();
    return std::make_pair(id, hash);
}

void chain(QList<AuditEntry>* entries, qint64 lastId, const QString& lastHash)
{
    QString prev = lastHash;
    for (AuditEntry& e : *entries) {
        e.id = ++lastId;
        e.prevHash = prev;
        e.hash = chainHash(e.prevHash, e);
        prev = e.hash;
    }
}

sql::Statement buildInsert(const QList<AuditEntry>& entries, const QString& prefix)
{
    const QString p = u":"_s + prefix;
    sql::Statement st;
    st.text = u"INSERT INTO audit_log (id, created_at, actor, action, entity_type, entity_id, detail, prev_hash, hash) "
              u"VALUES "_s;
    st.bindings.reserve(entries.size() * 9);
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const AuditEntry& e = entries[i];
        const QString n = QString::number(i);
        st.text += (i ? u", ("_s : u"("_s) + p + u"id"_s + n + u", "_s + p + u"at"_s + n + u", "_s + p + u"ac"_s + n
            + u", "_s + p + u"an"_s + n + u", "_s + p + u"ty"_s + n + u", "_s + p + u"ei"_s + n + u", "_s + p + u"de"_s
            + n + u", "_s + p + u"pr"_s + n + u", "_s + p + u"ha"_s + n + u')';
        st.bindings << sql::Binding{p + u"id"_s + n, e.id} << sql::Binding{p + u"at"_s + n, e.createdAtMs}
                    << sql::Binding{p + u"ac"_s + n, e.actor} << sql::Binding{p + u"an"_s + n, e.action}
                    << sql::Binding{p + u"ty"_s + n, e.entityType} << sql::Binding{p + u"ei"_s + n, e.entityId}
                    << sql::Binding{p + u"de"_s + n, compact(e.detail)} << sql::Binding{p + u"pr"_s + n, e.prevHash}
                    << sql::Binding{p + u"ha"_s + n, e.hash};
    }
    return st;
}

sql::Statement buildHeadUpdate(const AuditEntry& tip, const QString& prefix, qint64 expectedLastId)
{
    const QString p = u":"_s + prefix;
    sql::Statement st{u"UPDATE audit_head SET last_id = "_s + p + u"tipid, last_hash = "_s + p + u"tiphash WHERE id = 1"_s,
                      {{p + u"tipid"_s, tip.id}, {p + u"tiphash"_s, tip.hash}}};
    if (expectedLastId >= 0) {
        st.text += u" AND last_id = "_s + p + u"expected RETURNING 1"_s;
        st.bindings << sql::Binding{p + u"expected"_s, expectedLastId};
    }
    return st;
}

Result<qint64> append(const QSqlDatabase& db, const SqlDialect& dialect, const QString& actor, const QString& action,
                      const QString& entityType, const QString& entityId, const QJsonObject& detail, qint64 nowMs)
{
    AuditEntry e;
    e.createdAtMs = nowMs;
    e.actor = actor;
    e.action = action;
    e.entityType = entityType;
    e.entityId = entityId;
    e.detail = detail;
    return appendMany(db, dialect, {e});
}

Result<qint64> appendMany(const QSqlDatabase& db, const SqlDialect& dialect, QList<AuditEntry> entries)
{
    if (entries.isEmpty())
        return fail(ErrorCode::InvalidArgument, u"no audit entries to append"_s);
    const bool pg = dialect.engine() == DbEngine::Postgres;
    auto head = lockHead(db, dialect);
    if (!head)
        return tl::unexpected(head.error());
    // The chain is computed here, under the head's row lock, in the order given.
    chain(&entries, head->first, head->second);
    for (qsizetype from = 0; from < entries.size(); from += kRowsPerStatement) {
        const qsizetype count = qMin(kRowsPerStatement, entries.size() - from);
        const bool last = from + count == entries.size();
        if (auto s = insertRows(db, entries, from, count, pg && last); !s)
            return tl::unexpected(s.error());
    }
    if (!pg) {
        const sql::Statement move = buildHeadUpdate(entries.constLast(), u"h"_s);
        auto moved = sql::execList(db, move.text, move.bindings);
        if (!moved)
            return tl::unexpected(moved.error());
    }
    return entries.constFirst().id;
}

Result<AuditVerdict> verify(const QSqlDatabase& db)
{
    AuditVerdict v;
    auto q = sql::exec(db, u"SELECT "_s + kColumns + u" FROM audit_log ORDER BY id"_s);
    if (!q)
        return tl::unexpected(q.error());
    QString prev;
    qint64 expectedId = 1;
    const auto bad = [&](qint64 id, const QString& why) {
        v.ok = false;
        v.firstBadId = id;
        v.problem = why;
        return v;
    };
    while (q->next()) {
        const AuditEntry e = readRow(*q);
        ++v.rowsChecked;
        if (e.id != expectedId)
            return bad(expectedId, u"row %1 is missing (deleted)"_s.arg(expectedId));
        if (e.prevHash != prev)
            return bad(e.id, u"chain broken at row %1 (rows deleted or reordered)"_s.arg(e.id));
        if (chainHash(prev, e) != e.hash)
            return bad(e.id, u"row %1 does not match its hash (edited)"_s.arg(e.id));
        prev = e.hash;
        ++expectedId;
    }
    auto head = sql::exec(db, u"SELECT last_id, last_hash FROM audit_head WHERE id = 1"_s);
    if (!head)
        return tl::unexpected(head.error());
    if (!head->next())
        return bad(0, u"audit head missing"_s);
    const qint64 lastId = head->value(0).toLongLong();
    if (lastId != expectedId - 1 || head->value(1).toString() != prev)
        return bad(expectedId, u"the newest rows after %1 are missing (tip is %2)"_s.arg(expectedId - 1).arg(lastId));
    return v;
}

Result<QList<AuditEntry>> forEntity(const QSqlDatabase& db, const QString& entityType, const QString& entityId)
{
    auto q = sql::exec(db, u"SELECT "_s + kColumns + u" FROM audit_log WHERE entity_type = :t AND entity_id = :id ORDER BY id"_s,
                       {{u":t"_s, entityType}, {u":id"_s, entityId}});
    if (!q)
        return tl::unexpected(q.error());
    QList<AuditEntry> out;
    while (q->next())
        out << readRow(*q);
    return out;
}

} // namespace paydesk::AuditLog
