#include "core/store/Writes.h"

#include <QThread>

#include "core/store/AuditLog.h"
#include "core/store/Database.h"
#include "core/store/DeferredHeads.h"
#include "core/store/EventFeed.h"
#include "core/store/SqlTransaction.h"

namespace paydesk::store {

Status inTransaction(const Database& database, const std::function<Status(const QSqlDatabase&)>& work)
{
    constexpr int kAttempts = 5;
    Status last;
    for (int attempt = 0; attempt < kAttempts; ++attempt) {
        auto db = database.connection();
        if (!db)
            return tl::unexpected(db.error());
        SqlTransaction tx(*db, database.dialect());
        if (!tx.isActive()) {
            last = tx.beginStatus();
        } else {
            last = work(*db);
            if (last)
                last = tx.commit();
            else
                tx.rollback();
        }
        if (last || last.error().code != ErrorCode::ConcurrentModification)
            return last;
        QThread::msleep(static_cast<unsigned long>(5 * (attempt + 1)));
    }
    return last;
}

Status audit(const QSqlDatabase& db,
    const SqlDialect& dialect,
    qint64 nowMs,
    const QString& actor,
    const QString& action,
    const QString& entityType,
    qint64 entityId,
    const QJsonObject& detail)
{
    // Held back to the end of the transaction when its owner asked for that (see DeferredHeads).
    AuditEntry entry;
    entry.createdAtMs = nowMs;
    entry.actor = actor;
    entry.action = action;
    entry.entityType = entityType;
    entry.entityId = QString::number(entityId);
    entry.detail = detail;
    if (DeferredHeads::defer(db, dialect, entry))
        return {};
    auto r = AuditLog::appendMany(db, dialect, { entry });
    if (!r)
        return tl::unexpected(r.error());
    return {};
}

Status event(const QSqlDatabase& db,
    const SqlDialect& dialect,
    qint64 nowMs,
    const QString& kind,
    const QString& entityType,
    qint64 entityId,
    const QJsonObject& payload)
{
    const FeedEvent e { 0, kind, entityType, entityId, payload, nowMs };
    if (DeferredHeads::defer(db, dialect, e))
        return {};
    auto r = EventFeed::appendMany(db, dialect, { e });
    if (!r)
        return tl::unexpected(r.error());
    return {};
}

} // namespace paydesk::store
