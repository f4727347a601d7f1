#include "core/store/PaymentRepository.h"

#include <QSqlQuery>

#include "core/domain/StateMachine.h"
#include "core/store/Database.h"
#include "core/store/Sql.h"

using namespace Qt::StringLiterals;

namespace paydesk {

namespace {

const QString kColumns = u"id, out_trade_no, channel, status, amount_minor, currency, refunded_minor, reserved_minor, "
                         u"idempotency_key, request_hash, description, merchant_id, app_id, code_url, expires_at, "
                         u"channel_txn_id, paid_at, failure_code, failure_detail, cashier_id, terminal, version, "
                         u"created_at, updated_at, next_check_at, check_attempts"_s;

Result<Payment> fromRow(const QSqlQuery& q, int at = 0)
{
    Payment p;
    p.id = q.value(at + 0).toLongLong();
    p.outTradeNo = q.value(at + 1).toString();
    const auto kind = channelKindFromName(q.value(at + 2).toString());
    if (!kind)
        return fail(
            ErrorCode::DbError, u"payment %1 has unknown channel %2"_s.arg(p.id).arg(q.value(at + 2).toString()));
    p.channel = *kind;
    const auto status = domain::paymentStatusFromName(q.value(at + 3).toString());
    if (!status)
        return fail(
            ErrorCode::DbError, u"payment %1 has unknown status %2"_s.arg(p.id).arg(q.value(at + 3).toString()));
    p.status = *status;
    auto currency = Currency::fromCode(q.value(at + 5).toString().trimmed());
    if (!currency)
        return tl::unexpected(currency.error());
    p.amount = Money(q.value(at + 4).toLongLong(), *currency);
    p.refundedMinor = q.value(at + 6).toLongLong();
    p.reservedMinor = q.value(at + 7).toLongLong();
    p.idempotencyKey = q.value(at + 8).toString();
    p.requestHash = q.value(at + 9).toString();
    p.description = q.value(at + 10).toString();
    p.merchantId = q.value(at + 11).toString();
    p.appId = q.value(at + 12).toString();
    p.codeUrl = q.value(at + 13).toString();
    p.expiresAtMs = q.value(at + 14).toLongLong();
    p.channelTxnId = q.value(at + 15).toString();
    p.paidAtMs = q.value(at + 16).toLongLong();
    p.failureCode = q.value(at + 17).toString();
    p.failureDetail = q.value(at + 18).toString();
    p.cashierId = q.value(at + 19).toLongLong();
    p.terminal = q.value(at + 20).toString();
    p.version = q.value(at + 21).toLongLong();
    p.createdAtMs = q.value(at + 22).toLongLong();
    p.updatedAtMs = q.value(at + 23).toLongLong();
    p.nextCheckAtMs = q.value(at + 24).toLongLong();
    p.checkAttempts = q.value(at + 25).toInt();
    return p;
}

Result<QList<Payment>> allRows(QSqlQuery& q)
{
    QList<Payment> out;
    while (q.next()) {
        auto p = fromRow(q);
        if (!p)
            return tl::unexpected(p.error());
        out << *p;
    }
    return out;
}

Result<Payment> loadOne(
    const QSqlDatabase& db, const QString& where, const sql::Binding& key, const QString& lock, const QString& what)
{
    // Cached: the one row is read at once, and this runs for every notification and query.
    auto q = sql::execCached(db, u"SELECT "_s + kColumns + u" FROM payments WHERE "_s + where + lock, { key });
    if (!q)
        return tl::unexpected(q.error());
    if (!q->next())
        return fail(ErrorCode::NotFound, u"no payment %1"_s.arg(what));
    return fromRow(q->query());
}

} // namespace

PaymentRepository::PaymentRepository(const Database& database)
    : m_database(database)
{
}

Result<Payment> PaymentRepository::find(qint64 id) const
{
    auto db = m_database.connection();
    if (!db)
        return tl::unexpected(db.error());
    return load(*db, m_database.dialect(), id, false);
}

Result<Payment> PaymentRepository::findByOutTradeNo(const QString& outTradeNo) const
{
    auto db = m_database.connection();
    if (!db)
        return tl::unexpected(db.error());
    return loadByOutTradeNo(*db, m_database.dialect(), outTradeNo, false);
}

Result<Payment> PaymentRepository::load(const QSqlDatabase& db, const SqlDialect& dialect, qint64 id, bool lock)
{
    return loadOne(db, u"id = :id"_s, { u":id"_s, id }, lock ? dialect.forUpdate() : QString(), u"id %1"_s.arg(id));
}

Result<Payment> PaymentRepository::loadByOutTradeNo(
    const QSqlDatabase& db, const SqlDialect& dialect, const QString& outTradeNo, bool lock)
{
    return loadOne(db,
        u"out_trade_no = :no"_s,
        { u":no"_s, outTradeNo },
        lock ? dialect.forUpdate() : QString(),
        u"with out_trade_no %1"_s.arg(outTradeNo));
}

QString PaymentRepository::columns()
{
    return kColumns;
}

Result<Payment> PaymentRepository::fromQuery(const QSqlQuery& q, int firstColumn)
{
    return fromRow(q, firstColumn);
}

Result<QHash<QString, Payment>> PaymentRepository::loadManyByOutTradeNo(
    const QSqlDatabase& db, const SqlDialect& dialect, const QStringList& outTradeNos, bool lock)
{
    QHash<QString, Payment> found;
    // At most 16 per statement: a bounded set of statement texts for the statement cache.
    for (qsizetype from = 0; from < outTradeNos.size(); from += 16) {
        const QStringList part = outTradeNos.mid(from, 16);
        QString in;
        QList<sql::Binding> bindings;
        for (qsizetype i = 0; i < part.size(); ++i) {
            in += (i ? u", :n"_s : u":n"_s) + QString::number(i);
            bindings << sql::Binding { u":n"_s + QString::number(i), part[i] };
        }
        auto q = sql::execCachedList(db,
            u"SELECT "_s + kColumns + u" FROM payments WHERE out_trade_no IN ("_s + in + u") ORDER BY id"_s
                + (lock ? dialect.forUpdate() : QString()),
            bindings);
        if (!q)
            return tl::unexpected(q.error());
        while (q->next()) {
            auto p = fromRow(q->query());
            if (!p)
                return tl::unexpected(p.error());
            found.insert(p->outTradeNo, *p);
        }
    }
    return found;
}

Result<std::optional<Payment>> PaymentRepository::loadByIdempotencyKey(const QSqlDatabase& db, const QString& key)
{
    auto q =
        sql::exec(db, u"SELECT "_s + kColumns + u" FROM payments WHERE idempotency_key = :k"_s, { { u":k"_s, key } });
    if (!q)
        return tl::unexpected(q.error());
    if (!q->next())
        return std::optional<Payment>();
    auto p = fromRow(*q);
    if (!p)
        return tl::unexpected(p.error());
    return std::optional<Payment>(*p);
}

Result<qint64> PaymentRepository::insert(const QSqlDatabase& db, const Payment& p)
{
    auto q = sql::exec(db,
        u"INSERT INTO payments (out_trade_no, channel, status, amount_minor, currency, idempotency_key, "
        u"request_hash, description, merchant_id, app_id, expires_at, cashier_id, terminal, "
        u"created_at, updated_at) VALUES (:no, :channel, :status, :amount, :currency, :key, :hash, "
        u":description, :merchant, :app, :expires, :cashier, :terminal, :created, :updated) "
        u"RETURNING id"_s,
        { { u":no"_s, p.outTradeNo },
            { u":channel"_s, channelKindName(p.channel) },
            { u":status"_s, statusName(p.status) },
            { u":amount"_s, p.amount.minorUnits() },
            { u":currency"_s, p.amount.currency().code() },
            { u":key"_s, sql::nullableString(p.idempotencyKey) },
            { u":hash"_s, p.requestHash },
            { u":description"_s, p.description },
            { u":merchant"_s, p.merchantId },
            { u":app"_s, p.appId },
            { u":expires"_s, sql::nullableInt(p.expiresAtMs, p.expiresAtMs == 0) },
            { u":cashier"_s, sql::nullableInt(p.cashierId, p.cashierId == 0) },
            { u":terminal"_s, p.terminal },
            { u":created"_s, p.createdAtMs },
            { u":updated"_s, p.updatedAtMs } });
    if (!q)
        return tl::unexpected(q.error());
    if (!q->next())
        return fail(ErrorCode::DbError, u"insert payment returned no id"_s);
    return q->value(0).toLongLong();
}

Result<QList<Payment>> PaymentRepository::due(
    const QSqlDatabase& db, domain::PaymentStatus status, bool expired, qint64 nowMs, int limit)
{
    const QString expiry = expired ? u"expires_at <= :now1"_s : u"(expires_at IS NULL OR expires_at > :now1)"_s;
    auto q = sql::exec(db,
        u"SELECT "_s + kColumns + u" FROM payments WHERE status = :status AND "_s + expiry
            + u" AND (next_check_at IS NULL OR next_check_at <= :now2) ORDER BY id LIMIT :limit"_s,
        { { u":status"_s, statusName(status) }, { u":now1"_s, nowMs }, { u":now2"_s, nowMs }, { u":limit"_s, limit } });
    if (!q)
        return tl::unexpected(q.error());
    return allRows(*q);
}

Result<QList<Payment>> PaymentRepository::dueClosedWatch(
    const QSqlDatabase& db, ChannelKind channel, qint64 expiredAfterMs, qint64 nowMs, int limit)
{
    auto q = sql::exec(db,
        u"SELECT "_s + kColumns
            + u" FROM payments WHERE status = :status AND expires_at > :after AND channel = :channel"
              " AND (next_check_at IS NULL OR next_check_at <= :now) ORDER BY id LIMIT :limit"_s,
        { { u":status"_s, statusName(domain::PaymentStatus::Closed) },
            { u":after"_s, expiredAfterMs },
            { u":channel"_s, channelKindName(channel) },
            { u":now"_s, nowMs },
            { u":limit"_s, limit } });
    if (!q)
        return tl::unexpected(q.error());
    return allRows(*q);
}

Status PaymentRepository::scheduleCheck(const QSqlDatabase& db, qint64 id, qint64 nextAtMs, int attempts)
{
    auto q = sql::exec(db,
        u"UPDATE payments SET next_check_at = :next, check_attempts = :attempts WHERE id = :id"_s,
        { { u":next"_s, nextAtMs }, { u":attempts"_s, attempts }, { u":id"_s, id } });
    if (!q)
        return tl::unexpected(q.error());
    return {};
}

} // namespace paydesk
