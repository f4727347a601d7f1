#pragma once

#include <memory>

#include "core/channels/Channel.h"
#include "core/channels/alipay/AlipayConfig.h"
#include "core/channels/alipay/AlipayGateway.h"

namespace paydesk::alipay {

/// Alipay OpenAPI ("v2" gateway, RSA2) for 当面付 precreate QR payments.
///
/// Construct with a filled AlipayConfig (validated by create()):
/// \code
///   AlipayConfig c;
///   c.appId = u"2019090366875133"_s;
///   c.appPrivateKey = *crypto::RsaPrivateKey::fromPem(appKeyPem);
///   c.alipayPublicKey = *crypto::RsaPublicKey::fromPem(alipayKeyPem);
///   c.notifyUrl = u"https://pay.example.com/notify/alipay"_s;   // optional
///   auto channel = AlipayChannel::create(c);                     // Result<std::unique_ptr<AlipayChannel>>
/// \endcode
class AlipayChannel final : public Channel
{
public:
    explicit AlipayChannel(AlipayConfig config);
    /// InvalidArgument / KeyInvalid when the configuration cannot work (no app id, a missing key, a bad URL).
    [[nodiscard]] static Result<std::unique_ptr<AlipayChannel>> create(AlipayConfig config);

    [[nodiscard]] ChannelKind kind() const override { return ChannelKind::Alipay; }
    [[nodiscard]] QString merchantId() const override { return m_gateway.config().sellerId; }
    [[nodiscard]] QString appId() const override { return m_gateway.config().appId; }

    /// alipay.trade.precreate with timeout_express = whole minutes left until expiresAt (rounded down, so the QR
    /// never outlives the local order); at least 1 minute, at most 15 days, otherwise InvalidArgument.
    [[nodiscard]] Result<CreateQrResult> createQr(const CreateQrRequest& request) override;
    /// alipay.trade.query; a signed ACQ.TRADE_NOT_EXIST (nobody scanned yet) is NotPaid.
    [[nodiscard]] Result<TradeStatus> query(const QString& outTradeNo) override;
    /// alipay.trade.close; a signed ACQ.TRADE_NOT_EXIST counts as closed; ACQ.TRADE_HAS_SUCCESS, or
    /// ACQ.TRADE_STATUS_ERROR on a trade a query shows paid, is OrderPaid.
    [[nodiscard]] Status close(const QString& outTradeNo) override;
    /// alipay.trade.refund with out_request_no = outRefundNo; fund_change Y is Succeeded, N is confirmed by
    /// queryRefund.
    [[nodiscard]] Result<RefundStatus> refund(const RefundRequest& request) override;
    /// alipay.trade.fastpay.refund.query: REFUND_SUCCESS is Succeeded, no refund_status is Processing.
    [[nodiscard]] Result<RefundStatus> queryRefund(const QString& outTradeNo, const QString& outRefundNo) override;
    /// alipay.data.dataservice.bill.downloadurl.query, the ZIP download, and the 业务明细 parse.
    [[nodiscard]] Result<TradeBill> tradeBill(const QDate& day) override;

    [[nodiscard]] Result<ChannelNotification> parseNotification(const InboundHttp& request) const override;
    [[nodiscard]] NotificationAck acknowledgement(bool ok) const override;

private:
    [[nodiscard]] const Clock& clock() const;

    AlipayGateway m_gateway;
};

} // namespace paydesk::alipay
