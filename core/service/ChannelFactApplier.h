#pragma once

#include <QHash>
#include <QList>
#include <QSqlDatabase>
#include <QString>

#include "core/channels/ChannelTypes.h"
#include "core/store/AuditLog.h"
#include "core/store/EventFeed.h"
#include "core/store/PaymentRepository.h"
#include "core/store/Transitions.h"
#include "core/util/Result.h"

namespace paydesk {

class Clock;
class Database;

/// What applying one channel fact did.
struct ApplyOutcome
{
    qint64 paymentId = 0;
    qint64 refundId = 0; ///< refund facts only
    domain::State before; ///< status before (the refund's for refund facts)
    domain::State after; ///< status after; equal to before when nothing changed
    bool changed = false;
    bool alert = false; ///< a success for a CLOSED payment or a FAILED refund: finance must look at it
};

/// THE one path by which a channel fact (notification, poll, expiry job, manual sync) changes a payment or a refund,
/// so no two paths can disagree. Every fact is cross-checked against the stored row first: channel, merchant id,
/// app id, order number and the exact amount (MerchantMismatch / AmountMismatch, and nothing changes). Duplicates
/// and stale facts are no-ops. Each change, its history, audit entry and event commit in one transaction, under the
/// payment's row lock, so concurrent applications of the same fact make exactly one transition.
class ChannelFactApplier final
{
public:
    ChannelFactApplier(const Database& database, const Clock& clock);

    /// Paid (or Refunded) for PENDING -> SUCCEEDED with channel_txn_id and paid_at; for CREATED -> PENDING ->
    /// SUCCEEDED; for CLOSED -> PAID_AFTER_CLOSE plus a "payment.paid_after_close" alert event; for a payment already
    /// paid -> no-op. Closed for PENDING -> CLOSED. NotPaid and PayError -> no-op. NotFound for an unknown order.
    [[nodiscard]] Result<ApplyOutcome> applyTrade(
        ChannelKind channel, const TradeStatus& fact, const QString& cause, const QString& actor);
    /// Succeeded for PROCESSING -> SUCCEEDED, the reservation moves to refunded and the payment becomes
    /// PARTIALLY_REFUNDED or REFUNDED; Succeeded for a FAILED refund -> SUCCEEDED as well, booked as refunded, with
    /// a "refund.succeeded_after_failure" alert event (the money left: it is never dropped); Closed -> FAILED and the
    /// reservation is released; Processing and Abnormal (needs manual handling at the channel, not final) -> no-op
    /// apart from recording the channel's refund id.
    [[nodiscard]] Result<ApplyOutcome> applyRefund(
        ChannelKind channel, const RefundStatus& fact, const QString& cause, const QString& actor);

    /// The same inside the caller's open write transaction (NotificationService stores the raw notification in it).
    [[nodiscard]] Result<ApplyOutcome> applyTradeIn(const QSqlDatabase& db,
        ChannelKind channel,
        const TradeStatus& fact,
        const QString& cause,
        const QString& actor) const;
    /// One trade fact of a group, with the actor it is applied as.
    struct TradeFact
    {
        ChannelKind channel;
        const TradeStatus* fact;
        QString actor;
    };
    /// applyTradeIn() for several facts in the caller's open write transaction, with the same checks and decisions,
    /// in the order given (a later fact for the same payment sees the earlier one applied), but one read and lock of
    /// all their payments and one guarded UPDATE and history INSERT for all their transitions. The first fact that
    /// fails fails the call (the caller rolls back; nothing is valid).
    [[nodiscard]] Result<QList<ApplyOutcome>> applyTradesIn(
        const QSqlDatabase& db, const QList<TradeFact>& facts, const QString& cause) const;

    [[nodiscard]] Result<ApplyOutcome> applyRefundIn(const QSqlDatabase& db,
        ChannelKind channel,
        const RefundStatus& fact,
        const QString& cause,
        const QString& actor) const;

private:
    /// The decisions of applyTradesIn(), made before anything is written.
    struct TradesPlan
    {
        QList<ApplyOutcome> outcomes; ///< one per fact, in order
        QList<TransitionSpec> steps;
        QList<AuditEntry> audits;
        QList<FeedEvent> alerts; ///< payment.paid_after_close
        qint64 nowMs = 0;
    };
    /// Payments by order number, read and locked by the caller (a missing one is NotFound). Writes nothing.
    [[nodiscard]] Result<TradesPlan> planTrades(
        const QList<TradeFact>& facts, QHash<QString, Payment> payments, const QString& cause, qint64 nowMs) const;
    [[nodiscard]] Status writePlanIn(const QSqlDatabase& db, const TradesPlan& plan) const;

    const Database& m_database;
    const Clock& m_clock;
};

} // namespace paydesk
