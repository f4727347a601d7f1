#include "core/channels/wechatpay/WeChatPayModels.h"

#include <QJsonDocument>
#include <QJsonParseError>
#include <QVariant>

using namespace Qt::StringLiterals;

namespace paydesk::wechatpay {

namespace {

Error malformed(const QString& detail)
{
    return Error{ErrorCode::MalformedInput, detail};
}

Result<QString> requiredString(const QJsonObject& o, const QString& field)
{
    const QJsonValue v = o.value(field);
    if (!v.isString() || v.toString().isEmpty()) {
        return tl::unexpected(malformed(u"field %1 missing or not a string"_s.arg(field)));
    }
    return v.toString();
}

QString optionalString(const QJsonObject& o, const QString& field)
{
    return o.value(field).toString();
}

Result<std::optional<Money>> optionalFen(const QJsonObject& amount, const QString& field)
{
    if (!amount.contains(field) || amount.value(field).isNull()) {
        return std::optional<Money>();
    }
    auto m = fenFromJson(amount.value(field), field);
    if (!m) {
        return tl::unexpected(m.error());
    }
    return std::optional<Money>(*m);
}

Status checkCurrency(const QJsonObject& amount)
{
    const QJsonValue c = amount.value(u"currency"_s);
    if (!c.isUndefined() && !c.isNull() && c.toString() != u"CNY"_s) {
        return tl::unexpected(malformed(u"unexpected currency %1"_s.arg(c.toString().left(8))));
    }
    return {};
}

} // namespace

Result<Money> fenFromJson(const QJsonValue& value, const QString& field)
{
    // Qt's parser keeps every integral number that fits as a qint64 (so 100, and also the exact 100.0); a fraction
    // or a value beyond int64 arrives as a double and is refused rather than rounded.
    if (!value.isDouble() || value.toVariant().metaType().id() != QMetaType::LongLong) {
        return tl::unexpected(malformed(u"amount %1 is not an integer number of fen"_s.arg(field)));
    }
    const qint64 fen = value.toInteger();
    if (fen < 0) {
        return tl::unexpected(malformed(u"amount %1 is negative"_s.arg(field)));
    }
    return Money::fen(fen);
}

Result<QDateTime> timeFromJson(const QJsonValue& value, const QString& field)
{
    if (value.isUndefined() || value.isNull() || (value.isString() && value.toString().isEmpty())) {
        return QDateTime();
    }
    const QDateTime t = QDateTime::fromString(value.toString(), Qt::ISODate);
    if (!value.isString() || !t.isValid()) {
        return tl::unexpected(malformed(u"time %1 is not RFC 3339"_s.arg(field)));
    }
    return t.toUTC();
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

Result<TradeStatus> parseTransaction(const QJsonObject& o)
{
    TradeStatus t;
    auto outTradeNo = requiredString(o, u"out_trade_no"_s);
    auto state = requiredString(o, u"trade_state"_s);
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
    t.merchantId = optionalString(o, u"mchid"_s);
    t.appId = optionalString(o, u"appid"_s);
    t.transactionId = optionalString(o, u"transaction_id"_s);
    const QJsonObject amount = o.value(u"amount"_s).toObject();
    if (auto c = checkCurrency(amount); !c) {
        return tl::unexpected(c.error());
    }
    auto total = optionalFen(amount, u"total"_s);
    auto payer = optionalFen(amount, u"payer_total"_s);
    auto when = timeFromJson(o.value(u"success_time"_s), u"success_time"_s);
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

Result<RefundStatus> parseRefund(const QJsonObject& o)
{
    RefundStatus r;
    auto outRefundNo = requiredString(o, u"out_refund_no"_s);
    if (!outRefundNo) {
        return tl::unexpected(outRefundNo.error());
    }
    const QString word = o.contains(u"status"_s) ? o.value(u"status"_s).toString()
                                                 : o.value(u"refund_status"_s).toString();
    auto state = refundStateFromWord(word);
    if (!state) {
        return tl::unexpected(state.error());
    }
    r.outRefundNo = *outRefundNo;
    r.rawState = word;
    r.state = *state;
    r.merchantId = optionalString(o, u"mchid"_s);
    r.outTradeNo = optionalString(o, u"out_trade_no"_s);
    r.transactionId = optionalString(o, u"transaction_id"_s);
    r.refundId = optionalString(o, u"refund_id"_s);
    const QJsonObject amount = o.value(u"amount"_s).toObject();
    if (auto c = checkCurrency(amount); !c) {
        return tl::unexpected(c.error());
    }
    auto refund = optionalFen(amount, u"refund"_s);
    auto total = optionalFen(amount, u"total"_s);
    auto when = timeFromJson(o.value(u"success_time"_s), u"success_time"_s);
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
    QJsonParseError err{};
    const QJsonDocument doc = QJsonDocument::fromJson(body, &err);
    if (err.error != QJsonParseError::NoError || !doc.isObject()) {
        return tl::unexpected(malformed(u"%1 is not a JSON object"_s.arg(what)));
    }
    return doc.object();
}

} // namespace paydesk::wechatpay
