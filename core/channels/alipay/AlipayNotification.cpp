#include "core/channels/alipay/AlipayNotification.h"

#include "core/channels/alipay/AlipayAmount.h"
#include "core/channels/alipay/FormCodec.h"
#include "core/channels/alipay/GbkCodec.h"
#include "core/channels/alipay/SignContent.h"
#include "core/util/Utf8.h"

#include <QVarLengthArray>
#include <QtEndian>

#include <algorithm>
#include <cstring>
#include <iterator>

using namespace Qt::StringLiterals;

namespace paydesk::alipay {

namespace {

// Largest notification accepted; real ones are about 1.5 KB.
constexpr qsizetype kMaxBody = 64 * 1024;

// The parameters of a QMap, for the template below.
struct MapParams {
    const QMap<QString, QString>& map;
    [[nodiscard]] QString value(QLatin1StringView key) const { return map.value(key); }
    [[nodiscard]] QString text(QLatin1StringView key) const { return map.value(key); }
    [[nodiscard]] bool equals(QLatin1StringView key, const QString& text) const { return map.value(key) == text; }
    [[nodiscard]] bool contains(QLatin1StringView key) const { return map.contains(key); }
};

bool isAscii(QByteArrayView bytes)
{
    return std::all_of(bytes.begin(), bytes.end(), [](char c) { return uchar(c) < 0x80; });
}

// ASCII case-insensitive equality, as comparing the toLower() copies would be, without the copies.
bool equalsIgnoringAsciiCase(QByteArrayView a, QByteArrayView b)
{
    if (a.size() != b.size())
        return false;
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; };
    for (qsizetype i = 0; i < a.size(); ++i) {
        if (lower(a[i]) != lower(b[i]))
            return false;
    }
    return true;
}

// The first eight bytes of a name as a big-endian number, zero-padded: ordering by it agrees with the byte order of
// the names, so most comparisons (sorting, look-ups) need no memcmp.
quint64 namePrefix(QByteArrayView name)
{
    unsigned char b[8] = {};
    std::memcpy(b, name.data(), size_t(std::min<qsizetype>(name.size(), 8)));
    return qFromBigEndian<quint64>(b);
}

/// The parameters of a UTF-8 form with ASCII names, sorted by name, as views into one decoded buffer: the
/// notification path's form, read without building a QMap of QStrings. Names are unique (checked when sorting).
struct SortedForm {
    QByteArray buffer;
    std::vector<FormField> fields;
    std::vector<quint64> prefixes; ///< namePrefix() of each field, once sorted

