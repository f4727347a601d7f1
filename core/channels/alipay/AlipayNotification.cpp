#include "core/channels/alipay/AlipayNotification.h"

#include "core/channels/alipay/AlipayAmount.h"
#include "core/channels/alipay/FormCodec.h"
#include "core/channels/alipay/SignContent.h"
#include "core/util/Utf8.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace paydesk::alipay {

namespace {

// Largest notification accepted; real ones are about 1.5 KB.
constexpr qsizetype kMaxBody = 64 * 1024;

// The parameters of a QMap, for the template below.
struct MapParams {
    const QMap<QString, QString>& map;
    [[nodiscard]] QString value(QLatin1StringView key) const { return map.value(key); }
    [[nodiscard]] bool contains(QLatin1StringView key) const { return map.contains(key); }
};

/// The parameters of a UTF-8 form with ASCII names, sorted by name, as views into one decoded buffer: the
/// notification path's form, read without building a QMap of QStrings. Names are unique (checked when sorting).
struct SortedForm {
    QByteArray buffer;
    std::vector<FormField> fields;
    [[nodiscard]] const FormField* find(QLatin1StringView key) const
    {
        const auto it = std::lower_bound(fields.begin(), fields.end(), QByteArrayView(key),
                                         [](const FormField& f, QByteArrayView k) { return f.name < k; });
        return it != fields.end() && it->name == QByteArrayView(key) ? &*it : nullptr;
    }
    [[nodiscard]] QString value(QLatin1StringView key) const
    {
        const FormField* f = find(key);
        return f ? QString::fromUtf8(f->value) : QString();
    }
    [[nodiscard]] bool contains(QLatin1StringView key) const { return find(key) != nullptr; }
};

template <typename Params>
Result<std::optional<Money>> optionalYuan(const Params& p, QLatin1StringView key)
{
    const QString v = p.value(key);
    if (v.isEmpty())
        return std::optional<Money>();
    auto m = parseYuan(v);
    if (!m)
        return tl::unexpected(Error{ErrorCode::MalformedInput, key + u": "_s + m.error().detail});
    return std::optional<Money>(*m);
}

template <typename Params>
Result<QDateTime> optionalTime(const Params& p, QLatin1StringView key)
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

namespace {

template <typename Params>
Result<ChannelNotification> decodeParams(const Params& p)
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
        r.outRefundNo = p.value("out_biz_no"_L1);
        r.state = RefundState::Succeeded;
        r.rawState = t.rawState;
        auto fee = optionalYuan(p, "refund_fee"_L1);
        if (!fee)
            return tl::unexpected(fee.error());
        if (!*fee || !(*fee)->isPositive())
            return fail(ErrorCode::MalformedInput, u"refund notification without a positive refund_fee"_s);
        r.refund = *fee;
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

} // namespace

Result<ChannelNotification> decodeNotificationParams(const QMap<QString, QString>& params)
{
    return decodeParams(MapParams{params});
}

namespace {

template <typename Params>
Status checkMerchant(const Params& p, const AlipayConfig& config)
{
    if (p.value("app_id"_L1) != config.appId)
        return fail(ErrorCode::MerchantMismatch, u"notification app_id does not match the configured app"_s);
    if (!config.sellerId.isEmpty() && p.contains("seller_id"_L1) && p.value("seller_id"_L1) != config.sellerId)
        return fail(ErrorCode::MerchantMismatch, u"notification seller_id does not match the configured seller"_s);
    return {};
}

bool isAscii(QByteArrayView bytes)
{
    return std::all_of(bytes.begin(), bytes.end(), [](char c) { return uchar(c) < 0x80; });
}

// The sorted UTF-8 form is read directly when the general path (QStringDecoder per field, then toUtf8() for the
// sign content) would give the same bytes: charset utf-8, ASCII names (byte order is then Java's TreeMap order),
// and no value starting with a byte order mark (which QStringDecoder drops).
bool usesFastPath(const SortedForm& form)
{
    if (const FormField* cs = form.find("charset"_L1)) {
        const QByteArray charset = cs->value.toByteArray().toLower();
        if (charset != "utf-8" && charset != "utf8")
            return false;
    }
    for (const FormField& f : form.fields) {
        if (!isAscii(f.name) || f.value.startsWith("\xef\xbb\xbf"))
            return false;
    }
    return true;
}

// verifyNotificationParams() + the merchant check + decodeNotificationParams() over the sorted form.
Result<ChannelNotification> verifyAndDecode(const SortedForm& form, const AlipayConfig& config)
{
    for (const FormField& f : form.fields) {
        if (!isValidUtf8(f.value))
            return fail(ErrorCode::MalformedInput, u"invalid UTF-8 in form data"_s);
    }
    const FormField* sign = form.find("sign"_L1);
    if (!sign || sign->value.isEmpty())
        return fail(ErrorCode::SignatureInvalid, u"notification without sign"_s);
    const FormField* signType = form.find("sign_type"_L1);
    if (!signType || signType->value != "RSA2")
        return fail(ErrorCode::SignatureInvalid, u"notification sign_type must be RSA2, got '"_s
                        + (signType ? QString::fromUtf8(signType->value) : QString()) + u"'"_s);
    // signContent(params, SignRule::NotifyV1), from the decoded bytes in place.
    QByteArray content;
    content.reserve(form.buffer.size());
    for (const FormField& f : form.fields) {
        if (f.value.isEmpty() || f.name == "sign" || f.name == "sign_type")
            continue;
        if (!content.isEmpty())
            content += '&';
        content.append(f.name).append('=').append(f.value);
    }
    if (!verifyRsa2(config.alipayPublicKey, content, sign->value))
        return fail(ErrorCode::SignatureInvalid, u"notification signature does not verify"_s);
    if (auto ok = checkMerchant(form, config); !ok)
        return tl::unexpected(ok.error());
    return decodeParams(form);
}

} // namespace

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
    SortedForm form;
    if (auto ok = decodeFormFields(request.body, form.buffer, form.fields); !ok)
        return tl::unexpected(ok.error());
    std::sort(form.fields.begin(), form.fields.end(),
              [](const FormField& a, const FormField& b) { return a.name < b.name; });
    for (size_t i = 1; i < form.fields.size(); ++i) {
        if (form.fields[i - 1].name == form.fields[i].name)
            return fail(ErrorCode::MalformedInput, u"duplicate form field '"_s
                            + QString::fromLatin1(form.fields[i].name.toByteArray().toPercentEncoding()) + u"'"_s);
    }
    if (usesFastPath(form)) {
        auto n = verifyAndDecode(form, config);
        if (n)
            n->plaintext = request.body;
        return n;
    }
    // GBK forms (and names outside ASCII, which Alipay does not send) take the general path.
    auto raw = decodeFormBytes(request.body);
    if (!raw)
        return tl::unexpected(raw.error());
    const QByteArray charset = raw->value("charset", "utf-8");
    auto params = formToText(*raw, charset);
    if (!params)
        return tl::unexpected(params.error());
    if (auto ok = verifyNotificationParams(*params, config.alipayPublicKey); !ok)
        return tl::unexpected(ok.error());
    if (auto ok = checkMerchant(MapParams{*params}, config); !ok)
        return tl::unexpected(ok.error());
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
