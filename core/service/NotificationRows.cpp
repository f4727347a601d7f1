#include "core/service/NotificationRows.h"

#include "core/store/Sql.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace paydesk::notification_rows {

const QString kAccepted = u"accepted"_s;
const QString kDuplicate = u"duplicate"_s;
const QString kRejected = u"rejected"_s;

namespace {

/// Rows per statement: a bounded set of statement texts for the per-connection statement cache.
constexpr qsizetype kRowsPerStatement = 16;

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

/// "(:channel0, :nid0, ...)" (after the prefix) and its bindings for row `i` of a statement.
QString values(const Row& row, qsizetype i, const QString& prefix, QList<sql::Binding>* bindings)
{
    const QString n = QString::number(i);
    const QString p = u":"_s + prefix;
    *bindings << sql::Binding{p + u"channel"_s + n, channelKindName(row.kind)}
              << sql::Binding{p + u"nid"_s + n, sql::nullableString(row.parsed ? row.parsed->notificationId : QString())}
              << sql::Binding{p + u"verdict"_s + n, row.verdict} << sql::Binding{p + u"reason"_s + n, row.reason}
              << sql::Binding{p + u"event"_s + n, row.parsed ? row.parsed->eventType : QString()}
              << sql::Binding{p + u"no"_s + n, sql::nullableString(outTradeNoOf(row.parsed))}
              << sql::Binding{p + u"payment"_s + n, sql::nullableInt(row.paymentId, row.paymentId == 0)}
              << sql::Binding{p + u"headers"_s + n, row.headers.isEmpty() ? headersJson(*row.request) : row.headers}
              << sql::Binding{p + u"body"_s + n, row.request->body.isNull() ? QByteArray("") : row.request->body}
              << sql::Binding{p + u"at"_s + n, row.nowMs};
    return u"("_s + p + u"channel"_s + n + u", "_s + p + u"nid"_s + n + u", "_s + p + u"verdict"_s + n + u", "_s + p
        + u"reason"_s + n + u", "_s + p + u"event"_s + n + u", "_s + p + u"no"_s + n + u", "_s + p + u"payment"_s + n
        + u", "_s + p + u"headers"_s + n + u", "_s + p + u"body"_s + n + u", "_s + p + u"at"_s + n + u')';
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

sql::Statement buildInsertMany(const QList<Row>& rows, const QString& prefix, bool postgres)
{
    sql::Statement st{kInsert, {}};
    for (qsizetype i = 0; i < rows.size(); ++i)
        st.text += (i ? u", "_s : QString()) + values(rows[i], i, prefix, &st.bindings);
    // The conflict clause names the partial index of accepted rows, so only an accepted row can be skipped.
    st.text += (postgres ? kConflict : QString()) + u" RETURNING id"_s;
    return st;
}

Result<qint64> insert(const QSqlDatabase& db, const Row& row)
{
    // The conflict clause names the partial index of accepted rows, so it can only skip an accepted row.
    const bool pg = db.driverName() == u"QPSQL"_s;
    const sql::Statement st = buildInsertMany({row}, QString(), pg);
    auto q = sql::execCachedList(db, st.text, st.bindings);
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

Result<QList<qint64>> insertMany(const QSqlDatabase& db, const QList<Row>& rows)
{
    const bool pg = db.driverName() == u"QPSQL"_s;
    QList<qint64> ids;
    for (qsizetype from = 0; from < rows.size(); from += kRowsPerStatement) {
        const qsizetype count = qMin(kRowsPerStatement, rows.size() - from);
        const sql::Statement st = buildInsertMany(rows.mid(from, count), QString(), pg);
        const QString& statement = st.text;
        const QList<sql::Binding>& bindings = st.bindings;
        auto q = sql::execCachedList(db, statement, bindings);
        if (!q)
            return tl::unexpected(q.error());
        QList<qint64> part;
        while (q->next())
            part << q->value(0).toLongLong();
        q->finish();
        if (part.size() != count)
            return fail(ErrorCode::ConcurrentModification, u"a notification was accepted concurrently"_s);
        // Ids come from one sequence, drawn in VALUES order within the statement; RETURNING's order is not promised.
        std::sort(part.begin(), part.end());
        ids += part;
    }
    return ids;
}

Result<bool> alreadyAccepted(const QSqlDatabase& db, ChannelKind kind, const QString& notificationId)
{
    auto seen = acceptedAmong(db, kind, {notificationId});
    if (!seen)
        return tl::unexpected(seen.error());
    return !seen->isEmpty();
}

Result<QSet<QString>> acceptedAmong(const QSqlDatabase& db, ChannelKind kind, const QStringList& ids)
{
    const bool pg = db.driverName() == u"QPSQL"_s;
    QSet<QString> seen;
    for (qsizetype from = 0; from < ids.size(); from += kRowsPerStatement) {
        const qsizetype count = qMin(kRowsPerStatement, ids.size() - from);
        QString list;
        QList<sql::Binding> bindings{{u":channel"_s, channelKindName(kind)}};
        for (qsizetype i = 0; i < count; ++i) {
            const QString param = u":nid"_s + QString::number(i);
            list += (i ? u", "_s : QString()) + (pg ? u"(CAST("_s + param + u" AS TEXT))"_s : param);
            bindings << sql::Binding{param, ids[from + i]};
        }
        // PostgreSQL: one probe of the partial unique index per id. Written as "notification_id IN (...)" its planner
        // uses only the index's first column (channel) and filters every accepted row of the channel.
        const QString statement = pg
            ? QString(u"SELECT v.column1 FROM (VALUES "_s + list
                      + u") AS v CROSS JOIN LATERAL (SELECT 1 FROM notifications n WHERE n.channel = "
                        u"CAST(:channel AS TEXT) AND n.verdict = 'accepted' AND n.notification_id = v.column1 LIMIT 1) "
                        u"AS hit"_s)
            : QString(u"SELECT notification_id FROM notifications WHERE channel = :channel AND verdict = 'accepted' "
                      u"AND notification_id IN ("_s + list + u')');
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
