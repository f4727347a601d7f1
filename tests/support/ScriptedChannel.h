#pragma once

#include <functional>

#include <QList>
#include <QMutex>
#include <QString>

#include "core/channels/Channel.h"

namespace paydesk::test {

/// A Channel whose answers the test scripts, recording every call. Thread-safe. By default: createQr answers a code
/// URL, query answers NotPaid, close succeeds, refund answers Processing (with a refund id), queryRefund Processing,
/// parseNotification refuses (SignatureInvalid) unless a notification was scripted.
class ScriptedChannel final : public Channel
{
public:
    explicit ScriptedChannel(ChannelKind kind = ChannelKind::WeChatPay,
        QString merchantId = QStringLiteral("1900000001"),
        QString appId = QStringLiteral("wxd678efh567hg6787"));

    [[nodiscard]] ChannelKind kind() const override { return m_kind; }
    [[nodiscard]] QString merchantId() const override { return m_merchantId; }
    [[nodiscard]] QString appId() const override { return m_appId; }

    [[nodiscard]] Result<CreateQrResult> createQr(const CreateQrRequest& request) override;
    [[nodiscard]] Result<TradeStatus> query(const QString& outTradeNo) override;
    [[nodiscard]] Status close(const QString& outTradeNo) override;
    [[nodiscard]] Result<RefundStatus> refund(const RefundRequest& request) override;
    [[nodiscard]] Result<RefundStatus> queryRefund(const QString& outTradeNo, const QString& outRefundNo) override;
    [[nodiscard]] Result<TradeBill> tradeBill(const QDate& day) override;
    [[nodiscard]] Result<ChannelNotification> parseNotification(const InboundHttp& request) const override;
    [[nodiscard]] NotificationAck acknowledgement(bool ok) const override;

    // Scripts: each is called with the request; unset means the default answer.
    std::function<Result<CreateQrResult>(const CreateQrRequest&)> onCreate;
    std::function<Result<TradeStatus>(const QString&)> onQuery;
    std::function<Status(const QString&)> onClose;
    std::function<Result<RefundStatus>(const RefundRequest&)> onRefund;
    std::function<Result<RefundStatus>(const QString&, const QString&)> onQueryRefund;
    std::function<Result<ChannelNotification>(const InboundHttp&)> onParse;
    /// Called inside acknowledgement(), so a test can check what is committed at that moment.
    std::function<void(bool)> onAcknowledge;

    /// A Paid trade for an order as this channel would report it.
    [[nodiscard]] TradeStatus paid(const QString& outTradeNo,
        qint64 amountMinor,
        const QString& transactionId = QStringLiteral("4200000001")) const;
    [[nodiscard]] RefundStatus refundState(const RefundRequest& request, RefundState state) const;

    struct Call
    {
        QString method;
        QString key; ///< out_trade_no / out_refund_no
        qint64 amountMinor = 0;
    };
    [[nodiscard]] QList<Call> calls() const;
    [[nodiscard]] int count(const QString& method) const;
    [[nodiscard]] QList<RefundRequest> refundRequests() const;
    void clearCalls();

private:
    void record(const QString& method, const QString& key, qint64 amount = 0) const;

    ChannelKind m_kind;
    QString m_merchantId;
    QString m_appId;
    mutable QMutex m_mutex;
    mutable QList<Call> m_calls;
    QList<RefundRequest> m_refunds;
};

} // namespace paydesk::test
