#include "core/store/Transitions.h"

#include "core/store/Database.h"
#include "core/store/DeferredHeads.h"
#include "core/store/EventFeed.h"
#include "core/store/Sql.h"
#include "core/store/SqlTransaction.h"
#include "core/util/Clock.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace paydesk::Transitions {

using domain::EntityType;

Status applyInTransaction(const QSqlDatabase& db, const SqlDialect& dialect, qint64 nowMs, const TransitionSpec& spec)
{
    const auto& machine = domain::StateMachine::forEntity(spec.entity);
    const QString type = domain::entityTypeName(spec.entity);
    if (!machine.isState(spec.from) || !machine.isState(spec.to))
        return fail(ErrorCode::InvalidArgument, u"unknown %1 state %2 or %3"_s.arg(type, spec.from, spec.to));
    if (!machine.allows(spec.from, spec.to))
        return fail(ErrorCode::IllegalTransition, u"%1 %2: %3 -> %4 is not allowed"_s.arg(type).arg(spec.id).arg(spec.from, spec.to));

    QString statement = u"UPDATE "_s + domain::entityTable(spec.entity)
        + u" SET status = :to, version = version + 1, updated_at = :now"_s;
    QList<sql::Binding> bindings{{u":to"_s, spec.to}, {u":now"_s, nowMs}, {u":id"_s, spec.id}, {u":from"_s, spec.from}};
    for (qsizetype i = 0; i < spec.set.size(); ++i) {
        const QString param = u":set%1"_s.arg(i);
        statement += u", "_s + spec.set[i].first + u" = "_s + param;
        bindings << sql::Binding{param, spec.set[i].second};
    }
    statement += u" WHERE id = :id AND status = :from"_s;
    auto update = sql::execCachedList(db, statement, bindings);
    if (!update)
        return tl::unexpected(update.error());
    if (update->numRowsAffected() != 1) {
        auto now = currentStatus(db, spec.entity, spec.id);
        if (!now)
            return tl::unexpected(now.error());
        return fail(ErrorCode::ConcurrentModification,
                    u"%1 %2 is %3, no longer %4"_s.arg(type).arg(spec.id).arg(*now, spec.from));
    }
    const QString detail = QString::fromUtf8(QJsonDocument(spec.detail).toJson(QJsonDocument::Compact));
    auto history = sql::execCached(db,
                             u"INSERT INTO state_history (entity_type, entity_id, from_status, to_status, cause, actor, "
                             u"detail, created_at) VALUES (:type, :id, :from, :to, :cause, :actor, :detail, :now)"_s,
                             {{u":type"_s, type},
                              {u":id"_s, spec.id},
                              {u":from"_s, spec.from},
                              {u":to"_s, spec.to},
                              {u":cause"_s, spec.cause},
                              {u":actor"_s, spec.actor},
                              {u":detail"_s, detail},
                              {u":now"_s, nowMs}});
    if (!history)
        return tl::unexpected(history.error());
    const FeedEvent event{0, type + u".status"_s, type, spec.id,
                          QJsonObject{{u"from"_s, spec.from}, {u"to"_s, spec.to}, {u"cause"_s, spec.cause},
                                      {u"actor"_s, spec.actor}},
                          nowMs};
    // At the end of the transaction if its owner holds the event head back (see DeferredHeads).
    if (DeferredHeads::defer(db, dialect, event))
        return {};
    auto appended = EventFeed::appendMany(db, dialect, {event});
    if (!appended)
        return tl::unexpected(appended.error());
    return {};
}

Status apply(const Database& database, const Clock& clock, const TransitionSpec& spec)
{
    auto db = database.connection();
    if (!db)
        return tl::unexpected(db.error());
    SqlTransaction tx(*db, database.dialect());
    if (!tx.isActive())
        return tx.beginStatus();
    if (auto s = applyInTransaction(*db, database.dialect(), clock.nowMSecs(), spec); !s)
        return s;
    return tx.commit();
}

Result<QString> currentStatus(const QSqlDatabase& db, EntityType entity, qint64 id)
{
    auto q = sql::exec(db, u"SELECT status FROM "_s + domain::entityTable(entity) + u" WHERE id = :id"_s, {{u":id"_s, id}});
    if (!q)
        return tl::unexpected(q.error());
    if (!q->next())
        return fail(ErrorCode::NotFound, u"%1 %2 does not exist"_s.arg(domain::entityTypeName(entity)).arg(id));
    return q->value(0).toString();
}

Result<QList<HistoryRow>> history(const QSqlDatabase& db, EntityType entity, qint64 id)
{
    auto q = sql::exec(db,
                       u"SELECT id, from_status, to_status, cause, actor, detail, created_at FROM state_history "
                       u"WHERE entity_type = :type AND entity_id = :id ORDER BY id"_s,
                       {{u":type"_s, domain::entityTypeName(entity)}, {u":id"_s, id}});
    if (!q)
        return tl::unexpected(q.error());
    QList<HistoryRow> out;
    while (q->next()) {
        HistoryRow r;
        r.id = q->value(0).toLongLong();
        r.from = q->value(1).toString();
        r.to = q->value(2).toString();
        r.cause = q->value(3).toString();
        r.actor = q->value(4).toString();
        r.detail = QJsonDocument::fromJson(q->value(5).toString().toUtf8()).object();
        r.atMs = q->value(6).toLongLong();
        out << r;
    }
    return out;
}

} // namespace paydesk::Transitions
