#include "core/store/AuditLog.h"

#include <optional>

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSqlQuery>

#include "core/crypto/Hash.h"
#include "core/crypto/SecretBox.h"
#include "core/store/Database.h"
#include "core/store/Sql.h"
#include "core/store/SqlDialect.h"

using namespace Qt::StringLiterals;

namespace paydesk {

QString AuditAnchor::text() const
{
    return QString::number(id) + u':' + digest;
}

Result<AuditAnchor> AuditAnchor::parse(const QString& text)
{
    static const QRegularExpression form(u"^([1-9][0-9]{0,17}):([0-9a-fA-F]{16})$"_s);
    const auto m = form.match(text.trimmed());
    if (!m.hasMatch())
        return fail(ErrorCode::InvalidArgument, u"an audit anchor looks like 1234:0123456789abcdef"_s);
    return AuditAnchor { m.captured(1).toLongLong(), m.captured(2).toLower() };
}

namespace AuditLog {

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

constexpr char kKeyLabel[] = "paydesk audit chain v1";
constexpr char kAnchorLabel[] = "paydesk audit anchor v1";
constexpr qsizetype kAnchorHexDigits = 16;

void chainWith(const crypto::SecureBytes& key, QList<AuditEntry>* entries, qint64 lastId, const QString& lastHash)
{
    QString prev = lastHash;
    for (AuditEntry& e : *entries) {
        e.id = ++lastId;
        e.prevHash = prev;
        e.hash = chainHash(key, e.prevHash, e);
        prev = e.hash;
    }
}

} // namespace

Result<crypto::SecureBytes> deriveKey(const crypto::SecretBox& masterKey)
{
    return masterKey.deriveKey(kKeyLabel);
}

QByteArray canonicalRow(const AuditEntry& e)
{
    const QJsonArray row { QString::number(e.id),
        QString::number(e.createdAtMs),
        e.actor,
        e.action,
        e.entityType,
        e.entityId,
        compact(e.detail) };
    return QJsonDocument(row).toJson(QJsonDocument::Compact);
}

QString chainHash(const crypto::SecureBytes& key, const QString& prevHash, const AuditEntry& entry)
{
    return QString::fromLatin1(
        crypto::hmacSha256(key.bytes(), QByteArray(prevHash.toUtf8() + canonicalRow(entry))).toHex());
}

QString legacyChainHash(const QString& prevHash, const AuditEntry& entry)
{
    return QString::fromLatin1(crypto::sha256(QByteArray(prevHash.toUtf8() + canonicalRow(entry))).toHex());
}

AuditAnchor anchorOf(const crypto::SecureBytes& key, qint64 id, const QString& hash)
{
    // The label keeps anchors apart from chain hashes, whose input starts with a hex digit or '['.
    const QByteArray input = QByteArray(kAnchorLabel) + '\n' + QByteArray::number(id) + '\n' + hash.toLatin1();
    const QByteArray mac = crypto::hmacSha256(key.bytes(), input).toHex();
    return AuditAnchor { id, QString::fromLatin1(mac.first(kAnchorHexDigits)) };
}

namespace {

/// Rows per INSERT: a bounded set of statement texts for the per-connection statement cache.
constexpr qsizetype kRowsPerStatement = 16;

/// One multi-row INSERT of entries[from, from + count); on PostgreSQL the new tip is written by the same statement
/// when `moveHead` (the head row is locked until commit either way, and the fewer round trips it is held for, the
/// sooner the next transaction gets it).
Status insertRows(
    const QSqlDatabase& db, const QList<AuditEntry>& entries, qsizetype from, qsizetype count, bool moveHead)
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

Status chain(const QSqlDatabase& db, QList<AuditEntry>* entries, qint64 lastId, const QString& lastHash)
{
    auto key = Database::auditKeyOf(db);
    if (!key)
        return tl::unexpected(key.error());
    chainWith(*key, entries, lastId, lastHash);
    return {};
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
        st.bindings << sql::Binding { p + u"id"_s + n, e.id } << sql::Binding { p + u"at"_s + n, e.createdAtMs }
                    << sql::Binding { p + u"ac"_s + n, e.actor } << sql::Binding { p + u"an"_s + n, e.action }
                    << sql::Binding { p + u"ty"_s + n, e.entityType } << sql::Binding { p + u"ei"_s + n, e.entityId }
                    << sql::Binding { p + u"de"_s + n, compact(e.detail) }
                    << sql::Binding { p + u"pr"_s + n, e.prevHash } << sql::Binding { p + u"ha"_s + n, e.hash };
    }
    return st;
}

sql::Statement buildHeadUpdate(const AuditEntry& tip, const QString& prefix)
{
    const QString p = u":"_s + prefix;
    return { u"UPDATE audit_head SET last_id = "_s + p + u"tipid, last_hash = "_s + p + u"tiphash WHERE id = 1"_s,
        { { p + u"tipid"_s, tip.id }, { p + u"tiphash"_s, tip.hash } } };
}

Result<qint64> append(const QSqlDatabase& db,
    const SqlDialect& dialect,
    const QString& actor,
    const QString& action,
    const QString& entityType,
    const QString& entityId,
    const QJsonObject& detail,
    qint64 nowMs)
{
    AuditEntry e;
    e.createdAtMs = nowMs;
    e.actor = actor;
    e.action = action;
    e.entityType = entityType;
    e.entityId = entityId;
    e.detail = detail;
    return appendMany(db, dialect, { e });
}

Result<qint64> appendMany(const QSqlDatabase& db, const SqlDialect& dialect, QList<AuditEntry> entries)
{
    if (entries.isEmpty())
        return fail(ErrorCode::InvalidArgument, u"no audit entries to append"_s);
    const bool pg = dialect.engine() == DbEngine::Postgres;
    // No key, no entry: a chain without it is one anybody with write access could recompute.
    auto key = Database::auditKeyOf(db);
    if (!key)
        return tl::unexpected(key.error());
    auto head = lockHead(db, dialect);
    if (!head)
        return tl::unexpected(head.error());
    // The chain is computed here, under the head's row lock, in the order given.
    chainWith(*key, &entries, head->first, head->second);
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

namespace {

struct Head
{
    qint64 lastId = 0;
    QString lastHash;
    qint64 keyedFrom = 1;
};

Result<std::optional<Head>> readHead(const QSqlDatabase& db)
{
    auto q = sql::exec(db, u"SELECT last_id, last_hash, keyed_from FROM audit_head WHERE id = 1"_s);
    if (!q)
        return tl::unexpected(q.error());
    if (!q->next())
        return std::optional<Head>();
    return std::optional<Head>(Head { q->value(0).toLongLong(), q->value(1).toString(), q->value(2).toLongLong() });
}

} // namespace

Result<AuditVerdict> verify(const QSqlDatabase& db, const QList<AuditAnchor>& anchors)
{
    auto key = Database::auditKeyOf(db);
    if (!key)
        return tl::unexpected(key.error());
    AuditVerdict v;
    const auto bad = [&](qint64 id, const QString& why) {
        v.ok = false;
        v.firstBadId = id;
        v.problem = why;
        return v;
    };
    // The head first, then the rows it covers: rows and head commit together, so every row up to the head read
    // here is there to be read, however many writers append meanwhile.
    auto head = readHead(db);
    if (!head)
        return tl::unexpected(head.error());
    if (!*head)
        return bad(0, u"audit head missing"_s);
    const Head h = **head;
    v.keyedFrom = h.keyedFrom;
    // Migration 0004 set keyed_from to the head + 1 and the head only moves forward since.
    if (h.keyedFrom > h.lastId + 1)
        return bad(h.lastId + 1,
            u"keyed_from %1 is past the head %2 (the start of the keyed chain was moved)"_s.arg(h.keyedFrom)
                .arg(h.lastId));
    QHash<qint64, QString> anchored;
    for (const AuditAnchor& a : anchors) {
        if (a.id > h.lastId)
            return bad(
                h.lastId + 1, u"the anchored row %1 is past the head %2 (history cut)"_s.arg(a.id).arg(h.lastId));
        if (anchored.contains(a.id) && anchored.value(a.id) != a.digest)
            return bad(a.id, u"two different anchors for row %1"_s.arg(a.id));
        anchored.insert(a.id, a.digest);
    }
    auto q = sql::exec(
        db, u"SELECT "_s + kColumns + u" FROM audit_log WHERE id <= :last ORDER BY id"_s, { { u":last"_s, h.lastId } });
    if (!q)
        return tl::unexpected(q.error());
    QString prev;
    qint64 expectedId = 1;
    while (q->next()) {
        const AuditEntry e = readRow(*q);
        ++v.rowsChecked;
        if (e.id != expectedId)
            return bad(expectedId, u"row %1 is missing (deleted)"_s.arg(expectedId));
        if (e.prevHash != prev)
            return bad(e.id, u"chain broken at row %1 (rows deleted or reordered)"_s.arg(e.id));
        const bool legacy = e.id < h.keyedFrom;
        if ((legacy ? legacyChainHash(prev, e) : chainHash(*key, prev, e)) != e.hash)
            return bad(e.id,
                legacy ? u"row %1 does not match its hash (edited)"_s.arg(e.id)
                       : u"row %1 does not match its keyed hash (edited, or written without the audit "
                         u"key)"_s.arg(e.id));
        v.legacyRows += legacy ? 1 : 0;
        if (const auto a = anchored.constFind(e.id); a != anchored.constEnd()
            && !crypto::constantTimeEquals(anchorOf(*key, e.id, e.hash).digest.toLatin1(), a->toLatin1()))
            return bad(e.id, u"row %1 does not match the anchor %1:%2 (history rewritten)"_s.arg(e.id).arg(*a));
        prev = e.hash;
        ++expectedId;
    }
    q->finish();
    if (h.lastId != expectedId - 1 || h.lastHash != prev)
        return bad(expectedId, u"the newest rows after %1 are missing (tip is %2)"_s.arg(expectedId - 1).arg(h.lastId));
    // Rows past the head: any a writer committed meanwhile came with a head at least as far, and the head is read
    // after them; a row past that head was put there behind its back.
    auto newest = sql::exec(db, u"SELECT COALESCE(MAX(id), 0) FROM audit_log"_s);
    if (!newest)
        return tl::unexpected(newest.error());
    const qint64 maxId = newest->next() ? newest->value(0).toLongLong() : 0;
    newest->finish();
    auto later = readHead(db);
    if (!later)
        return tl::unexpected(later.error());
    if (!*later || (*later)->lastId < h.lastId)
        return bad(h.lastId, u"the audit head moved backward while it was being checked"_s);
    if (maxId > (*later)->lastId)
        return bad(
            (*later)->lastId + 1, u"row %1 is past the head (inserted behind its back)"_s.arg((*later)->lastId + 1));
    if (h.lastId > 0)
        v.head = anchorOf(*key, h.lastId, h.lastHash);
    return v;
}

Result<QList<AuditEntry>> forEntity(const QSqlDatabase& db, const QString& entityType, const QString& entityId)
{
    auto q = sql::exec(db,
        u"SELECT "_s + kColumns + u" FROM audit_log WHERE entity_type = :t AND entity_id = :id ORDER BY id"_s,
        { { u":t"_s, entityType }, { u":id"_s, entityId } });
    if (!q)
        return tl::unexpected(q.error());
    QList<AuditEntry> out;
    while (q->next())
        out << readRow(*q);
    return out;
}

} // namespace AuditLog

} // namespace paydesk
