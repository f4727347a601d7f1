#pragma once

#include <optional>

#include <QList>
#include <QString>
#include <QStringView>

#include "core/money/Money.h"

namespace paydesk::domain {

/// Refund: REQUESTED -> (AWAITING_APPROVAL ->) PROCESSING -> SUCCEEDED | FAILED; FAILED -> SUCCEEDED when the
/// channel carried out a refund recorded here as failed. The allowed transitions are in domain::StateMachine.
enum class RefundStatus
{
    Requested,
    AwaitingApproval,
    Processing,
    Succeeded,
    Failed
};

/// The upper-case name stored in `refunds.status` and `state_history` ("AWAITING_APPROVAL").
[[nodiscard]] QString statusName(RefundStatus status);
/// Inverse of statusName(); nullopt for anything else.
[[nodiscard]] std::optional<RefundStatus> refundStatusFromName(QStringView name);
[[nodiscard]] const QList<RefundStatus>& allRefundStatuses();

} // namespace paydesk::domain

namespace paydesk {

/// One row of `refunds`. Times are UTC epoch milliseconds (0 = not set).
struct Refund
{
    qint64 id = 0;
    QString outRefundNo; ///< generated once at request time and sent unchanged on every retry
    qint64 paymentId = 0;
    domain::RefundStatus status = domain::RefundStatus::Requested;
    Money amount;
    QString reasonCode;
    QString reasonText;
    QString requestKey;
    QString channelRefundId;
    qint64 requestedBy = 0;
    qint64 approvedBy = 0;
    QString failureCode;
    QString failureDetail;
    qint64 version = 0;
    qint64 createdAtMs = 0;
    qint64 updatedAtMs = 0;
    qint64 nextCheckAtMs = 0;
    int checkAttempts = 0;
};

} // namespace paydesk
