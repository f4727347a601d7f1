#include "core/channels/wechatpay/WeChatPayModels.h"

#include <QJsonDocument>
#include <QJsonParseError>

#include "core/util/TimeText.h"
#include "core/util/Utf8.h"

using namespace Qt::StringLiterals;

namespace paydesk::wechatpay {

namespace {

Error malformed(const QString& detail)
{
    return Error { ErrorCode::MalformedInput, detail };
}

Result<QString> requiredString(const json::Value& o, QLatin1StringView field)
{
    const json::Value v = o.member(field);
    QString text = v.toString();
    if (!v.isString() || text.isEmpty()) {
        return tl::unexpected(malformed(u"field %1 missing or not a string"_s.arg(field)));
    }
    return text;
}

QString optionalString(const json::Value& o, QLatin1StringView field)
{
    return o.member(field).toString();
}

Result<std::optional<Money>> optionalFen(const json::Value& amount, QLatin1StringView field)
{
    const json::Value v = amount.member(field);
    if (v.isUndefined() || v.isNull()) {
        return std::optional<Money>();
    }
    auto m = fenFromJson(v, field);
    if (!m) {
        return tl::unexpected(m.error());
    }
    return std::optional<Money>(*m);
}

Status checkCurrency(const json::Value& amount)
{
    const json::Value c = amount.member("currency"_L1);
    if (!c.isUndefined() && !c.isNull() && !c.equals("CNY"_L1)) {
        return tl::unexpected(malformed(u"unexpected currency %1"_s.arg(c.toString().left(8))));
    }
    return {};
}

} // namespace

Result<Money> fenFromJson(const json::Value& value, QLatin1StringView field)
{
    // Read from the literal, never through double: a fraction, an exponent or a value beyond int64 is refused
    // rather than rounded.
    const std::optional<qint64> fen = value.toInteger();
    if (!fen) {
        return tl::unexpected(malformed(u"amount %1 is not an integer number of fen"_s.arg(field)));
    }
    if (*fen < 0) {
        return tl::unexpected(malformed(u"amount %1 is negative"_s.arg(field)));
    }
    return Money::fen(*fen);
}

Result<QDateTime> parseRfc3339(QStringView text)
{
    // By hand (readDateTime19) rather than QDateTime::fromString(Qt::ISODate), which is laxer (no offset means local
    // time). "yyyy-MM-ddTHH:mm:ss[.f+](Z|+HH:mm|-HH:mm)".
    const auto bad = [&] {
        return tl::unexpected(malformed(u"'%1' is not an RFC 3339 time"_s.arg(text.left(40))));
    };
    const std::optional<QDateTime> fields = readDateTime19(text, u'T');
    if (!fields || text.size() < 20) {
        return bad();
    }
    qsizetype at = 19;
    int msecs = 0;
    if (text[at] == u'.') {
        const qsizetype start = ++at;
        while (at < text.size() && text[at] >= u'0' && text[at] <= u'9') {
            if (at - start < 3) {
                msecs = msecs * 10 + (text[at].unicode() - u'0');
            }
            ++at;
        }
        if (at == start) {
            return bad();
        }
        for (qsizetype n = at - start; n < 3; ++n) {
            msecs *= 10;
        }
    }
    int offsetSecs = 0;
    if (at + 1 == text.size() && text[at] == u'Z') {
        offsetSecs = 0;
    } else if (at + 6 == text.size() && (text[at] == u'+' || text[at] == u'-') && text[at + 3] == u':') {
        const int oh = readDigits(text, at + 1, 2), om = readDigits(text, at + 4, 2);
        if (oh < 0 || oh > 23 || om < 0 || om > 59) {
            return bad();
        }
        offsetSecs = (oh * 60 + om) * 60 * (text[at] == u'-' ? -1 : 1);
    } else {
        return bad();
    }
    return fields->addMSecs(msecs).addSecs(-offsetSecs);
}

Result<QDateTime> timeFromJson(const json::Value& value, QLatin1StringView field)
{
    if (value.isUndefined() || value.isNull() || (value.isString() && value.equals(""_L1))) {
        return QDateTime();
    }
    if (!value.isString()) {
        return tl::unexpected(malformed(u"time %1 is not RFC 3339"_s.arg(field)));
    }
    // Only read: an ASCII time (every valid one) is widened on the stack instead of becoming a QString.
    QByteArray storage;
    const Utf8Text text(value.utf8(storage));
    auto t = parseRfc3339(text);
    if (!t) {
        return tl::unexpected(malformed(u"time %1 is not RFC 3339"_s.arg(field)));
    }
    return t;
}

Result<TradeState> tradeStateFromWord(const QString& word)
{
    if (word == u"SUCCESS"_s) {
        return TradeState::Paid;
    }
    if (word == u"NOTPAY"_s || word == u"USERPAYING"_s) {
        return TradeState::NotPaid;
    }
    if (word == u"REFUND"_s) {
        return TradeState::Refunded;
    }
    if (word == u"CLOSED"_s || word == u"REVOKED"_s) {
        return TradeState::Closed;
    }
    if (word == u"PAYERROR"_s) {
        return TradeState::PayError;
    }
    return tl::unexpected(malformed(u"unknown trade_state %1"_s.arg(word.left(32))));
}

Result<RefundState> refundStateFromWord(const QString& word)
{
    if (word == u"SUCCESS"_s) {
        return RefundState::Succeeded;
    }
    if (word == u"PROCESSING"_s) {
        return RefundState::Processing;
    }
    // The OpenAPI enumeration says CLOSE, the SDKs CLOSED: accept both (PROTOCOLS §1.5).
    if (word == u"CLOSED"_s || word == u"CLOSE"_s) {
        return RefundState::Closed;
    }
    if (word == u"ABNORMAL"_s) {
        return RefundState::Abnormal;
    }
    return tl::unexpected(malformed(u"unknown refund status %1"_s.arg(word.left(32))));
}

Result<TradeStatus> parseTransaction(const json::Value& o)
{
    TradeStatus t;
    auto outTradeNo = requiredString(o, "out_trade_no"_L1);
    auto state = requiredString(o, "trade_state"_L1);
    if (!outTradeNo || !state) {
        return tl::unexpected(!outTradeNo ? outTradeNo.error() : state.error());
    }
    auto mapped = tradeStateFromWord(*state);
    if (!mapped) {
        return tl::unexpected(mapped.error());
    }
    t.outTradeNo = *outTradeNo;
    t.rawState = *state;
    t.state = *mapped;
    t.merchantId = optionalString(o, "mchid"_L1);
    t.appId = optionalString(o, "appid"_L1);
    t.transactionId = optionalString(o, "transaction_id"_L1);
    const json::Value amount = o.member("amount"_L1);
    if (auto c = checkCurrency(amount); !c) {
        return tl::unexpected(c.error());
    }
    auto total = optionalFen(amount, "total"_L1);
    auto payer = optionalFen(amount, "payer_total"_L1);
    auto when = timeFromJson(o.member("success_time"_L1), "success_time"_L1);
    if (!total || !payer || !when) {
        return tl::unexpected(!total ? total.error() : !payer ? payer.error() : when.error());
    }
    t.total = *total;
    t.payerTotal = *payer;
    t.successTime = *when;
    if (t.state == TradeState::Paid && (!t.total || t.transactionId.isEmpty())) {
        return tl::unexpected(malformed(u"paid transaction without amount or transaction_id"_s));
    }
    return t;
}

Result<RefundStatus> parseRefund(const json::Value& o)
{
    RefundStatus r;
    auto outRefundNo = requiredString(o, "out_refund_no"_L1);
    if (!outRefundNo) {
        return tl::unexpected(outRefundNo.error());
    }
    const QString word =
        o.contains("status"_L1) ? o.member("status"_L1).toString() : o.member("refund_status"_L1).toString();
    auto state = refundStateFromWord(word);
    if (!state) {
        return tl::unexpected(state.error());
    }
    r.outRefundNo = *outRefundNo;
    r.rawState = word;
    r.state = *state;
    r.merchantId = optionalString(o, "mchid"_L1);
    r.outTradeNo = optionalString(o, "out_trade_no"_L1);
    r.transactionId = optionalString(o, "transaction_id"_L1);
    r.refundId = optionalString(o, "refund_id"_L1);
    const json::Value amount = o.member("amount"_L1);
    if (auto c = checkCurrency(amount); !c) {
        return tl::unexpected(c.error());
    }
    auto refund = optionalFen(amount, "refund"_L1);
    auto total = optionalFen(amount, "total"_L1);
    auto when = timeFromJson(o.member("success_time"_L1), "success_time"_L1);
    if (!refund || !total || !when) {
        return tl::unexpected(!refund ? refund.error() : !total ? total.error() : when.error());
    }
    if (!*refund) {
        return tl::unexpected(malformed(u"refund without amount.refund"_s));
    }
    r.refund = *refund;
    r.total = *total;
    r.successTime = *when;
    return r;
}

Result<QJsonObject> parseJsonObject(const QByteArray& body, const QString& what)
{
    QJsonParseError err {};
    const QJsonDocument doc = QJsonDocument::fromJson(body, &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject()) {
        return tl::unexpected(malformed(u"%1 is not a JSON object"_s.arg(what)));
    }
    return doc.object();
}

} // namespace paydesk::wechatpay
