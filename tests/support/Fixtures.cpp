#include "tests/support/Fixtures.h"

#include <atomic>

#include <QtTest>

#include "core/store/Sql.h"

using namespace Qt::StringLiterals;

namespace paydesk::test {

namespace {

std::atomic<qint64> g_serial { 1 };

qint64 insertReturningId(const Database& database, const QString& statement, const QList<sql::Binding>& bindings)
{
    auto db = database.connection();
    if (!db)
        qFatal("fixture: %s", qPrintable(db.error().detail));
    auto q = sql::execList(*db, statement + u" RETURNING id"_s, bindings);
    if (!q || !q->next())
        qFatal("fixture insert failed: %s", q ? "no id" : qPrintable(q.error().detail));
    return q->value(0).toLongLong();
}

} // namespace

qint64 insertUser(const Database& db, const QString& username, const QString& role)
{
    return insertReturningId(db,
        u"INSERT INTO users (username, role, password_hash, created_at, updated_at) "
        u"VALUES (:u, :r, 'x', 0, 0)"_s,
        { { u":u"_s, username }, { u":r"_s, role } });
}

qint64 insertPayment(const Database& db, const QString& status, qint64 amountMinor, const QString& channel)
{
    const qint64 n = g_serial++;
    return insertReturningId(db,
        u"INSERT INTO payments (out_trade_no, channel, status, amount_minor, currency, created_at, "
        u"updated_at) VALUES (:no, :ch, :st, :amt, 'CNY', 0, 0)"_s,
        { { u":no"_s, u"PDT%1%2"_s.arg(QDateTime::currentMSecsSinceEpoch()).arg(n) },
            { u":ch"_s, channel },
            { u":st"_s, status },
            { u":amt"_s, amountMinor } });
}

qint64 insertRefund(const Database& db, qint64 paymentId, qint64 requestedBy, const QString& status, qint64 amountMinor)
{
    const qint64 n = g_serial++;
    return insertReturningId(db,
        u"INSERT INTO refunds (out_refund_no, payment_id, status, amount_minor, currency, "
        u"reason_code, requested_by, created_at, updated_at) "
        u"VALUES (:no, :p, :st, :amt, 'CNY', 'customer_request', :by, 0, 0)"_s,
        { { u":no"_s, u"RFT%1%2"_s.arg(QDateTime::currentMSecsSinceEpoch()).arg(n) },
            { u":p"_s, paymentId },
            { u":st"_s, status },
            { u":amt"_s, amountMinor },
            { u":by"_s, requestedBy } });
}

qint64 insertSale(const Database& db, const QString& status, qint64 amountMinor)
{
    const qint64 n = g_serial++;
    return insertReturningId(db,
        u"INSERT INTO sales (sale_no, status, amount_minor, currency, created_at, updated_at) "
        u"VALUES (:no, :st, :amt, 'CNY', 0, 0)"_s,
        { { u":no"_s, u"SAL%1%2"_s.arg(QDateTime::currentMSecsSinceEpoch()).arg(n) },
            { u":st"_s, status },
            { u":amt"_s, amountMinor } });
}

qint64 insertPayment(const Database& db, domain::PaymentStatus status, qint64 amountMinor, const QString& channel)
{
    return insertPayment(db, statusName(status), amountMinor, channel);
}

qint64 insertRefund(
    const Database& db, qint64 paymentId, qint64 requestedBy, domain::RefundStatus status, qint64 amountMinor)
{
    return insertRefund(db, paymentId, requestedBy, statusName(status), amountMinor);
}

qint64 countRows(const Database& database, const QString& table, const QString& where)
{
    auto db = database.connection();
    if (!db)
        qFatal("countRows: %s", qPrintable(db.error().detail));
    auto q = sql::exec(*db, u"SELECT COUNT(*) FROM "_s + table + (where.isEmpty() ? QString() : u" WHERE "_s + where));
    if (!q || !q->next())
        qFatal("countRows failed");
    return q->value(0).toLongLong();
}

void setRefundPolicy(const Database& db, qint64 approvalThresholdMinor, qint64 dailyCapPerUserMinor)
{
    auto q = sql::exec(*db.connection(),
        u"UPDATE refund_policy SET approval_threshold_minor = :t, daily_cap_per_user_minor = :c"_s,
        { { u":t"_s, approvalThresholdMinor }, { u":c"_s, dailyCapPerUserMinor } });
    if (!q || q->numRowsAffected() != 1)
        qFatal("cannot set the refund policy: %s", q ? "no row" : qPrintable(q.error().detail));
}

} // namespace paydesk::test
