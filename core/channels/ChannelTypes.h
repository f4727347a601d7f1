#pragma once

#include <optional>

#include <QByteArray>
#include <QDate>
#include <QDateTime>
#include <QList>
#include <QMap>
#include <QString>

#include "core/domain/ChannelKind.h"
#include "core/money/Money.h"

namespace paydesk {

/// The state of a trade as the channel reports it, normalised across both channels.
enum class TradeState
{
    NotPaid, ///< WeChat NOTPAY / USERPAYING; Alipay WAIT_BUYER_PAY, or ACQ.TRADE_NOT_EXIST before the scan
    Paid, ///< WeChat SUCCESS; Alipay TRADE_SUCCESS / TRADE_FINISHED
    Refunded, ///< WeChat REFUND (a refund was initiated on a paid trade)
    Closed, ///< WeChat CLOSED / REVOKED; Alipay TRADE_CLOSED without a payment
    PayError, ///< WeChat PAYERROR
};
QString tradeStateName(TradeState state);

/// What a merchant asks for when it shows a QR code.
struct CreateQrRequest
{
    QString outTradeNo; ///< our order number: 6-32 chars of [0-9A-Za-z_-|*]
    Money amount; ///< > 0, CNY
    QString description; ///< goods description / subject (<= 127 chars)
    QDateTime expiresAt; ///< when the order stops being payable (UTC)
    QString notifyUrl; ///< where the channel posts notifications; empty = the configured default
    QString attach; ///< opaque merchant data echoed back (optional)
};

struct CreateQrResult
{
    QString codeUrl; ///< weixin://wxpay/bizpayurl?pr=... or https://qr.alipay.com/...
};

/// A trade as the channel knows it (query result, or the payload of a payment notification).
struct TradeStatus
{
    QString merchantId; ///< WeChat mchid / Alipay seller_id (may be empty when the channel omits it)
    QString appId; ///< WeChat appid / Alipay app_id
    QString outTradeNo;
    QString transactionId; ///< WeChat transaction_id / Alipay trade_no; empty until paid
    TradeState state = TradeState::NotPaid;
    QString rawState; ///< the channel's own word (SUCCESS, TRADE_SUCCESS, ...)
    std::optional<Money> total; ///< order amount (absent when the channel does not know the order yet)
    std::optional<Money> payerTotal;
    QDateTime successTime; ///< UTC; null until paid
    /// False when the channel does not know the order (yet): Alipay's verified ACQ.TRADE_NOT_EXIST for a precreate
    /// nobody has scanned, reported as NotPaid. Its QR can still be scanned and paid until the order's expiry.
    bool existsAtChannel = true;
};

struct RefundRequest
{
    QString outTradeNo;
    QString transactionId; ///< optional; WeChat accepts either
    QString outRefundNo; ///< ours, reused on every retry: <= 64 chars of [0-9A-Za-z_-|*@]
    Money refund;
    Money total; ///< the original order amount (WeChat requires it)
    QString reason;
    QString notifyUrl;
};

enum class RefundState
{
    Processing, ///< accepted, not yet final
    Succeeded,
    Closed, ///< WeChat CLOSED
    Abnormal, ///< WeChat ABNORMAL: money could not reach the buyer; needs manual handling
};
QString refundStateName(RefundState state);

struct RefundStatus
{
    QString merchantId;
    QString outTradeNo;
    QString transactionId;
    QString outRefundNo;
    QString refundId; ///< the channel's refund id (WeChat refund_id; Alipay has none, left empty)
    RefundState state = RefundState::Processing;
    QString rawState;
    std::optional<Money> refund; ///< this refund's own amount, when the channel reports it
    std::optional<Money> total;
    /// The trade's running total refunded, as Alipay's notification reports it (refund_fee): this refund and every
    /// earlier one on the trade. Absent when the channel reports only this refund's own amount.
    std::optional<Money> refundedTotal;
    QDateTime successTime;
};

/// One detail line of a channel trade bill, in the same shape for both channels.
struct BillRow
{
    enum class Kind
    {
        Payment,
        Refund
    };
    Kind kind = Kind::Payment;
    QDateTime tradeTime; ///< UTC
    QString appId;
    QString merchantId;
    QString transactionId;
    QString outTradeNo;
    QString refundId;
    QString outRefundNo;
    QString rawStatus; ///< WeChat 交易状态 (SUCCESS/REFUND/...) or Alipay 业务类型 (交易/退款)
    Money orderAmount; ///< 订单金额 / 订单金额（元）
    Money settledAmount; ///< WeChat 应结订单金额 / Alipay 商家实收 (negative for Alipay refunds)
    Money refundAmount; ///< WeChat 退款金额 / Alipay: |商家实收| on refund rows, else 0
    Money fee; ///< WeChat 手续费 rounded to fen as printed / Alipay 服务费
    QString goodsName;
    QMap<QString, QString> raw; ///< every column by header name, trimmed
};

struct BillSummary
{
    qint64 tradeCount = 0;
    Money settledTotal;
    Money refundTotal;
    Money feeTotal;
    Money orderTotal;
};

struct TradeBill
{
    ChannelKind channel = ChannelKind::WeChatPay;
    QDate date;
    QByteArray rawFile; ///< exactly as downloaded (the zip for Alipay, the decompressed CSV for WeChat)
    QList<BillRow> rows;
    BillSummary summary;
};

/// A raw inbound HTTP request as the notification server received it. Header names are lower-case.
struct InboundHttp
{
    QByteArray method;
    QByteArray path; ///< path plus "?query" as received
    QMap<QByteArray, QByteArray> headers;
    QByteArray body;
    [[nodiscard]] QByteArray header(const QByteArray& lowerName) const { return headers.value(lowerName); }
};

/// A verified, decoded notification.
struct ChannelNotification
{
    enum class Kind
    {
        Payment,
        Refund,
        Other
    };
    Kind kind = Kind::Other;
    QString notificationId; ///< WeChat envelope id / Alipay notify_id: unique per event, stable across retries
    QString eventType; ///< TRANSACTION.SUCCESS, REFUND.SUCCESS, trade_status_sync, ...
    std::optional<TradeStatus> trade;
    std::optional<RefundStatus> refund;
    QByteArray plaintext; ///< the decrypted resource (WeChat) or the form body (Alipay), for forensics
};

/// How to answer the channel once a notification has been handled.
struct NotificationAck
{
    int httpStatus = 200;
    QByteArray contentType;
    QByteArray body;
};

} // namespace paydesk
