#include "core/channels/alipay/AlipayNotification.h"

#include "core/channels/alipay/AlipayAmount.h"
#include "core/channels/alipay/FormCodec.h"
#include "core/channels/alipay/SignContent.h"

using namespace Qt::StringLiterals;

namespace paydesk::alipay {

namespace {

// Largest notification accepted; real ones are about 1.5 KB.
constexpr qsizetype kMaxBody = 64 * 1024;

Result<std::optional<Money>> optionalYuan(const QMap<QString, QString>& p, const QString& key)
{
    const QString v = p.value(key);
    if (v.isEmpty())
        return std::optional<Money>();
    auto m = parseYuan(v);
    if (!m)
        return tl::unexpected(Error{ErrorCode::MalformedInput, key + u": "_s + m.error().detail});
    return std::optional<Money>(*m);
}

Result<QDateTime> optionalTime(const QMap<QString, QString>& p, const QString& key)
{
    const QString v = p.value(key);
    if (v.isEmpty())
        return QDateTime();
    auto t = parseChinaTime(v);
    if (!t)
        return tl::unexpected(Error{ErrorCode::MalformedInput, key + u": "_s + t.error().detail});
    return t;
}

} // namespace

std::optional<TradeState> tradeStateFromAlipay(QStringView s)
{
    if (s == u"TRADE_SUCCESS" || s == u"TRADE_FINISHED")
        return TradeState::Paid;
    if (s == u"WAIT_BUYER_PAY")
        return TradeState::NotPaid;
    if (s == u"TRADE_CLOSED")
        return TradeState::Closed;
    return std::nullopt;
}

Status verifyNotificationParams(const QMap<QString, QString>& params, const crypto::RsaPublicKey& alipayKey)
{
    const QString sign = params.value(u"sign"_s);
    if (sign.isEmpty())
        return fail(ErrorCode::SignatureInvalid, u"notification without sign"_s);
    const QString signType = params.value(u"sign_type"_s);
    if (signType != u"RSA2")
        return fail(ErrorCode::SignatureInvalid, u"notification sign_type must be RSA2, got '"_s + signType + u"'"_s);
    if (!verifyRsa2(alipayKey, signContent(params, SignRule::NotifyV1), sign.toLatin1()))
        return fail(ErrorCode::SignatureInvalid, u"notification signature does not verify"_s);
    return {};
}

Result<ChannelNotification> decodeNotificationParams(const QMap<QString, QString>& p)
{
    ChannelNotification n;
    n.notificationId = p.value(u"notify_id"_s);
    n.eventType = p.value(u"notify_type"_s);
    if (n.notificationId.isEmpty())
        return fail(ErrorCode::MalformedInput, u"notification without notify_id"_s);
    if (n.eventType != u"trade_status_sync") {
        n.kind = ChannelNotification::Kind::Other;
        return n;
    }

    TradeStatus t;
    t.appId = p.value(u"app_id"_s);
    t.merchantId = p.value(u"seller_id"_s);
    t.outTradeNo = p.value(u"out_trade_no"_s);
    t.transactionId = p.value(u"trade_no"_s);
    t.rawState = p.value(u"trade_status"_s);
    if (t.outTradeNo.isEmpty())
        return fail(ErrorCode::MalformedInput, u"notification without out_trade_no"_s);
    const auto state = tradeStateFromAlipay(t.rawState);
    if (!state)
        return fail(ErrorCode::MalformedInput, u"unknown trade_status '"_s + t.rawState + u"'"_s);
    t.state = *state;
    auto total = optionalYuan(p, u"total_amount"_s);
    if (!total)
        return tl::unexpected(total.error());
    t.total = *total;
    auto payer = optionalYuan(p, u"buyer_pay_amount"_s);
    if (!payer)
        return tl::unexpected(payer.error());
    t.payerTotal = *payer;
    auto paidAt = optionalTime(p, u"gmt_payment"_s);
    if (!paidAt)
        return tl::unexpected(paidAt.error());
    if (t.state == TradeState::Paid && !t.total)
        return fail(ErrorCode::MalformedInput, u"paid notification without total_amount"_s);

    const bool isRefund = p.contains(u"out_biz_no"_s) || p.contains(u"refund_fee"_s) || p.contains(u"gmt_refund"_s);
    if (isRefund) {
        RefundStatus r;
        r.merchantId = t.merchantId;
        r.outTradeNo = t.outTradeNo;
        r.transactionId = t.transactionId;
        r.outRefundNo = p.value(u"out_biz_no"_s);
        r.state = RefundState::Succeeded;
        r.rawState = t.rawState;
        auto fee = optionalYuan(p, u"refund_fee"_s);
        if (!fee)
            return tl::unexpected(fee.error());
        if (!*fee || !(*fee)->isPositive())
            return fail(ErrorCode::MalformedInput, u"refund notification without a positive refund_fee"_s);
        r.refund = *fee;
        r.total = t.total;
        auto refundedAt = optionalTime(p, u"gmt_refund"_s);
        if (!refundedAt)
            return tl::unexpected(refundedAt.error());
        r.successTime = *refundedAt;
        if (t.state == TradeState::Closed)
            t.state = TradeState::Refunded;
        n.kind = ChannelNotification::Kind::Refund;
        n.refund = r;
    } else {
        n.kind = ChannelNotification::Kind::Payment;
    }
    if (t.state == TradeState::Paid || t.state == TradeState::Refunded)
        t.successTime = *paidAt;
    n.trade = t;
    return n;
}

Result<ChannelNotification> parseNotificationRequest(const InboundHttp& request, const AlipayConfig& config)
{
    if (request.method != "POST")
        return fail(ErrorCode::MalformedInput, u"notification must be a POST"_s);
    if (request.body.size() > kMaxBody)
        return fail(ErrorCode::BodyTooLarge, u"notification body too large"_s);
    const QByteArray contentType = request.header("content-type").toLower();
    if (!contentType.isEmpty() && !contentType.startsWith("application/x-www-form-urlencoded"))
        return fail(ErrorCode::MalformedInput, u"notification is not form-urlencoded"_s);
    // The charset parameter tells how the values were encoded; read it from the raw form first.
    auto raw = decodeFormBytes(request.body);
    if (!raw)
        return tl::unexpected(raw.error());
    const QByteArray charset = raw->value("charset", "utf-8");
    auto params = formToText(*raw, charset);
    if (!params)
        return tl::unexpected(params.error());
    if (auto ok = verifyNotificationParams(*params, config.alipayPublicKey); !ok)
        return tl::unexpected(ok.error());
    if (params->value(u"app_id"_s) != config.appId)
        return fail(ErrorCode::MerchantMismatch, u"notification app_id does not match the configured app"_s);
    if (!config.sellerId.isEmpty() && params->contains(u"seller_id"_s) && params->value(u"seller_id"_s) != config.sellerId)
        return fail(ErrorCode::MerchantMismatch, u"notification seller_id does not match the configured seller"_s);
    auto n = decodeNotificationParams(*params);
    if (!n)
        return n;
    n->plaintext = request.body;
    return n;
}

NotificationAck notificationAck(bool ok)
{
    NotificationAck ack;
    ack.httpStatus = ok ? 200 : 400;
    ack.contentType = "text/plain";
    ack.body = ok ? QByteArrayLiteral("success") : QByteArrayLiteral("fail");
    return ack;
}

} // namespace paydesk::alipay
