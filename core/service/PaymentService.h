#pragma once

#include "core/channels/ChannelTypes.h"
#include "core/domain/AccessControl.h"
#include "core/service/ChannelFactApplier.h"
#include "core/store/PaymentRepository.h"
#include "core/util/Result.h"

namespace paydesk {

class Channel;
class ChannelRegistry;
class Clock;
class Database;

struct PaymentServiceOptions
{
    qint64 defaultTtlSecs = 300; ///< how long a QR stays payable unless the request says otherwise
    qint64 minTtlSecs = 60;
    qint64 maxTtlSecs = 7200; ///< WeChat's code_url is valid for 2 h whatever time_expire says
    QString notifyUrl; ///< passed to the channel; empty = the channel's configured default
};

/// A charge as the cashier asks for it.
struct CreatePaymentRequest
{
    ChannelKind channel = ChannelKind::WeChatPay;
    Money amount;
    QString description;
    /// The same key with the same parameters returns the same payment; with other parameters IdempotencyConflict.
    /// Empty: no idempotency (every call is a new payment).
    QString idempotencyKey;
    qint64 ttlSecs = 0; ///< 0 = the default
    QString terminal;
};

/// Charges, cancels and reads payments. Thread-safe; channel calls block, so call it from a worker thread.
class PaymentService final
{
public:
    PaymentService(const Database& database,
        const Clock& clock,
        ChannelRegistry& channels,
        ChannelFactApplier& applier,
        PaymentServiceOptions options = {});

    /// Validates, stores CREATED (with the idempotency key), asks the channel for a QR, stores PENDING with the code
    /// URL and the expiry, and returns the payment. When the channel verifiably refuses (Error::definite), the payment
    /// is stored FAILED with the typed reason; when the outcome is unknown (a timeout, an answer that could not be
    /// verified), it stays CREATED and the outbox queries and closes the order at the channel before marking it
    /// FAILED (or SUCCEEDED, if it was paid). Either way the channel's error is returned, so no caller can show a QR
    /// for it; a retry with the same key returns that same error. PermissionDenied unless the actor may charge.
    [[nodiscard]] Result<Payment> create(const CreatePaymentRequest& request, const Actor& actor);

    /// "Cancel this QR": closes the order at the channel first, then marks it CLOSED, so a cancelled QR is never left
    /// payable. If the customer paid meanwhile, the payment becomes SUCCEEDED and OrderPaid is returned. A close
    /// whose outcome is unknown is followed by a query, whose state is applied; a still payable order (or no answer)
    /// changes nothing and the close's error is returned.
    [[nodiscard]] Result<Payment> cancel(qint64 paymentId, const Actor& actor);

    /// The stored payment.
    [[nodiscard]] Result<Payment> status(qint64 paymentId, const Actor& actor) const;

    /// Asks the channel for the order's state now and applies it through the one apply path. `cause` goes into the
    /// history: "manual.sync" when someone asked for it, "cashier.poll" for the cashier screen's polling.
    [[nodiscard]] Result<Payment> syncWithChannel(
        qint64 paymentId, const Actor& actor, const QString& cause = QStringLiteral("manual.sync"));

private:
    /// The checks create() makes before anything is stored; the QR's time to live in seconds.
    [[nodiscard]] Result<qint64> validate(const CreatePaymentRequest& request, const Actor& actor) const;
    [[nodiscard]] Payment draft(const CreatePaymentRequest& request,
        Channel& channel,
        qint64 ttl,
        const Actor& actor,
        const QString& hash) const;
    /// Inserts `p` CREATED (its id set) with its audit entry and event, or finds the payment of the same
    /// idempotency key (`existing`).
    [[nodiscard]] Status insertOrFind(Payment& p, const Actor& actor, std::optional<Payment>& existing);
    /// Asks the channel for the QR code and moves the payment to PENDING with it.
    [[nodiscard]] Result<Payment> issueQr(const Payment& p, Channel& channel, const Actor& actor);
    [[nodiscard]] Result<Payment> closeInDoubt(
        const Payment& payment, Channel& channel, const Error& error, const Actor& actor);
    [[nodiscard]] Result<Payment> resume(const Payment& existing, const QString& requestHash) const;
    [[nodiscard]] Result<Payment> recordCreateFailure(const Payment& payment, const Error& error, const QString& actor);

    const Database& m_database;
    const Clock& m_clock;
    ChannelRegistry& m_channels;
    ChannelFactApplier& m_applier;
    PaymentServiceOptions m_options;
    PaymentRepository m_payments;
};

} // namespace paydesk
