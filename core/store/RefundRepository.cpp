#include "core/store/RefundRepository.h"

#include <QSqlQuery>

#include "core/store/Database.h"
#include "core/store/Sql.h"

using namespace Qt::StringLiterals;

namespace paydesk {

namespace {

const QString kColumns = u"id, out_refund_no, payment_id, status, amount_minor, currency, reason_code, reason_text, "
                         u"request_key, channel_refund_id, requested_by, approved_by, failure_code, failure_detail, "
                         u"version, created_at, updated_at, next_check_at, check_attempts"_s;

Result<Refund> fromRow(const QSqlQuery& q)
{
    Refund r;
    r.id = q.value(0).toLongLong();
    r.outRefundNo = q.value(1).toString();
    r.paymentId = q.value(2).toLongLong();
    const auto status = domain::refundStatusFromName(q.value(3).toString());
    if (!status)
        return fail(ErrorCode::DbError, u"refund %1 has unknown status %2"_s.arg(r.id).arg(q.value(3).toString()));
    r.status = *status;
    auto currency = Currency::fromCode(q.value(5).toString().trimmed());
    if (!currency)
        return tl::unexpected(currency.error());
    r.amount = Money(q.value(4).toLongLong(), *currency);
    r.reasonCode = q.value(6).toString();
    r.reasonText = q.value(7).toString();
    r.requestKey = q.value(8).toString();
    r.channelRefundId = q.value(9).toString();
    r.requestedBy = q.value(10).toLongLong();
    r.approvedBy = q.value(11).toLongLong();
    r.failureCode = q.value(12).toString();
    r.failureDetail = q.value(13).toString();
    r.version = q.value(14).toLongLong();
    r.createdAtMs = q.value(15).toLongLong();
    r.updatedAtMs = q.value(16).toLongLong();
    r.nextCheckAtMs = q.value(17).toLongLong();
    r.checkAttempts = q.value(18).toInt();
    return r;
}

Result<QList<Refund>> many(Result<QSqlQuery> q)
{
    if (!q)
        return tl::unexpected(q.error());
    QList<Refund> out;
    while (q->next()) {
        auto r = fromRow(*q);
        if (!r)
            return tl::unexpected(r.error());
        out << *r;
    }
    return out;
}

Result<Refund> loadOne(
    const QSqlDatabase& db, const QString& where, const sql::Binding& key, const QString& lock, const QString& what)
{
    auto q = sql::exec(db, u"SELECT "_s + kColumns + u" FROM refunds WHERE "_s + where + lock, { key });
    if (!q)
        return tl::unexpected(q.error());
    if (!q->next())
        return fail(ErrorCode::NotFound, u"no refund %1"_s.arg(what));
    return fromRow(*q);
}

} // namespace

RefundRepository::RefundRepository(const Database& database)
    : m_database(database)
{
}

Result<Refund> RefundRepository::find(qint64 id) const
{
    auto db = m_database.connection();
    if (!db)
        return tl::unexpected(db.error());
    return load(*db, m_database.dialect(), id, false);
}

Result<QList<Refund>> RefundRepository::forPayment(qint64 paymentId) const
{
    auto db = m_database.connection();
    if (!db)
        return tl::unexpected(db.error());
    return many(sql::exec(*db,
        u"SELECT "_s + kColumns + u" FROM refunds WHERE payment_id = :p ORDER BY id"_s,
        { { u":p"_s, paymentId } }));
}

Result<Refund> RefundRepository::load(const QSqlDatabase& db, const SqlDialect& dialect, qint64 id, bool lock)
{
    return loadOne(db, u"id = :id"_s, { u":id"_s, id }, lock ? dialect.forUpdate() : QString(), u"id %1"_s.arg(id));
}

Result<Refund> RefundRepository::loadByOutRefundNo(
    const QSqlDatabase& db, const SqlDialect& dialect, const QString& outRefundNo, bool lock)
{
    return loadOne(db,
        u"out_refund_no = :no"_s,
        { u":no"_s, outRefundNo },
        lock ? dialect.forUpdate() : QString(),
        u"with out_refund_no %1"_s.arg(outRefundNo));
}

Result<std::optional<Refund>> RefundRepository::loadByRequestKey(const QSqlDatabase& db, const QString& key)
{
    auto q = sql::exec(db, u"SELECT "_s + kColumns + u" FROM refunds WHERE request_key = :k"_s, { { u":k"_s, key } });
    if (!q)
        return tl::unexpected(q.error());
    if (!q->next())
        return std::optional<Refund>();
    auto r = fromRow(*q);
    if (!r)
        return tl::unexpected(r.error());
    return std::optional<Refund>(*r);
}

Result<qint64> RefundRepository::requestedSince(const QSqlDatabase& db, qint64 userId, qint64 sinceMs)
{
    auto q = sql::exec(db,
        u"SELECT COALESCE(SUM(amount_minor), 0) FROM refunds WHERE requested_by = :user "
        u"AND created_at >= :since AND status <> 'FAILED'"_s,
        { { u":user"_s, userId }, { u":since"_s, sinceMs } });
    if (!q)
        return tl::unexpected(q.error());
    if (!q->next())
        return fail(ErrorCode::DbError, u"refund sum returned no row"_s);
    return q->value(0).toLongLong();
}

Result<qint64> RefundRepository::insert(const QSqlDatabase& db, const Refund& r)
{
    auto q = sql::exec(db,
        u"INSERT INTO refunds (out_refund_no, payment_id, status, amount_minor, currency, reason_code, "
        u"reason_text, request_key, requested_by, created_at, updated_at) VALUES (:no, :payment, "
        u":status, :amount, :currency, :code, :text, :key, :by, :created, :updated) RETURNING id"_s,
        { { u":no"_s, r.outRefundNo },
            { u":payment"_s, r.paymentId },
            { u":status"_s, statusName(r.status) },
            { u":amount"_s, r.amount.minorUnits() },
            { u":currency"_s, r.amount.currency().code() },
            { u":code"_s, r.reasonCode },
            { u":text"_s, r.reasonText },
            { u":key"_s, sql::nullableString(r.requestKey) },
            { u":by"_s, r.requestedBy },
            { u":created"_s, r.createdAtMs },
            { u":updated"_s, r.updatedAtMs } });
    if (!q)
        return tl::unexpected(q.error());
    if (!q->next())
        return fail(ErrorCode::DbError, u"insert refund returned no id"_s);
    return q->value(0).toLongLong();
}

Result<QList<Refund>> RefundRepository::due(
    const QSqlDatabase& db, domain::RefundStatus status, qint64 nowMs, int limit)
{
    return many(sql::exec(db,
        u"SELECT "_s + kColumns
            + u" FROM refunds WHERE status = :status AND (next_check_at IS NULL "
              u"OR next_check_at <= :now) ORDER BY id LIMIT :limit"_s,
        { { u":status"_s, statusName(status) }, { u":now"_s, nowMs }, { u":limit"_s, limit } }));
}

Status RefundRepository::scheduleCheck(const QSqlDatabase& db, qint64 id, qint64 nextAtMs, int attempts)
{
    auto q = sql::exec(db,
        u"UPDATE refunds SET next_check_at = :next, check_attempts = :attempts WHERE id = :id"_s,
        { { u":next"_s, nextAtMs }, { u":attempts"_s, attempts }, { u":id"_s, id } });
    if (!q)
        return tl::unexpected(q.error());
    return {};
}

} // namespace paydesk
