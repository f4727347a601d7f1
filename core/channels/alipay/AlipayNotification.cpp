#include "core/channels/alipay/AlipayNotification.h"

#include "core/channels/alipay/AlipayAmount.h"
#include "core/channels/alipay/FormCodec.h"
#include "core/channels/alipay/GbkCodec.h"
#include "core/channels/alipay/SignContent.h"

using namespace Qt::StringLiterals;

namespace paydesk::alipay {

namespace {

// Largest notification accepted; real ones are about 1.5 KB.
constexpr qsizetype kMaxBody = 64 * 1024;

// ASCII case-insensitive equality, as comparing the toLower() copies would be, without the copies.
bool equalsIgnoringAsciiCase(QByteArrayView a, QByteArrayView b)
{
    if (a.size() != b.size())
        return false;
    const auto lower = [](char c) {
        return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c;
    };
    for (qsizetype i = 0; i < a.size(); ++i) {
        if (lower(a[i]) != lower(b[i]))
            return false;
    }
    return true;
}

Result<std::optional<Money>> optionalYuan(const QMap<QString, QString>& p, QLatin1StringView key)
{
    const QString v = p.value(key);
    if (v.isEmpty())
        return std::optional<Money>();
    auto m = parseYuan(v);
    if (!m)
        return tl::unexpected(Error { ErrorCode::MalformedInput, key + u": "_s + m.error().detail });
    return std::optional<Money>(*m);
}

Result<QDateTime> optionalTime(const QMap<QString, QString>& p, QLatin1StringView key)
{
    const QString v = p.value(key);
    if (v.isEmpty())
        return QDateTime();
    auto t = parseChinaTime(v);
    if (!t)
        return tl::unexpected(Error { ErrorCode::MalformedInput, key + u": "_s + t.error().detail });
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
    // Alipay signs the content in the form's charset (Java's content.getBytes(charset) in rsaCheckV1).
    QByteArray content = signContent(params, SignRule::NotifyV1);
    const QString charset = params.value(u"charset"_s).toLower();
    if (charset == u"gbk" || charset == u"gb2312" || charset == u"gb18030") {
        auto gbk = encodeGbk(QString::fromUtf8(content));
        if (!gbk)
            return fail(ErrorCode::SignatureInvalid, u"notification text has no GBK form: "_s + gbk.error().detail);
        content = std::move(*gbk);
    }
    if (!verifyRsa2(alipayKey, content, sign.toLatin1()))
        return fail(ErrorCode::SignatureInvalid, u"notification signature does not verify"_s);
    return {};
}

Result<ChannelNotification> decodeNotificationParams(const QMap<QString, QString>& p)
{
    ChannelNotification n;
    n.notificationId = p.value("notify_id"_L1);
    n.eventType = p.value("notify_type"_L1);
    if (n.notificationId.isEmpty())
        return fail(ErrorCode::MalformedInput, u"notification without notify_id"_s);
    if (n.eventType != u"trade_status_sync") {
        n.kind = ChannelNotification::Kind::Other;
        return n;
    }

    TradeStatus t;
    t.appId = p.value("app_id"_L1);
    t.merchantId = p.value("seller_id"_L1);
    t.outTradeNo = p.value("out_trade_no"_L1);
    t.transactionId = p.value("trade_no"_L1);
    t.rawState = p.value("trade_status"_L1);
    if (t.outTradeNo.isEmpty())
        return fail(ErrorCode::MalformedInput, u"notification without out_trade_no"_s);
    const auto state = tradeStateFromAlipay(t.rawState);
    if (!state)
        return fail(ErrorCode::MalformedInput, u"unknown trade_status '"_s + t.rawState + u"'"_s);
    t.state = *state;
    auto total = optionalYuan(p, "total_amount"_L1);
    if (!total)
        return tl::unexpected(total.error());
    t.total = *total;
    auto payer = optionalYuan(p, "buyer_pay_amount"_L1);
    if (!payer)
        return tl::unexpected(payer.error());
    t.payerTotal = *payer;
    auto paidAt = optionalTime(p, "gmt_payment"_L1);
    if (!paidAt)
        return tl::unexpected(paidAt.error());
    if (t.state == TradeState::Paid && !t.total)
        return fail(ErrorCode::MalformedInput, u"paid notification without total_amount"_s);

    const bool isRefund = p.contains("out_biz_no"_L1) || p.contains("refund_fee"_L1) || p.contains("gmt_refund"_L1);
    if (isRefund) {
        RefundStatus r;
        r.merchantId = t.merchantId;
        r.outTradeNo = t.outTradeNo;
        r.transactionId = t.transactionId;
        // out_biz_no is the out_request_no we sent: the one thing that names this refund.
        r.outRefundNo = p.value("out_biz_no"_L1);
        if (r.outRefundNo.isEmpty())
            return fail(ErrorCode::MalformedInput, u"refund notification without out_biz_no"_s);
        r.state = RefundState::Succeeded;
        r.rawState = t.rawState;
        auto fee = optionalYuan(p, "refund_fee"_L1);
        if (!fee)
            return tl::unexpected(fee.error());
        if (!*fee || !(*fee)->isPositive())
            return fail(ErrorCode::MalformedInput, u"refund notification without a positive refund_fee"_s);
        // refund_fee is the trade's running total refunded, not this refund's amount, which the notification does
        // not carry: `refund` stays empty.
        r.refundedTotal = *fee;
        r.total = t.total;
        auto refundedAt = optionalTime(p, "gmt_refund"_L1);
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

namespace {

Status checkMerchant(const QMap<QString, QString>& p, const AlipayConfig& config)
{
    if (p.value("app_id"_L1) != config.appId)
        return fail(ErrorCode::MerchantMismatch, u"notification app_id does not match the configured app"_s);
    if (!config.sellerId.isEmpty() && p.contains("seller_id"_L1) && p.value("seller_id"_L1) != config.sellerId)
        return fail(ErrorCode::MerchantMismatch, u"notification seller_id does not match the configured seller"_s);
    return {};
}

// What every request must be before its form is read: a POST of a bounded form body. Its parameters come back as
// text in the form's own charset, names unique.
Result<QMap<QString, QString>> requestParams(const InboundHttp& request)
{
    if (request.method != "POST")
        return fail(ErrorCode::MalformedInput, u"notification must be a POST"_s);
    if (request.body.size() > kMaxBody)
        return fail(ErrorCode::BodyTooLarge, u"notification body too large"_s);
    constexpr QByteArrayView kFormType("application/x-www-form-urlencoded");
    const QByteArray contentType = request.headers.value("content-type");
    if (!contentType.isEmpty()
        && !(contentType.size() >= kFormType.size()
            && equalsIgnoringAsciiCase(QByteArrayView(contentType).first(kFormType.size()), kFormType)))
        return fail(ErrorCode::MalformedInput, u"notification is not form-urlencoded"_s);
    // The charset parameter tells how the values were encoded; read it from the raw form first.
    auto raw = decodeFormBytes(request.body);
    if (!raw)
        return tl::unexpected(raw.error());
    return formToText(*raw, raw->value("charset", "utf-8"));
}

} // namespace

Status verifyNotificationRequest(const InboundHttp& request, const crypto::RsaPublicKey& alipayKey)
{
    auto params = requestParams(request);
    if (!params)
        return tl::unexpected(params.error());
    return verifyNotificationParams(*params, alipayKey);
}

Result<ChannelNotification> parseNotificationRequest(const InboundHttp& request, const AlipayConfig& config)
{
    auto params = requestParams(request);
    if (!params)
        return tl::unexpected(params.error());
    if (auto ok = verifyNotificationParams(*params, config.alipayPublicKey); !ok)
        return tl::unexpected(ok.error());
    if (auto ok = checkMerchant(*params, config); !ok)
        return tl::unexpected(ok.error());
    auto n = decodeNotificationParams(*params);
    if (n)
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
