#pragma once

#include <QJsonObject>
#include <QSqlDatabase>
#include <QString>

#include "core/domain/Payment.h"
#include "core/domain/Refund.h"
#include "core/util/Result.h"

namespace paydesk {

class SqlDialect;

/// The money side of a refund, inside the caller's write transaction with the payment row (then the refund row)
/// already locked: reserving the refundable balance, settling a reservation into refunded, releasing it. Each step
/// writes its audit entry with before/after amounts and then the guarded transitions (whose events come last).
class RefundLedger final
{
public:
    RefundLedger(const QSqlDatabase& db, const SqlDialect& dialect, qint64 nowMs);

    /// reserved += amount, guarded by refunded + reserved + amount <= paid (and the table's CHECK):
    /// RefundExceedsBalance when the balance is not there, InvalidAmount for an amount that is not positive.
    [[nodiscard]] Status reserve(const Payment& payment, qint64 amountMinor);
    /// PROCESSING -> SUCCEEDED: the reservation becomes refunded; the payment moves to PARTIALLY_REFUNDED or
    /// REFUNDED.
    [[nodiscard]] Status settle(const Payment& payment,
        const Refund& refund,
        const QString& channelRefundId,
        const QString& cause,
        const QString& actor);
    /// FAILED -> SUCCEEDED, for a refund the channel carried out after we recorded it as failed: refunded grows
    /// by the amount (guarded by refunded + reserved <= paid; when another refund's reservation holds that balance,
    /// ConcurrentModification, so the fact is tried again once that refund is final), the failure stays on the row
    /// as a marker, and a "refund.succeeded_after_failure" alert event is written.
    [[nodiscard]] Status settleAfterFailure(const Payment& payment,
        const Refund& refund,
        const QString& channelRefundId,
        const QString& cause,
        const QString& actor);
    /// `from` -> FAILED with a failure code: the reservation is released.
    [[nodiscard]] Status release(const Payment& payment,
        const Refund& refund,
        domain::RefundStatus from,
        const QString& failureCode,
        const QString& failureDetail,
        const QString& cause,
        const QString& actor);

    [[nodiscard]] static Status recordChannelRefundId(const QSqlDatabase& db, qint64 refundId, const QString& id);

private:
    /// `from` -> SUCCEEDED for the refund, and the payment to PARTIALLY_REFUNDED or REFUNDED.
    [[nodiscard]] Status markRefunded(const Payment& payment,
        const Refund& refund,
        domain::RefundStatus from,
        const QString& channelRefundId,
        const QString& cause,
        const QString& actor,
        const QJsonObject& detail);

    QSqlDatabase m_db;
    const SqlDialect& m_dialect;
    qint64 m_now;
};

} // namespace paydesk
