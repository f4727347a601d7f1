#pragma once

#include <optional>

#include <QList>
#include <QString>
#include <QStringView>

#include "core/domain/ChannelKind.h"
#include "core/money/Money.h"

namespace paydesk::domain {

/// Payment: CREATED -> PENDING -> SUCCEEDED | FAILED | CLOSED; CLOSED -> PAID_AFTER_CLOSE (a success that arrived
/// after we closed: refund or accept it); SUCCEEDED -> PARTIALLY_REFUNDED -> REFUNDED. The allowed transitions are
/// in domain::StateMachine.
enum class PaymentStatus
{
    Created,
    Pending,
    Succeeded,
    Failed,
    Closed,
    PaidAfterClose,
    PartiallyRefunded,
    Refunded
};

/// The upper-case name stored in `payments.status` and `state_history` and shown as the display code
/// ("PAID_AFTER_CLOSE").
[[nodiscard]] QString statusName(PaymentStatus status);
/// Inverse of statusName(); nullopt for anything else (the database is the only source of names).
[[nodiscard]] std::optional<PaymentStatus> paymentStatusFromName(QStringView name);
/// Every state, in the machine's order.
[[nodiscard]] const QList<PaymentStatus>& allPaymentStatuses();
/// The customer paid and the money arrived (whatever was refunded since): SUCCEEDED, PARTIALLY_REFUNDED, REFUNDED,
/// PAID_AFTER_CLOSE.
[[nodiscard]] bool isPaid(PaymentStatus status);

} // namespace paydesk::domain

namespace paydesk {

/// One row of `payments`. Times are UTC epoch milliseconds (0 = not set).
struct Payment
{
    qint64 id = 0;
    QString outTradeNo;
    ChannelKind channel = ChannelKind::WeChatPay;
    domain::PaymentStatus status = domain::PaymentStatus::Created;
    Money amount;
    qint64 refundedMinor = 0; ///< refunds that succeeded
    qint64 reservedMinor = 0; ///< refunds requested and not yet final
    QString idempotencyKey;
    QString requestHash;
    QString description;
    QString merchantId;
    QString appId;
    QString codeUrl;
    qint64 expiresAtMs = 0;
    QString channelTxnId;
    qint64 paidAtMs = 0;
    QString failureCode;
    QString failureDetail;
    qint64 cashierId = 0;
    QString terminal;
    qint64 version = 0;
    qint64 createdAtMs = 0;
    qint64 updatedAtMs = 0;
    qint64 nextCheckAtMs = 0;
    int checkAttempts = 0;

    /// What may still be refunded: paid, minus refunded, minus reserved by refunds in flight.
    [[nodiscard]] qint64 refundableMinor() const { return amount.minorUnits() - refundedMinor - reservedMinor; }
};

} // namespace paydesk
