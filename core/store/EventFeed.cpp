#include "core/store/EventFeed.h"

#include <QJsonDocument>

#include "core/store/Sql.h"
#include "core/store/SqlDialect.h"

using namespace Qt::StringLiterals;

namespace paydesk::EventFeed {

namespace {

/// Events per statement: a bounded set of statement texts for the per-connection statement cache.
constexpr qsizetype kRowsPerStatement = 16;

QString compact(const QJsonObject& o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

/// events[from, from + count) in one statement on PostgreSQL: take `count` sequence numbers (the counter row stays
/// locked until commit, which keeps the sequence gapless and in commit order), insert the rows and queue one NOTIFY
/// (delivered at commit; listeners read "after N", so one wake-up covers them all). Returns the last seq.
Result<qint64> appendPg(const QSqlDatabase& db, const QList<FeedEvent>& events, qsizetype from, qsizetype count)
{
    sql::Statement st = buildPgCtes(events.mid(from, count), u"e"_s, u"c"_s, u"i"_s);
    st.bindings << sql::Binding { u":channel"_s, QString::fromLatin1(EventFeed::kChannel) };
    auto q = sql::execCachedList(db,
        u"WITH "_s + st.text
            + u" SELECT m, pg_notify(CAST(:channel AS TEXT), CAST(m AS TEXT)) FROM (SELECT max(seq) AS m FROM i) AS x"_s,
        st.bindings);
    if (!q)
        return tl::unexpected(q.error());
    if (!q->next() || q->value(0).isNull())
        return fail(ErrorCode::DbError, u"event_counter row missing"_s);
    const qint64 seq = q->value(0).toLongLong();
    q->finish();
    return seq;
}

Result<qint64> appendSqlite(const QSqlDatabase& db, const QList<FeedEvent>& events, qsizetype from, qsizetype count)
{
    auto counter = sql::exec(db,
        u"UPDATE event_counter SET last_seq = last_seq + :n WHERE id = 1 RETURNING last_seq"_s,
        { { u":n"_s, qint64(count) } });
    if (!counter)
        return tl::unexpected(counter.error());
    if (!counter->next())
        return fail(ErrorCode::DbError, u"event_counter row missing"_s);
    const qint64 last = counter->value(0).toLongLong();
    counter->finish();
    QString statement = u"INSERT INTO events (seq, kind, entity_type, entity_id, payload, created_at) VALUES "_s;
    QList<sql::Binding> bindings;
    for (qsizetype i = 0; i < count; ++i) {
        const FeedEvent& e = events[from + i];
        const QString n = QString::number(i);
        statement += (i ? u", (:s"_s : u"(:s"_s) + n + u", :k"_s + n + u", :t"_s + n + u", :e"_s + n + u", :p"_s + n
            + u", :a"_s + n + u')';
        bindings << sql::Binding { u":s"_s + n, last - count + 1 + i } << sql::Binding { u":k"_s + n, e.kind }
                 << sql::Binding { u":t"_s + n, e.entityType } << sql::Binding { u":e"_s + n, e.entityId }
                 << sql::Binding { u":p"_s + n, compact(e.payload) } << sql::Binding { u":a"_s + n, e.createdAtMs };
    }
    auto insert = sql::execList(db, statement, bindings);
    if (!insert)
        return tl::unexpected(insert.error());
    return last;
}

} // namespace

sql::Statement buildPgCtes(
    const QList<FeedEvent>& events, const QString& prefix, const QString& counter, const QString& inserted)
{
    const QString p = u":"_s + prefix;
    const qint64 count = events.size();
    sql::Statement st;
    QString rows;
    st.bindings << sql::Binding { p + u"n"_s, count } << sql::Binding { p + u"n2"_s, count };
    for (qsizetype i = 0; i < events.size(); ++i) {
        const FeedEvent& e = events[i];
        const QString n = QString::number(i);
        rows += (i ? u", (CAST("_s : u"(CAST("_s) + p + u"o"_s + n + u" AS BIGINT), CAST("_s + p + u"k"_s + n
            + u" AS TEXT), CAST("_s + p + u"t"_s + n + u" AS TEXT), CAST("_s + p + u"e"_s + n + u" AS BIGINT), CAST("_s
            + p + u"p"_s + n + u" AS TEXT), CAST("_s + p + u"a"_s + n + u" AS BIGINT))"_s;
        st.bindings << sql::Binding { p + u"o"_s + n, qint64(i + 1) } << sql::Binding { p + u"k"_s + n, e.kind }
                    << sql::Binding { p + u"t"_s + n, e.entityType } << sql::Binding { p + u"e"_s + n, e.entityId }
                    << sql::Binding { p + u"p"_s + n, compact(e.payload) }
                    << sql::Binding { p + u"a"_s + n, e.createdAtMs };
    }
    st.text = counter + u" AS (UPDATE event_counter SET last_seq = last_seq + CAST("_s + p
        + u"n AS BIGINT) WHERE id = 1 RETURNING last_seq), "_s + inserted
        + u" AS (INSERT INTO events (seq, kind, entity_type, entity_id, payload, created_at) SELECT "_s + counter
        + u".last_seq - CAST("_s + p
        + u"n2 AS BIGINT) + v.column1, v.column2, v.column3, v.column4, v.column5, "
          u"v.column6 FROM "_s
        + counter + u", (VALUES "_s + rows + u") AS v RETURNING seq)"_s;
    return st;
}

Result<qint64> append(const QSqlDatabase& db,
    const SqlDialect& dialect,
    const QString& kind,
    const QString& entityType,
    qint64 entityId,
    const QJsonObject& payload,
    qint64 nowMs)
{
    return appendMany(db, dialect, { FeedEvent { 0, kind, entityType, entityId, payload, nowMs } });
}

Result<qint64> appendMany(const QSqlDatabase& db, const SqlDialect& dialect, const QList<FeedEvent>& events)
{
    if (events.isEmpty())
        return fail(ErrorCode::InvalidArgument, u"no events to append"_s);
    const bool pg = dialect.engine() == DbEngine::Postgres;
    qint64 last = 0;
    for (qsizetype from = 0; from < events.size(); from += kRowsPerStatement) {
        const qsizetype count = qMin(kRowsPerStatement, events.size() - from);
        auto seq = pg ? appendPg(db, events, from, count) : appendSqlite(db, events, from, count);
        if (!seq)
            return seq;
        last = *seq;
    }
    return last;
}

Result<QList<FeedEvent>> readAfter(const QSqlDatabase& db, qint64 afterSeq, int limit)
{
    auto q = sql::exec(db,
        u"SELECT seq, kind, entity_type, entity_id, payload, created_at FROM events "
        u"WHERE seq > :after ORDER BY seq LIMIT :limit"_s,
        { { u":after"_s, afterSeq }, { u":limit"_s, limit } });
    if (!q)
        return tl::unexpected(q.error());
    QList<FeedEvent> out;
    while (q->next()) {
        FeedEvent e;
        e.seq = q->value(0).toLongLong();
        e.kind = q->value(1).toString();
        e.entityType = q->value(2).toString();
        e.entityId = q->value(3).toLongLong();
        e.payload = QJsonDocument::fromJson(q->value(4).toString().toUtf8()).object();
        e.createdAtMs = q->value(5).toLongLong();
        out << e;
    }
    return out;
}

Result<qint64> latestSeq(const QSqlDatabase& db)
{
    auto q = sql::exec(db, u"SELECT last_seq FROM event_counter WHERE id = 1"_s);
    if (!q)
        return tl::unexpected(q.error());
    return q->next() ? q->value(0).toLongLong() : 0;
}

} // namespace paydesk::EventFeed
