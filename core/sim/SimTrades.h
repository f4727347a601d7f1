#pragma once

#include <QObject>

#include "core/sim/SimContext.h"
#include "core/util/Result.h"

namespace paydesk::sim {

/// The customer and the channel's back office: scans and pays orders, completes refunds, and composes the
/// notifications that follow (handing them to the Notifier). Endpoints and the control API both go through it.
class SimTrades final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SimTrades)

public:
    explicit SimTrades(SimContext& ctx, QObject* parent = nullptr);

    /// Alipay: the buyer scanned, the trade now exists (WAIT_BUYER_PAY). WeChat: no visible change.
    [[nodiscard]] Result<SimOrder> scan(const QString& outTradeNo);
    /// Scan and pay; posts TRANSACTION.SUCCESS / trade_status_sync TRADE_SUCCESS.
    [[nodiscard]] Result<SimOrder> pay(const QString& outTradeNo);
    /// The buyer's payment failed: WeChat PAYERROR; Alipay the scanned trade closes (TRADE_CLOSED).
    [[nodiscard]] Result<SimOrder> fail(const QString& outTradeNo);
    /// Ends a PROCESSING WeChat refund and posts REFUND.SUCCESS / ABNORMAL / CLOSED.
    [[nodiscard]] Result<SimRefund> completeRefund(const QString& outRefundNo, RefundState state);

    /// A WeChat refund was accepted: complete it later when auto-complete is on.
    void refundAccepted(const SimRefund& refund);
    /// An Alipay refund succeeded (synchronously): post the refund notification.
    void alipayRefunded(const SimOrder& order, const SimRefund& refund, qint64 refundedTotalFen);
    /// After a restart: schedule the completion of refunds still PROCESSING.
    void resumeRefunds();

Q_SIGNALS:
    void orderChanged(const QString& outTradeNo);

private:
    void notifyWeChatPayment(const SimOrder& order);
    void notifyWeChatRefund(const SimRefund& refund, const SimOrder& order);
    void notifyAlipay(const SimOrder& order, const SimRefund* refund, qint64 refundedTotalFen);
    void enqueueWeChat(const SimOrder& order,
        const QString& eventKey,
        const QString& eventType,
        const QString& summary,
        const QString& originalType,
        const QJsonObject& plaintext);

    SimContext& m_ctx;
};

} // namespace paydesk::sim
