#pragma once

#include "core/channels/ChannelTypes.h"
#include "core/util/Result.h"

namespace paydesk {

/// One payment channel (WeChat Pay APIv3 or Alipay OpenAPI). The same code talks to the real hosts and to
/// paydesk-sim: only the base URL and the keys differ.
///
/// Calls are synchronous and may block for up to the configured timeout; call them from a worker thread
/// (services run on a thread pool), never from the GUI thread. An instance is safe to use from several threads.
/// Errors carry typed codes so callers can decide what to retry (see isRetryable()). An error is definite
/// (Error::definite) only when the call certainly took no effect at the channel: refused before anything was sent, or
/// refused by the channel in an answer whose signature verified. Every other error (timeout, 5xx, 429, an answer that
/// could not be verified or parsed, an amount that does not match) leaves the outcome unknown: query before deciding.
class Channel
{
public:
    virtual ~Channel() = default;

    [[nodiscard]] virtual ChannelKind kind() const = 0;
    [[nodiscard]] virtual QString merchantId() const = 0; ///< WeChat mchid / Alipay seller id (may be empty)
    [[nodiscard]] virtual QString appId() const = 0;

    /// WeChat Native prepay / Alipay precreate.
    [[nodiscard]] virtual Result<CreateQrResult> createQr(const CreateQrRequest& request) = 0;
    /// Query by out_trade_no. An Alipay order nobody has scanned yet is NotPaid, not an error.
    [[nodiscard]] virtual Result<TradeStatus> query(const QString& outTradeNo) = 0;
    /// Close an unpaid order. OrderPaid when it was paid meanwhile. An Alipay order never scanned counts as closed
    /// (on a verified ACQ.TRADE_NOT_EXIST only), but Alipay keeps its QR payable until the order's expiry: whoever
    /// closes it must keep querying until then (SyncService does).
    [[nodiscard]] virtual Status close(const QString& outTradeNo) = 0;
    /// Ask for a refund. The answer is acceptance; the final state comes from a notification or queryRefund.
    /// Safe to retry with the same outRefundNo.
    [[nodiscard]] virtual Result<RefundStatus> refund(const RefundRequest& request) = 0;
    /// Alipay needs the order number too; WeChat ignores it.
    [[nodiscard]] virtual Result<RefundStatus> queryRefund(const QString& outTradeNo, const QString& outRefundNo) = 0;
    /// Download the day's trade bill, check its integrity, parse it.
    [[nodiscard]] virtual Result<TradeBill> tradeBill(const QDate& day) = 0;

    /// Verify (signature, key by serial, timestamp window) and decode a raw notification. No side effects.
    [[nodiscard]] virtual Result<ChannelNotification> parseNotification(const InboundHttp& request) const = 0;
    /// The answer to send after the notification was committed (ok) or rejected (!ok).
    [[nodiscard]] virtual NotificationAck acknowledgement(bool ok) const = 0;
};

} // namespace paydesk
