#pragma once

#include "core/domain/AccessControl.h"
#include "core/service/ChannelFactApplier.h"
#include "core/store/RefundPolicyStore.h"
#include "core/store/RefundRepository.h"
#include "core/util/Result.h"

namespace paydesk {

class ChannelRegistry;
class Clock;
class Database;

struct RefundServiceOptions
{
    /// Refunds above this many fen wait in AWAITING_APPROVAL for a manager who is not the requester.
    QString owner = QStringLiteral("refunds"); ///< outbox lease owner for the submission run right after a request
    qint64 submitLeaseMs = 60000;
    qint64 retryBaseMs = 5000;
    qint64 retryCapMs = 3600000;
    int maxSubmitAttempts = 20;
};

struct RefundInput
{
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
/// straight to PROCESSING and are submitted; those the refund policy in the database (RefundPolicy: the payment's
/// running total above a threshold, or past the requester's daily cap) names wait for a second person's approval.
class RefundService final
{
public:
    RefundService(const Database& database,
        const Clock& clock,
        ChannelRegistry& channels,
        ChannelFactApplier& applier,
        RefundServiceOptions options = {});

    /// Returns the refund as stored after the request (and, when no approval is needed, after the first submission
    /// attempt: PROCESSING, also when that attempt's outcome is unknown; SUCCEEDED; or FAILED with the channel's
    /// verified refusal). RefundExceedsBalance over the
    /// refundable balance, InvalidAmount for an amount that is not positive, ReasonRequired without a reason code,
    /// PermissionDenied for a role that may not refund, IllegalTransition for a payment that was not paid.
    [[nodiscard]] Result<Refund> request(const RefundInput& input, const Actor& actor);
    /// AWAITING_APPROVAL -> PROCESSING, then submitted. PermissionDenied for the requester or a non-manager.
    [[nodiscard]] Result<Refund> approve(qint64 refundId, const Actor& actor);
    /// AWAITING_APPROVAL -> FAILED (REJECTED); the reservation is released.
    [[nodiscard]] Result<Refund> reject(qint64 refundId, const QString& reason, const Actor& actor);
    /// The outbox's run of a PROCESSING refund's submission. It asks the channel first (same out_refund_no), since an
    /// earlier attempt may have reached it; it sends the refund only when the channel verifiably has no such refund.
    /// Only a verified, explicit refusal (Error::definite) makes the refund FAILED and releases the reservation
    /// (returned as the FAILED refund). Any other failure is an unknown outcome: the refund stays PROCESSING, the
    /// error is returned and the outbox item rescheduled.
    [[nodiscard]] Result<Refund> submit(qint64 refundId, const QString& actor);
    /// Asks the channel for a PROCESSING refund's state and applies it (the sync job and manual sync use this).
    [[nodiscard]] Result<Refund> syncWithChannel(qint64 refundId, const QString& actor);

    [[nodiscard]] Result<Refund> find(qint64 refundId) const;

private:
    [[nodiscard]] Result<bool> approvalNeeded(
        const QSqlDatabase& db, const Payment& payment, qint64 amountMinor, const Actor& actor, qint64 now) const;
    /// Reserves the amount on the locked `payment`, inserts the refund and moves it on (to AWAITING_APPROVAL, or to
    /// PROCESSING with its submission queued in the outbox), audited; `r` is the stored refund.
    [[nodiscard]] Status insertReserved(const QSqlDatabase& db,
        const Payment& payment,
        const RefundInput& input,
        const Actor& actor,
        qint64 now,
        bool needsApproval,
        Refund& r);
    [[nodiscard]] Result<Refund> send(qint64 refundId, const QString& actor, bool askFirst);
    [[nodiscard]] Status finishSubmission(qint64 refundId, const QString& note) const;
    [[nodiscard]] Result<Refund> recordAnswer(
        const Payment& payment, const Refund& refund, RefundStatus fact, const QString& actor);
    [[nodiscard]] Result<Refund> recordRefusal(
        const Payment& payment, const Refund& refund, const Error& refusal, const QString& actor);
    [[nodiscard]] Result<Refund> unknownOutcome(const Refund& refund, const Error& error);
    [[nodiscard]] Status approveIn(const QSqlDatabase& db, qint64 refundId, const Actor& actor, qint64 now);

    const Database& m_database;
    const Clock& m_clock;
    ChannelRegistry& m_channels;
    ChannelFactApplier& m_applier;
    RefundServiceOptions m_options;
    RefundRepository m_refunds;
};

} // namespace paydesk
