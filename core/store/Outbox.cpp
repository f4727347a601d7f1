#include "core/store/Outbox.h"

#include <QJsonDocument>

#include "core/store/Sql.h"

using namespace Qt::StringLiterals;

namespace paydesk::Outbox {

Result<qint64> enqueue(const QSqlDatabase& db,
    const QString& kind,
    const QString& entityType,
    qint64 entityId,
    const QJsonObject& payload,
    qint64 nowMs,
    const QString& owner,
    qint64 leaseUntilMs)
{
    auto q = sql::exec(db,
        u"INSERT INTO outbox (kind, entity_type, entity_id, payload, status, attempts, next_attempt_at, "
        u"lease_owner, lease_until, created_at, updated_at) VALUES (:kind, :type, :id, :payload, "
        u"'pending', 0, :next, :owner, :until, :created, :updated) RETURNING id"_s,
        { { u":kind"_s, kind },
            { u":type"_s, entityType },
            { u":id"_s, entityId },
            { u":payload"_s, QString::fromUtf8(QJsonDocument(payload).toJson(QJsonDocument::Compact)) },
            { u":next"_s, nowMs },
            { u":owner"_s, sql::nullableString(owner) },
            { u":until"_s, sql::nullableInt(leaseUntilMs, owner.isEmpty()) },
            { u":created"_s, nowMs },
            { u":updated"_s, nowMs } });
    if (!q)
        return tl::unexpected(q.error());
    if (!q->next())
        return fail(ErrorCode::DbError, u"outbox insert returned no id"_s);
    return q->value(0).toLongLong();
}

Result<QList<OutboxItem>> claimDue(
    const QSqlDatabase& db, const QString& owner, qint64 nowMs, qint64 leaseMs, int limit)
{
    auto q = sql::exec(db,
        u"SELECT id, kind, entity_type, entity_id, payload, attempts FROM outbox WHERE status = 'pending' "
        u"AND next_attempt_at <= :now1 AND (lease_until IS NULL OR lease_until < :now2) "
        u"ORDER BY next_attempt_at, id LIMIT :limit"_s,
        { { u":now1"_s, nowMs }, { u":now2"_s, nowMs }, { u":limit"_s, limit } });
    if (!q)
        return tl::unexpected(q.error());
    QList<OutboxItem> candidates;
    while (q->next()) {
        OutboxItem item;
        item.id = q->value(0).toLongLong();
        item.kind = q->value(1).toString();
        item.entityType = q->value(2).toString();
        item.entityId = q->value(3).toLongLong();
        item.payload = QJsonDocument::fromJson(q->value(4).toString().toUtf8()).object();
        item.attempts = q->value(5).toInt();
        candidates << item;
    }
    q->finish();
    QList<OutboxItem> claimed;
    for (const OutboxItem& item : std::as_const(candidates)) {
        auto u = sql::exec(db,
            u"UPDATE outbox SET lease_owner = :owner, lease_until = :until, updated_at = :now1 "
            u"WHERE id = :id AND status = 'pending' AND (lease_until IS NULL OR lease_until < :now2)"_s,
            { { u":owner"_s, owner },
                { u":until"_s, nowMs + leaseMs },
                { u":now1"_s, nowMs },
                { u":id"_s, item.id },
                { u":now2"_s, nowMs } });
        if (!u)
            return tl::unexpected(u.error());
        if (u->numRowsAffected() == 1)
            claimed << item;
    }
    return claimed;
}

Result<OutboxItem> pendingFor(const QSqlDatabase& db, const QString& kind, qint64 entityId)
{
    auto q = sql::exec(db,
        u"SELECT id, kind, entity_type, entity_id, payload, attempts FROM outbox WHERE kind = :kind "
        u"AND entity_id = :id AND status = 'pending' ORDER BY id LIMIT 1"_s,
        { { u":kind"_s, kind }, { u":id"_s, entityId } });
    if (!q)
        return tl::unexpected(q.error());
    if (!q->next())
        return fail(ErrorCode::NotFound, u"no pending %1 for %2"_s.arg(kind).arg(entityId));
    OutboxItem item;
    item.id = q->value(0).toLongLong();
    item.kind = q->value(1).toString();
    item.entityType = q->value(2).toString();
    item.entityId = q->value(3).toLongLong();
    item.payload = QJsonDocument::fromJson(q->value(4).toString().toUtf8()).object();
    item.attempts = q->value(5).toInt();
    return item;
}

Status complete(const QSqlDatabase& db, qint64 id, qint64 nowMs, const QString& note)
{
    auto q = sql::exec(db,
        u"UPDATE outbox SET status = 'done', lease_owner = NULL, lease_until = NULL, last_error = :note, "
        u"updated_at = :now WHERE id = :id"_s,
        { { u":note"_s, note }, { u":now"_s, nowMs }, { u":id"_s, id } });
    if (!q)
        return tl::unexpected(q.error());
    return {};
}

Result<bool> retryLater(
    const QSqlDatabase& db, qint64 id, const QString& error, qint64 nowMs, qint64 nextAtMs, int maxAttempts)
{
    auto q = sql::exec(db,
        u"UPDATE outbox SET attempts = attempts + 1, next_attempt_at = :next, lease_owner = NULL, "
        u"lease_until = NULL, last_error = :error, updated_at = :now, status = CASE WHEN attempts + 1 "
        u">= :max THEN 'dead' ELSE 'pending' END WHERE id = :id RETURNING status"_s,
        { { u":next"_s, nextAtMs },
            { u":error"_s, error },
            { u":now"_s, nowMs },
            { u":max"_s, maxAttempts },
            { u":id"_s, id } });
    if (!q)
        return tl::unexpected(q.error());
    if (!q->next())
        return fail(ErrorCode::NotFound, u"outbox item %1 is gone"_s.arg(id));
    return q->value(0).toString() == u"dead"_s;
}

} // namespace paydesk::Outbox
