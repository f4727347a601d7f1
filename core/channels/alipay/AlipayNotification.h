#pragma once

#include <QMap>
#include <QString>

#include "core/channels/ChannelTypes.h"
#include "core/channels/alipay/AlipayConfig.h"
#include "core/util/Result.h"

namespace paydesk::alipay {

/// Verifies form parameters with the V1 rule (sign and sign_type left out) and the Alipay public key.
/// sign_type must be RSA2. SignatureInvalid when the signature is missing or does not verify.
[[nodiscard]] Status verifyNotificationParams(
    const QMap<QString, QString>& params, const crypto::RsaPublicKey& alipayKey);

/// Decodes verified trade_status_sync parameters into a ChannelNotification:
/// - trade_status TRADE_SUCCESS / TRADE_FINISHED -> Paid, WAIT_BUYER_PAY -> NotPaid, TRADE_CLOSED -> Closed (Refunded
///   when the message carries refund fields: a fully refunded trade is closed too);
/// - out_biz_no / refund_fee / gmt_refund present -> kind Refund with a RefundStatus (Succeeded, outRefundNo =
///   out_biz_no, which is required; refundedTotal = refund_fee, the trade's cumulative refunded amount; `refund` is
///   left empty, as the notification does not say this refund's own amount), plus the trade;
/// - notify_id is the notification id; times are China time (gmt_refund usually with milliseconds, which are kept),
///   returned in UTC.
[[nodiscard]] Result<ChannelNotification> decodeNotificationParams(const QMap<QString, QString>& params);

/// The verification half of parseNotificationRequest(): POST, form-decode (charset from the form), V1 sign
/// content, RSA2 verify. Nothing is decoded into types and no merchant is checked.
[[nodiscard]] Status verifyNotificationRequest(const InboundHttp& request, const crypto::RsaPublicKey& alipayKey);

/// The whole inbound path: POST, form-decode (charset from the form), verify (V1), app_id (and seller_id when
/// configured) must match the configuration (MerchantMismatch), then decode.
[[nodiscard]] Result<ChannelNotification> parseNotificationRequest(
    const InboundHttp& request, const AlipayConfig& config);

/// 200 text/plain `success` (7 bytes, nothing else) when ok; otherwise 400 text/plain `fail`, so Alipay retries.
[[nodiscard]] NotificationAck notificationAck(bool ok);

/// Maps Alipay trade_status to the normalised state; nullopt for an unknown word.
[[nodiscard]] std::optional<TradeState> tradeStateFromAlipay(QStringView tradeStatus);

} // namespace paydesk::alipay