    /// Sorts the fields by name in byte order, as std::sort with QByteArrayView's operator< would.
    void sortByName()
    {
        struct Keyed {
            quint64 prefix;
            FormField field;
        };
        QVarLengthArray<Keyed, 64> keyed;
        keyed.reserve(qsizetype(fields.size()));
        for (const FormField& f : fields)
            keyed.append({namePrefix(f.name), f});
        std::sort(keyed.begin(), keyed.end(), [](const Keyed& a, const Keyed& b) {
            return a.prefix != b.prefix ? a.prefix < b.prefix : a.field.name < b.field.name;
        });
        prefixes.resize(fields.size());
        for (qsizetype i = 0; i < keyed.size(); ++i) {
            fields[size_t(i)] = keyed[i].field;
            prefixes[size_t(i)] = keyed[i].prefix;
        }
    }
    [[nodiscard]] const FormField* find(QLatin1StringView key) const
    {
        const QByteArrayView k(key.data(), key.size());
        const quint64 kp = namePrefix(k);
        size_t lo = 0;
        size_t hi = fields.size();
        while (lo < hi) {
            const size_t mid = lo + (hi - lo) / 2;
            if (prefixes[mid] != kp ? prefixes[mid] < kp : fields[mid].name < k)
                lo = mid + 1;
            else
                hi = mid;
        }
        return lo < fields.size() && prefixes[lo] == kp && fields[lo].name == k ? &fields[lo] : nullptr;
    }
    [[nodiscard]] QString value(QLatin1StringView key) const
    {
        const FormField* f = find(key);
        return f ? QString::fromUtf8(f->value) : QString();
    }
    [[nodiscard]] Utf8Text text(QLatin1StringView key) const
    {
        const FormField* f = find(key);
        return Utf8Text(f ? f->value : QByteArrayView());
    }
    [[nodiscard]] bool equals(QLatin1StringView key, const QString& text) const
    {
        return QStringView(this->text(key)) == text;
    }
    [[nodiscard]] bool contains(QLatin1StringView key) const { return find(key) != nullptr; }
};

template <typename Params>
Result<std::optional<Money>> optionalYuan(const Params& p, QLatin1StringView key)
{
    const auto text = p.text(key);
    const QStringView v = text;
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
    const auto text = p.text(key);
    const QStringView v = text;
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

} // namespace

Result<ChannelNotification> decodeNotificationParams(const QMap<QString, QString>& params)
{
    return decodeParams(MapParams{params});
}

namespace {

template <typename Params>
Status checkMerchant(const Params& p, const AlipayConfig& config)
{
    if (!p.equals("app_id"_L1, config.appId))
        return fail(ErrorCode::MerchantMismatch, u"notification app_id does not match the configured app"_s);
    if (!config.sellerId.isEmpty() && p.contains("seller_id"_L1) && !p.equals("seller_id"_L1, config.sellerId))
        return fail(ErrorCode::MerchantMismatch, u"notification seller_id does not match the configured seller"_s);
    return {};
}

// The sorted UTF-8 form is read directly when the general path (QStringDecoder per field, then toUtf8() for the
// sign content) would give the same bytes: charset utf-8, ASCII names (byte order is then Java's TreeMap order),
// and no value starting with a byte order mark (which QStringDecoder drops).
bool usesFastPath(const SortedForm& form)
{
    if (const FormField* cs = form.find("charset"_L1)) {
        if (!equalsIgnoringAsciiCase(cs->value, "utf-8") && !equalsIgnoringAsciiCase(cs->value, "utf8"))
            return false;
    }
    for (const FormField& f : form.fields) {
        const bool bom = f.value.size() >= 3 && uchar(f.value[0]) == 0xef && uchar(f.value[1]) == 0xbb
            && uchar(f.value[2]) == 0xbf;
        if (bom || !isAscii(f.name))
            return false;
    }
    return true;
}

// verifyNotificationParams() over the sorted form.
Status verifySorted(const SortedForm& form, const crypto::RsaPublicKey& alipayKey)
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
    // signContent(params, SignRule::NotifyV1), from the decoded bytes, into one buffer (on the stack for the sizes
    // notifications have): never longer than the decoded form plus one '=' and one '&' per field.
    QVarLengthArray<char, 2048> content(form.buffer.size() + 2 * qsizetype(form.fields.size()));
    char* w = content.data();
    const auto put = [&w](QByteArrayView bytes) {
        if (!bytes.isEmpty())
            std::memcpy(w, bytes.data(), size_t(bytes.size()));
        w += bytes.size();
    };
    for (const FormField& f : form.fields) {
        if (f.value.isEmpty() || f.name == "sign" || f.name == "sign_type")
            continue;
        if (w != content.data())
            *w++ = '&';
        put(f.name);
        *w++ = '=';
        put(f.value);
    }
    if (!verifyRsa2(alipayKey, QByteArrayView(content.data(), w - content.data()), sign->value))
        return fail(ErrorCode::SignatureInvalid, u"notification signature does not verify"_s);
    return {};
}

// What every request must be before its form is read: a POST of a bounded form body. The form comes back sorted by
// name, its names unique.
Result<SortedForm> readRequestForm(const InboundHttp& request)
{
    if (request.method != "POST")
        return fail(ErrorCode::MalformedInput, u"notification must be a POST"_s);
    if (request.body.size() > kMaxBody)
        return fail(ErrorCode::BodyTooLarge, u"notification body too large"_s);
    static const QByteArray kContentType = QByteArrayLiteral("content-type");
    constexpr QByteArrayView kFormType("application/x-www-form-urlencoded");
    const auto contentType = request.headers.constFind(kContentType);
    if (contentType != request.headers.constEnd() && !contentType->isEmpty()
        && !(contentType->size() >= kFormType.size()
             && equalsIgnoringAsciiCase(QByteArrayView(*contentType).first(kFormType.size()), kFormType)))
        return fail(ErrorCode::MalformedInput, u"notification is not form-urlencoded"_s);
    // The charset parameter tells how the values were encoded; read it from the raw form first.
    SortedForm form;
    if (auto ok = decodeFormFields(request.body, form.buffer, form.fields); !ok)
        return tl::unexpected(ok.error());
    form.sortByName();
    for (size_t i = 1; i < form.fields.size(); ++i) {
        if (form.fields[i - 1].name == form.fields[i].name)
            return fail(ErrorCode::MalformedInput, u"duplicate form field '"_s
                            + QString::fromLatin1(form.fields[i].name.toByteArray().toPercentEncoding()) + u"'"_s);
    }
    return form;
}

// The general path's parameters: GBK forms (and names outside ASCII, which Alipay does not send), as text.
Result<QMap<QString, QString>> textParams(const QByteArray& body)
{
    auto raw = decodeFormBytes(body);
    if (!raw)
        return tl::unexpected(raw.error());
    return formToText(*raw, raw->value("charset", "utf-8"));
}

} // namespace

Status verifyNotificationRequest(const InboundHttp& request, const crypto::RsaPublicKey& alipayKey)
{
    auto form = readRequestForm(request);
    if (!form)
        return tl::unexpected(form.error());
    if (usesFastPath(*form))
        return verifySorted(*form, alipayKey);
    auto params = textParams(request.body);
    if (!params)
        return tl::unexpected(params.error());
    return verifyNotificationParams(*params, alipayKey);
}

Result<ChannelNotification> parseNotificationRequest(const InboundHttp& request, const AlipayConfig& config)
{
    auto form = readRequestForm(request);
    if (!form)
        return tl::unexpected(form.error());
    Result<ChannelNotification> n;
    if (usesFastPath(*form)) {
        if (auto ok = verifySorted(*form, config.alipayPublicKey); !ok)
            return tl::unexpected(ok.error());
        if (auto ok = checkMerchant(*form, config); !ok)
            return tl::unexpected(ok.error());
        n = decodeParams(*form);
    } else {
        auto params = textParams(request.body);
        if (!params)
            return tl::unexpected(params.error());
        if (auto ok = verifyNotificationParams(*params, config.alipayPublicKey); !ok)
            return tl::unexpected(ok.error());
        if (auto ok = checkMerchant(MapParams{*params}, config); !ok)
            return tl::unexpected(ok.error());
        n = decodeNotificationParams(*params);
    }
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
