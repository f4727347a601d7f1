#include "core/service/NotificationRows.h"

#include <QJsonDocument>
#include <QJsonObject>

#include "core/store/Sql.h"

using namespace Qt::StringLiterals;

namespace paydesk::notification_rows {

const QString kAccepted = u"accepted"_s;
const QString kDuplicate = u"duplicate"_s;
const QString kRejected = u"rejected"_s;

namespace {

/// Ids per look-up: a bounded set of statement texts for the per-connection statement cache.
constexpr qsizetype kIdsPerStatement = 16;

const QString kConflict = u" ON CONFLICT (channel, notification_id) WHERE verdict = 'accepted' DO NOTHING"_s;

QString outTradeNoOf(const ChannelNotification* n)
{
    if (!n)
        return {};
    if (n->trade)
        return n->trade->outTradeNo;
    if (n->refund)
        return n->refund->outTradeNo;
    return {};
}

/// The VALUES tuple of one row and its bindings.
QString values(const Row& row, QList<sql::Binding>* bindings)
{
    *bindings << sql::Binding { u":channel"_s, channelKindName(row.kind) }
              << sql::Binding { u":nid"_s, sql::nullableString(row.parsed ? row.parsed->notificationId : QString()) }
              << sql::Binding { u":verdict"_s, row.verdict } << sql::Binding { u":reason"_s, row.reason }
              << sql::Binding { u":event"_s, row.parsed ? row.parsed->eventType : QString() }
              << sql::Binding { u":no"_s, sql::nullableString(outTradeNoOf(row.parsed)) }
              << sql::Binding { u":payment"_s, sql::nullableInt(row.paymentId, row.paymentId == 0) }
              << sql::Binding { u":headers"_s, row.headers.isEmpty() ? headersJson(*row.request) : row.headers }
              << sql::Binding { u":body"_s, row.request->body.isNull() ? QByteArray("") : row.request->body }
              << sql::Binding { u":at"_s, row.nowMs };
    return u"(:channel, :nid, :verdict, :reason, :event, :no, :payment, :headers, :body, :at)"_s;
}

const QString kInsert = u"INSERT INTO notifications (channel, notification_id, verdict, reason, event_type, "
                        u"out_trade_no, payment_id, headers, body, received_at) VALUES "_s;

} // namespace

QString headersJson(const InboundHttp& request)
{
    QJsonObject o;
    for (auto it = request.headers.cbegin(); it != request.headers.cend(); ++it)
        o.insert(QString::fromLatin1(it.key()), QString::fromUtf8(it.value()));
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

Result<qint64> insert(const QSqlDatabase& db, const Row& row)
{
    // The conflict clause names the partial index of accepted rows, so it can only skip an accepted row.
    const bool pg = db.driverName() == u"QPSQL"_s;
    QList<sql::Binding> bindings;
    const QString statement = kInsert + values(row, &bindings) + (pg ? kConflict : QString()) + u" RETURNING id"_s;
    auto q = sql::execCachedList(db, statement, bindings);
    if (!q)
        return tl::unexpected(q.error());
    if (!q->next()) {
        if (pg && row.verdict == kAccepted)
            return qint64(0);
        return fail(ErrorCode::DbError, u"notification insert returned no id"_s);
    }
    const qint64 id = q->value(0).toLongLong();
    q->finish();
    return id;
}

Result<bool> alreadyAccepted(const QSqlDatabase& db, ChannelKind kind, const QString& notificationId)
{
    auto seen = acceptedAmong(db, kind, { notificationId });
    if (!seen)
        return tl::unexpected(seen.error());
    return !seen->isEmpty();
}

Result<QSet<QString>> acceptedAmong(const QSqlDatabase& db, ChannelKind kind, const QStringList& ids)
{
    const bool pg = db.driverName() == u"QPSQL"_s;
    QSet<QString> seen;
    for (qsizetype from = 0; from < ids.size(); from += kIdsPerStatement) {
        const qsizetype count = qMin(kIdsPerStatement, ids.size() - from);
        QString list;
        QList<sql::Binding> bindings { { u":channel"_s, channelKindName(kind) } };
        for (qsizetype i = 0; i < count; ++i) {
            const QString param = u":nid"_s + QString::number(i);
            list += (i ? u", "_s : QString()) + (pg ? u"(CAST("_s + param + u" AS TEXT))"_s : param);
            bindings << sql::Binding { param, ids[from + i] };
        }
        // PostgreSQL: one probe of the partial unique index per id. Written as "notification_id IN (...)" its planner
        // uses only the index's first column (channel) and filters every accepted row of the channel.
        const QString statement = pg
            ? QString(u"SELECT v.column1 FROM (VALUES "_s + list
                + u") AS v CROSS JOIN LATERAL (SELECT 1 FROM notifications n WHERE n.channel = "
                  u"CAST(:channel AS TEXT) AND n.verdict = 'accepted' AND n.notification_id = v.column1 LIMIT 1) "
                  u"AS hit"_s)
            : QString(u"SELECT notification_id FROM notifications WHERE channel = :channel AND verdict = 'accepted' "
                      u"AND notification_id IN ("_s
                + list + u')');
        auto q = sql::execCachedList(db, statement, bindings);
        if (!q)
            return tl::unexpected(q.error());
        while (q->next())
            seen.insert(q->value(0).toString());
        q->finish();
    }
    return seen;
}

} // namespace paydesk::notification_rows
