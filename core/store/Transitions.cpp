#include "core/store/Transitions.h"

#include <QJsonDocument>
#include <QMap>
#include <QSet>

#include "core/store/Database.h"
#include "core/store/DeferredHeads.h"
#include "core/store/EventFeed.h"
#include "core/store/Sql.h"
#include "core/store/SqlTransaction.h"
#include "core/util/Clock.h"

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
        return fail(
            ErrorCode::InvalidArgument, u"unknown %1 state %2 or %3"_s.arg(type, spec.from.name(), spec.to.name()));
    if (!machine.allows(spec.from, spec.to))
        return fail(ErrorCode::IllegalTransition,
            u"%1 %2: %3 -> %4 is not allowed"_s.arg(type).arg(spec.id).arg(spec.from.name(), spec.to.name()));
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
    QList<sql::Binding> bindings {
        { u":to"_s, spec.to.name() }, { u":now"_s, nowMs }, { u":id"_s, spec.id }, { u":from"_s, spec.from.name() }
    };
    for (qsizetype i = 0; i < spec.set.size(); ++i) {
        const QString param = u":set%1"_s.arg(i);
        statement += u", "_s + spec.set[i].first + u" = "_s + param;
        bindings << sql::Binding { param, spec.set[i].second };
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
        u"%1 %2 is %3, no longer %4"_s.arg(type).arg(spec.id).arg(now->name(), spec.from.name()));
}

