#pragma once

#include "core/service/AccessControl.h"
#include "core/service/ChannelFactApplier.h"
#include "core/service/RefundRepository.h"
#include "core/util/Result.h"

namespace paydesk {

class ChannelRegistry;
class Clock;
class Database;

struct RefundServiceOptions {
    /// Refunds above this many fen wait in AWAITING_APPROVAL for a manager who is not the requester.
    qint64 approvalThresholdMinor = 50000;
    QString owner = QStringLiteral("refunds"); ///< outbox lease owner for the submission run right after a request
    qint64 submitLeaseMs = 60000;
    qint64 retryBaseMs = 5000;
    qint64 retryCapMs = 3600000;
    int maxSubmitAttempts = 20;
};

struct RefundInput {
    qint64 paymentId = 0;
    Money amount;
    QString reasonCode; ///< required ("customer_request", "wrong_amount", "paid_after_close", ...)
    QString reasonText;
    /// The same key with the same (payment, amount, reason) returns the same refund; otherwise IdempotencyConflict.
    QString requestKey;
};

/// Refunds: requested by finance or a manager (checked here, not only in the UI); the amount, at most the refundable
/// balance, is reserved under the payment's row lock at request time, so concurrent refunds can never exceed what was
/// paid. Each refund has one out_refund_no, generated at request time and reused on every retry. Small refunds go
/// straight to PROCESSING and are submitted; those above the threshold wait for a second person's approval.
class RefundService final
{
public:
    RefundService(const Database& database, const Clock& clock, ChannelRegistry& channels,
                  ChannelFactApplier& applier, RefundServiceOptions options = {});

    /// Returns the refund as stored after the request (and, when no approval is needed, after the first submission
    /// attempt: PROCESSING, SUCCEEDED, or FAILED with the channel's reason). RefundExceedsBalance over the
    /// refundable balance, InvalidAmount for an amount that is not positive, ReasonRequired without a reason code,
    /// PermissionDenied for a role that may not refund, IllegalTransition for a payment that was not paid.
    [[nodiscard]] Result<Refund> request(const RefundInput& input, const Actor& actor);
    /// AWAITING_APPROVAL -> PROCESSING, then submitted. PermissionDenied for the requester or a non-manager.
    [[nodiscard]] Result<Refund> approve(qint64 refundId, const Actor& actor);
    /// AWAITING_APPROVAL -> FAILED (REJECTED); the reservation is released.
    [[nodiscard]] Result<Refund> reject(qint64 refundId, const QString& reason, const Actor& actor);
    /// Sends a PROCESSING refund to the channel with its out_refund_no (safe to repeat). A retryable channel failure
    /// is returned and the outbox item rescheduled; a final refusal makes the refund FAILED and releases the
    /// reservation (returned as the FAILED refund).
    [[nodiscard]] Result<Refund> submit(qint64 refundId, const QString& actor);
    /// Asks the channel for a PROCESSING refund's state and applies it (the sync job and manual sync use this).
    [[nodiscard]] Result<Refund> syncWithChannel(qint64 refundId, const QString& actor);

    [[nodiscard]] Result<Refund> find(qint64 refundId) const;

private:
    [[nodiscard]] Status approveIn(const QSqlDatabase& db, qint64 refundId, const Actor& actor, qint64 now);

    const Database& m_database;
    const Clock& m_clock;
    ChannelRegistry& m_channels;
    ChannelFactApplier& m_applier;
    RefundServiceOptions m_options;
    RefundRepository m_refunds;
};

} // namespace paydesk
