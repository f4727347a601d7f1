#pragma once

#include "core/channels/Channel.h"
#include "core/channels/wechatpay/WeChatPayConfig.h"
#include "core/channels/wechatpay/WeChatPayTransport.h"

namespace paydesk::wechatpay {

/// WeChat Pay APIv3, Native (QR) payments for a direct merchant. Construct with a complete config; the same
/// instance serves several threads (every call signs and verifies with shared, read-only keys).
class WeChatPayChannel final : public Channel
{
public:
    explicit WeChatPayChannel(WeChatPayConfig config);

    [[nodiscard]] ChannelKind kind() const override { return ChannelKind::WeChatPay; }
    [[nodiscard]] QString merchantId() const override { return m_config.mchid; }
    [[nodiscard]] QString appId() const override { return m_config.appid; }

    [[nodiscard]] Result<CreateQrResult> createQr(const CreateQrRequest& request) override;
    [[nodiscard]] Result<TradeStatus> query(const QString& outTradeNo) override;
    [[nodiscard]] Status close(const QString& outTradeNo) override;
    [[nodiscard]] Result<RefundStatus> refund(const RefundRequest& request) override;
    [[nodiscard]] Result<RefundStatus> queryRefund(const QString& outTradeNo, const QString& outRefundNo) override;
    [[nodiscard]] Result<TradeBill> tradeBill(const QDate& day) override;

    [[nodiscard]] Result<ChannelNotification> parseNotification(const InboundHttp& request) const override;
    [[nodiscard]] NotificationAck acknowledgement(bool ok) const override;

    /// 6-32 characters of [0-9A-Za-z_-|*].
    [[nodiscard]] static bool isValidOutTradeNo(const QString& no);
    /// 1-64 characters of [0-9A-Za-z_-|*@].
    [[nodiscard]] static bool isValidOutRefundNo(const QString& no);

private:
    [[nodiscard]] Status checkMerchant(const QString& mchid, const QString& appid) const;

    WeChatPayConfig m_config;
    WeChatPayTransport m_transport;
};

} // namespace paydesk::wechatpay
