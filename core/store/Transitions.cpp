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

namespace {

/// Rows per multi-row statement: a bounded set of statement texts for the per-connection statement cache.
constexpr qsizetype kRowsPerStatement = 16;

Status checkAllowed(const TransitionSpec& spec)
{
    const auto& machine = domain::StateMachine::forEntity(spec.entity);
    const QString type = domain::entityTypeName(spec.entity);
    if (!machine.isState(spec.from) || !machine.isState(spec.to))
        return fail(ErrorCode::InvalidArgument, u"unknown %1 state %2 or %3"_s.arg(type, spec.from, spec.to));
    if (!machine.allows(spec.from, spec.to))
        return fail(ErrorCode::IllegalTransition, u"%1 %2: %3 -> %4 is not allowed"_s.arg(type).arg(spec.id).arg(spec.from, spec.to));
    return {};
}

QString castType(const QVariant& v)
{
    switch (v.metaType().id()) {
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
        return u"BIGINT"_s;
    default:
        return u"TEXT"_s;
    }
}

/// The guarded UPDATE of one spec: exactly one row must still be in `from`.
Status updateOne(const QSqlDatabase& db, qint64 nowMs, const TransitionSpec& spec)
{
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
    if (update->numRowsAffected() == 1)
        return {};
    const QString type = domain::entityTypeName(spec.entity);
    auto now = currentStatus(db, spec.entity, spec.id);
    if (!now)
        return tl::unexpected(now.error());
    return fail(ErrorCode::ConcurrentModification,
                u"%1 %2 is %3, no longer %4"_s.arg(type).arg(spec.id).arg(*now, spec.from));
}

/// One guarded UPDATE for several specs of the same entity, the same extra columns and distinct ids:
/// UPDATE ... FROM (VALUES (id, to, from, set...), ...) AS v (both engines name the columns column1, column2, ...).
Status updateMany(const QSqlDatabase& db, qint64 nowMs, const QList<const TransitionSpec*>& specs)
{
    const TransitionSpec& first = *specs.constFirst();
    const QString table = domain::entityTable(first.entity);
    QString statement = u"UPDATE "_s + table + u" SET status = v.column2, version = version + 1, updated_at = :now"_s;
    for (qsizetype c = 0; c < first.set.size(); ++c)
        statement += u", "_s + first.set[c].first + u" = v.column"_s + QString::number(4 + c);
    statement += u" FROM (VALUES "_s;
    QList<sql::Binding> bindings{{u":now"_s, nowMs}};
    for (qsizetype r = 0; r < specs.size(); ++r) {
        const TransitionSpec& spec = *specs[r];
        const QString n = QString::number(r);
        statement += (r ? u", (CAST(:i"_s : u"(CAST(:i"_s) + n + u" AS BIGINT), CAST(:t"_s + n + u" AS TEXT), CAST(:f"_s
            + n + u" AS TEXT)"_s;
        bindings << sql::Binding{u":i"_s + n, spec.id} << sql::Binding{u":t"_s + n, spec.to}
                 << sql::Binding{u":f"_s + n, spec.from};
        for (qsizetype c = 0; c < spec.set.size(); ++c) {
            const QString param = u":s"_s + n + u'_' + QString::number(c);
            statement += u", CAST("_s + param + u" AS "_s + castType(first.set[c].second) + u')';
            bindings << sql::Binding{param, spec.set[c].second};
        }
        statement += u')';
    }
    statement += u") AS v WHERE "_s + table + u".id = v.column1 AND "_s + table + u".status = v.column3"_s;
    auto update = sql::execCachedList(db, statement, bindings);
    if (!update)
        return tl::unexpected(update.error());
    if (update->numRowsAffected() != specs.size()) {
        return fail(ErrorCode::ConcurrentModification,
                    u"%1 of %2 %3 rows were no longer in the state they were read in"_s
                        .arg(specs.size() - update->numRowsAffected())
                        .arg(specs.size())
                        .arg(domain::entityTypeName(first.entity)));
    }
    return {};
}

QStringList setColumns(const TransitionSpec& spec)
{
    QStringList names;
    for (const auto& [name, value] : spec.set)
        names << name + u':' + castType(value);
    return names;
}

Status insertHistory(const QSqlDatabase& db, qint64 nowMs, const QList<TransitionSpec>& specs, qsizetype from,
                     qsizetype count)
{
    QString statement = u"INSERT INTO state_history (entity_type, entity_id, from_status, to_status, cause, actor, "
                        u"detail, created_at) VALUES "_s;
    QList<sql::Binding> bindings;
    for (qsizetype r = 0; r < count; ++r) {
        const TransitionSpec& spec = specs[from + r];
        const QString n = QString::number(r);
        statement += (r ? u", (:ty"_s : u"(:ty"_s) + n + u", :id"_s + n + u", :f"_s + n + u", :t"_s + n + u", :c"_s + n
            + u", :a"_s + n + u", :d"_s + n + u", :at"_s + n + u')';
        bindings << sql::Binding{u":ty"_s + n, domain::entityTypeName(spec.entity)} << sql::Binding{u":id"_s + n, spec.id}
                 << sql::Binding{u":f"_s + n, spec.from} << sql::Binding{u":t"_s + n, spec.to}
                 << sql::Binding{u":c"_s + n, spec.cause} << sql::Binding{u":a"_s + n, spec.actor}
                 << sql::Binding{u":d"_s + n,
                                 QString::fromUtf8(QJsonDocument(spec.detail).toJson(QJsonDocument::Compact))}
                 << sql::Binding{u":at"_s + n, nowMs};
    }
    auto q = sql::execCachedList(db, statement, bindings);
    if (!q)
        return tl::unexpected(q.error());
    return {};
}

} // namespace