/// The guarded UPDATE of one group's specs; it returns one row per row changed.
Status updateMany(const QSqlDatabase& db, qint64 nowMs, const QList<const TransitionSpec*>& specs)
{
    const sql::Statement statement = buildUpdateMany(nowMs, specs, u"u"_s);
    auto update = sql::execCachedList(db, statement.text, statement.bindings);
    if (!update)
        return tl::unexpected(update.error());
    qsizetype changed = 0;
    while (update->next())
        ++changed;
    if (changed != specs.size()) {
        return fail(ErrorCode::ConcurrentModification,
            u"%1 of %2 %3 rows were no longer in the state they were read in"_s.arg(specs.size() - changed)
                .arg(specs.size())
                .arg(domain::entityTypeName(specs.constFirst()->entity)));
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

Status insertHistory(
    const QSqlDatabase& db, qint64 nowMs, const QList<TransitionSpec>& specs, qsizetype from, qsizetype count)
{
    const sql::Statement statement = buildHistoryInsert(nowMs, specs.mid(from, count), u"h"_s);
    auto q = sql::execCachedList(db, statement.text, statement.bindings);
    if (!q)
        return tl::unexpected(q.error());
    return {};
}

/// A status column back to its state: DbError for a name the machine does not have (a row written by something
/// other than PayDesk, or a newer version).
Result<domain::State> stateFromColumn(EntityType entity, const QVariant& column)
{
    const QString name = column.toString();
    if (auto state = domain::State::fromName(entity, name))
        return *state;
    return fail(
        ErrorCode::DbError, u"unknown %1 state '%2' in the database"_s.arg(domain::entityTypeName(entity), name));
}

} // namespace

sql::Statement buildUpdateMany(qint64 nowMs, const QList<const TransitionSpec*>& specs, const QString& prefix)
{
    const TransitionSpec& first = *specs.constFirst();
    const QString table = domain::entityTable(first.entity);
    const QString p = u":"_s + prefix;
    sql::Statement st;
    st.text = u"UPDATE "_s + table + u" SET status = v.column2, version = version + 1, updated_at = "_s + p + u"now"_s;
    for (qsizetype c = 0; c < first.set.size(); ++c)
        st.text += u", "_s + first.set[c].first + u" = v.column"_s + QString::number(4 + c);
    st.text += u" FROM (VALUES "_s;
    st.bindings << sql::Binding { p + u"now"_s, nowMs };
    for (qsizetype r = 0; r < specs.size(); ++r) {
        const TransitionSpec& spec = *specs[r];
        const QString n = QString::number(r);
        st.text += (r ? u", (CAST("_s : u"(CAST("_s) + p + u"i"_s + n + u" AS BIGINT), CAST("_s + p + u"t"_s + n
            + u" AS TEXT), CAST("_s + p + u"f"_s + n + u" AS TEXT)"_s;
        st.bindings << sql::Binding { p + u"i"_s + n, spec.id } << sql::Binding { p + u"t"_s + n, spec.to.name() }
                    << sql::Binding { p + u"f"_s + n, spec.from.name() };
        for (qsizetype c = 0; c < spec.set.size(); ++c) {
            const QString param = p + u"s"_s + n + u'_' + QString::number(c);
            st.text += u", CAST("_s + param + u" AS "_s + castType(first.set[c].second) + u')';
            st.bindings << sql::Binding { param, spec.set[c].second };
        }
        st.text += u')';
    }
    st.text += u") AS v WHERE "_s + table + u".id = v.column1 AND "_s + table + u".status = v.column3 RETURNING "_s
        + table + u".id"_s;
    return st;
}

sql::Statement buildHistoryInsert(qint64 nowMs, const QList<TransitionSpec>& specs, const QString& prefix)
{
    const QString p = u":"_s + prefix;
    sql::Statement st;
    st.text = u"INSERT INTO state_history (entity_type, entity_id, from_status, to_status, cause, actor, detail, "
              u"created_at) VALUES "_s;
    for (qsizetype r = 0; r < specs.size(); ++r) {
        const TransitionSpec& spec = specs[r];
        const QString n = QString::number(r);
        st.text += (r ? u", ("_s : u"("_s) + p + u"ty"_s + n + u", "_s + p + u"id"_s + n + u", "_s + p + u"f"_s + n
            + u", "_s + p + u"t"_s + n + u", "_s + p + u"c"_s + n + u", "_s + p + u"a"_s + n + u", "_s + p + u"d"_s + n
            + u", "_s + p + u"at"_s + n + u')';
        st.bindings << sql::Binding { p + u"ty"_s + n, domain::entityTypeName(spec.entity) }
                    << sql::Binding { p + u"id"_s + n, spec.id } << sql::Binding { p + u"f"_s + n, spec.from.name() }
                    << sql::Binding { p + u"t"_s + n, spec.to.name() } << sql::Binding { p + u"c"_s + n, spec.cause }
                    << sql::Binding { p + u"a"_s + n, spec.actor }
                    << sql::Binding { p + u"d"_s + n,
                           QString::fromUtf8(QJsonDocument(spec.detail).toJson(QJsonDocument::Compact)) }
                    << sql::Binding { p + u"at"_s + n, nowMs };
    }
    return st;
}

QList<FeedEvent> statusEvents(const QList<TransitionSpec>& specs, qint64 nowMs)
{
    QList<FeedEvent> events;
    for (const TransitionSpec& spec : specs) {
        const QString type = domain::entityTypeName(spec.entity);
        events << FeedEvent { 0,
            type + u".status"_s,
            type,
            spec.id,
            QJsonObject { { u"from"_s, spec.from.name() },
                { u"to"_s, spec.to.name() },
                { u"cause"_s, spec.cause },
                { u"actor"_s, spec.actor } },
            nowMs };
    }
    return events;
}

QList<QList<QList<const TransitionSpec*>>> updateRounds(const QList<TransitionSpec>& specs)
{
    // The k-th change of a row goes in round k, so one UPDATE never meets the same row twice and a row's changes
    // run in the order given. Within a round, one group per entity and set of extra columns.
    QHash<QPair<int, qint64>, int> changesOf;
    QList<QMap<QPair<int, QStringList>, QList<const TransitionSpec*>>> rounds;
    for (const TransitionSpec& spec : specs) {
        const int round = changesOf[qMakePair(int(spec.entity), spec.id)]++;
        if (round >= rounds.size())
            rounds.resize(round + 1);
        rounds[round][qMakePair(int(spec.entity), setColumns(spec))].append(&spec);
    }
    QList<QList<QList<const TransitionSpec*>>> out;
    for (const auto& round : std::as_const(rounds))
        out.append(round.values());
    return out;
}

Status checkAll(const QList<TransitionSpec>& specs)
{
    for (const TransitionSpec& spec : specs) {
        if (auto s = checkAllowed(spec); !s)
            return s;
    }
    return {};
}

Status applyInTransaction(const QSqlDatabase& db, const SqlDialect& dialect, qint64 nowMs, const TransitionSpec& spec)
{
    return applyManyInTransaction(db, dialect, nowMs, { spec });
}

Status applyManyInTransaction(
    const QSqlDatabase& db, const SqlDialect& dialect, qint64 nowMs, const QList<TransitionSpec>& specs)
{
    if (auto s = checkAll(specs); !s)
        return s;
    for (const auto& round : updateRounds(specs)) {
        for (const auto& group : round) {
            for (qsizetype from = 0; from < group.size(); from += kRowsPerStatement) {
                const auto part = group.mid(from, kRowsPerStatement);
                if (auto s = part.size() == 1 ? updateOne(db, nowMs, *part.constFirst()) : updateMany(db, nowMs, part);
                    !s)
                    return s;
            }
        }
    }
    for (qsizetype from = 0; from < specs.size(); from += kRowsPerStatement) {
        if (auto s = insertHistory(db, nowMs, specs, from, qMin(kRowsPerStatement, specs.size() - from)); !s)
            return s;
    }
    QList<FeedEvent> events;
    for (const FeedEvent& event : statusEvents(specs, nowMs)) {
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

Result<domain::State> currentStatus(const QSqlDatabase& db, EntityType entity, qint64 id)
{
    auto q = sql::exec(
        db, u"SELECT status FROM "_s + domain::entityTable(entity) + u" WHERE id = :id"_s, { { u":id"_s, id } });
    if (!q)
        return tl::unexpected(q.error());
    if (!q->next())
        return fail(ErrorCode::NotFound, u"%1 %2 does not exist"_s.arg(domain::entityTypeName(entity)).arg(id));
    return stateFromColumn(entity, q->value(0));
}

Result<QList<HistoryRow>> history(const QSqlDatabase& db, EntityType entity, qint64 id)
{
    auto q = sql::exec(db,
        u"SELECT id, from_status, to_status, cause, actor, detail, created_at FROM state_history "
        u"WHERE entity_type = :type AND entity_id = :id ORDER BY id"_s,
        { { u":type"_s, domain::entityTypeName(entity) }, { u":id"_s, id } });
    if (!q)
        return tl::unexpected(q.error());
    QList<HistoryRow> out;
    while (q->next()) {
        HistoryRow r;
        r.id = q->value(0).toLongLong();
        auto from = stateFromColumn(entity, q->value(1));
        auto to = stateFromColumn(entity, q->value(2));
        if (!from)
            return tl::unexpected(from.error());
        if (!to)
            return tl::unexpected(to.error());
        r.from = *from;
        r.to = *to;
        r.cause = q->value(3).toString();
        r.actor = q->value(4).toString();
        r.detail = QJsonDocument::fromJson(q->value(5).toString().toUtf8()).object();
        r.atMs = q->value(6).toLongLong();
        out << r;
    }
    return out;
}

} // namespace paydesk::Transitions
