#include "core/store/EventFeed.h"

#include "core/store/Sql.h"
#include "core/store/SqlDialect.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace paydesk::EventFeed {

Result<qint64> append(const QSqlDatabase& db, const SqlDialect& dialect, const QString& kind, const QString& entityType,
                      qint64 entityId, const QJsonObject& payload, qint64 nowMs)
{
    const QString payloadText = QString::fromUtf8(QJsonDocument(payload).toJson(QJsonDocument::Compact));
    if (dialect.engine() == DbEngine::Postgres) {
        // One round trip: take the next seq (the counter row stays locked until commit, which keeps the sequence
        // gapless and in commit order), insert the event and NOTIFY listeners (delivered at commit).
        auto q = sql::execCached(
            db,
            u"WITH c AS (UPDATE event_counter SET last_seq = last_seq + 1 WHERE id = 1 RETURNING last_seq), "
            u"i AS (INSERT INTO events (seq, kind, entity_type, entity_id, payload, created_at) "
            u"SELECT last_seq, CAST(:kind AS TEXT), CAST(:type AS TEXT), CAST(:id AS BIGINT), CAST(:payload AS TEXT), "
            u"CAST(:now AS BIGINT) FROM c RETURNING seq) "
            u"SELECT seq, pg_notify(CAST(:channel AS TEXT), CAST(seq AS TEXT)) FROM i"_s,
            {{u":kind"_s, kind},
             {u":type"_s, entityType},
             {u":id"_s, entityId},
             {u":payload"_s, payloadText},
             {u":now"_s, nowMs},
             {u":channel"_s, QString::fromLatin1(kChannel)}});
        if (!q)
            return tl::unexpected(q.error());
        if (!q->next())
            return fail(ErrorCode::DbError, u"event_counter row missing"_s);
        const qint64 seq = q->value(0).toLongLong();
        q->finish();
        return seq;
    }
    auto counter = sql::exec(db, u"UPDATE event_counter SET last_seq = last_seq + 1 WHERE id = 1 RETURNING last_seq"_s);
    if (!counter)
        return tl::unexpected(counter.error());
    if (!counter->next())
        return fail(ErrorCode::DbError, u"event_counter row missing"_s);
    const qint64 seq = counter->value(0).toLongLong();
    counter->finish();
    auto insert = sql::exec(db,
                            u"INSERT INTO events (seq, kind, entity_type, entity_id, payload, created_at) "
                            u"VALUES (:seq, :kind, :type, :id, :payload, :now)"_s,
                            {{u":seq"_s, seq},
                             {u":kind"_s, kind},
                             {u":type"_s, entityType},
                             {u":id"_s, entityId},
                             {u":payload"_s, payloadText},
                             {u":now"_s, nowMs}});
    if (!insert)
        return tl::unexpected(insert.error());
    return seq;
}

Result<QList<FeedEvent>> readAfter(const QSqlDatabase& db, qint64 afterSeq, int limit)
{
    auto q = sql::exec(db,
                       u"SELECT seq, kind, entity_type, entity_id, payload, created_at FROM events "
                       u"WHERE seq > :after ORDER BY seq LIMIT :limit"_s,
                       {{u":after"_s, afterSeq}, {u":limit"_s, limit}});
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