Status applyInTransaction(const QSqlDatabase& db, const SqlDialect& dialect, qint64 nowMs, const TransitionSpec& spec)
{
    return applyManyInTransaction(db, dialect, nowMs, {spec});
}

Status applyManyInTransaction(const QSqlDatabase& db, const SqlDialect& dialect, qint64 nowMs,
                              const QList<TransitionSpec>& specs)
{
    for (const TransitionSpec& spec : specs) {
        if (auto s = checkAllowed(spec); !s)
            return s;
    }
    // Rounds: the k-th change of a row goes in round k, so one UPDATE never meets the same row twice and a row's
    // changes run in the order given. Within a round, one UPDATE per entity and set of extra columns.
    QHash<QPair<int, qint64>, int> changesOf;
    QList<QMap<QPair<int, QStringList>, QList<const TransitionSpec*>>> rounds;
    for (const TransitionSpec& spec : specs) {
        const int round = changesOf[qMakePair(int(spec.entity), spec.id)]++;
        if (round >= rounds.size())
            rounds.resize(round + 1);
        rounds[round][qMakePair(int(spec.entity), setColumns(spec))].append(&spec);
    }
    for (const auto& round : rounds) {
        for (const auto& group : round) {
            for (qsizetype from = 0; from < group.size(); from += kRowsPerStatement) {
                const auto part = group.mid(from, kRowsPerStatement);
                if (auto s = part.size() == 1 ? updateOne(db, nowMs, *part.constFirst()) : updateMany(db, nowMs, part); !s)
                    return s;
            }
        }
    }
    for (qsizetype from = 0; from < specs.size(); from += kRowsPerStatement) {
        if (auto s = insertHistory(db, nowMs, specs, from, qMin(kRowsPerStatement, specs.size() - from)); !s)
            return s;
    }
    QList<FeedEvent> events;
    for (const TransitionSpec& spec : specs) {
        const QString type = domain::entityTypeName(spec.entity);
        const FeedEvent event{0, type + u".status"_s, type, spec.id,
                              QJsonObject{{u"from"_s, spec.from}, {u"to"_s, spec.to}, {u"cause"_s, spec.cause},
                                          {u"actor"_s, spec.actor}},
                              nowMs};
        // At the end of the transaction if its owner holds the event head back (see DeferredHeads).
        if (!DeferredHeads::defer(db, dialect, event))
            events << event;
    }
    if (!events.isEmpty()) {
        auto appended = EventFeed::appendMany(db, dialect, events);
        if (!appended)
            return tl::unexpected(appended.error());
    }
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
