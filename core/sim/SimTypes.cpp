#include "core/sim/SimTypes.h"

#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace paydesk::sim {

QString simChannelName(SimChannel channel)
{
    return channel == SimChannel::WeChat ? u"wechatpay"_s : u"alipay"_s;
}

QString weChatKeyModeName(WeChatKeyMode mode)
{
    switch (mode) {
    case WeChatKeyMode::Certificate:
        return u"certificate"_s;
    case WeChatKeyMode::PublicKey:
        return u"publickey"_s;
    case WeChatKeyMode::Mixed:
        return u"mixed"_s;
    }
    return {};
}

bool parseWeChatKeyMode(const QString& text, WeChatKeyMode* mode)
{
    for (auto m : { WeChatKeyMode::Certificate, WeChatKeyMode::PublicKey, WeChatKeyMode::Mixed }) {
        if (text == weChatKeyModeName(m)) {
            *mode = m;
            return true;
        }
    }
    return false;
}

QJsonObject WeChatMerchant::toJson() const
{
    return { { u"mchid"_s, mchid },
        { u"appid"_s, appid },
        { u"apiv3_key"_s, QString::fromLatin1(apiV3Key.toBase64()) },
        { u"public_key_pem"_s, QString::fromLatin1(publicKeyPem) },
        { u"serial_no"_s, serialNo } };
}

WeChatMerchant WeChatMerchant::fromJson(const QJsonObject& o)
{
    WeChatMerchant m;
    m.mchid = o.value(u"mchid"_s).toString();
    m.appid = o.value(u"appid"_s).toString();
    m.apiV3Key = QByteArray::fromBase64(o.value(u"apiv3_key"_s).toString().toLatin1());
    m.publicKeyPem = o.value(u"public_key_pem"_s).toString().toLatin1();
    m.serialNo = o.value(u"serial_no"_s).toString();
    return m;
}

QJsonObject AlipayMerchant::toJson() const
{
    return {
        { u"app_id"_s, appId }, { u"pid"_s, pid }, { u"app_public_key_pem"_s, QString::fromLatin1(appPublicKeyPem) }
    };
}

AlipayMerchant AlipayMerchant::fromJson(const QJsonObject& o)
{
    AlipayMerchant m;
    m.appId = o.value(u"app_id"_s).toString();
    m.pid = o.value(u"pid"_s).toString();
    m.appPublicKeyPem = o.value(u"app_public_key_pem"_s).toString().toLatin1();
    return m;
}

QString orderStateName(OrderState state)
{
    switch (state) {
    case OrderState::Created:
        return u"CREATED"_s;
    case OrderState::Scanned:
        return u"SCANNED"_s;
    case OrderState::Paid:
        return u"PAID"_s;
    case OrderState::Closed:
        return u"CLOSED"_s;
    case OrderState::PayError:
        return u"PAYERROR"_s;
    }
    return {};
}

static OrderState orderStateFromName(const QString& s)
{
    for (auto st :
        { OrderState::Created, OrderState::Scanned, OrderState::Paid, OrderState::Closed, OrderState::PayError }) {
        if (orderStateName(st) == s)
            return st;
    }
    return OrderState::Created;
}

QJsonObject SimOrder::toJson() const
{
    return { { u"channel"_s, simChannelName(channel) },
        { u"merchant_id"_s, merchantId },
        { u"app_id"_s, appId },
        { u"out_trade_no"_s, outTradeNo },
        { u"description"_s, description },
        { u"attach"_s, attach },
        { u"total_fen"_s, totalFen },
        { u"notify_url"_s, notifyUrl },
        { u"created_ms"_s, createdMs },
        { u"expires_ms"_s, expiresMs },
        { u"code_url"_s, codeUrl },
        { u"code_url_expires_ms"_s, codeUrlExpiresMs },
        { u"pay_window_ms"_s, payWindowMs },
        { u"params_digest"_s, paramsDigest },
        { u"state"_s, orderStateName(state) },
        { u"transaction_id"_s, transactionId },
        { u"scanned_ms"_s, scannedMs },
        { u"paid_ms"_s, paidMs },
        { u"closed_ms"_s, closedMs },
        { u"buyer_id"_s, buyerId } };
}

SimOrder SimOrder::fromJson(const QJsonObject& o)
{
    SimOrder r;
    r.channel = o.value(u"channel"_s).toString() == u"alipay"_s ? SimChannel::Alipay : SimChannel::WeChat;
    r.merchantId = o.value(u"merchant_id"_s).toString();
    r.appId = o.value(u"app_id"_s).toString();
    r.outTradeNo = o.value(u"out_trade_no"_s).toString();
    r.description = o.value(u"description"_s).toString();
    r.attach = o.value(u"attach"_s).toString();
    r.totalFen = o.value(u"total_fen"_s).toInteger();
    r.notifyUrl = o.value(u"notify_url"_s).toString();
    r.createdMs = o.value(u"created_ms"_s).toInteger();
    r.expiresMs = o.value(u"expires_ms"_s).toInteger();
    r.codeUrl = o.value(u"code_url"_s).toString();
    r.codeUrlExpiresMs = o.value(u"code_url_expires_ms"_s).toInteger();
    r.payWindowMs = o.value(u"pay_window_ms"_s).toInteger();
    r.paramsDigest = o.value(u"params_digest"_s).toString();
    r.state = orderStateFromName(o.value(u"state"_s).toString());
    r.transactionId = o.value(u"transaction_id"_s).toString();
    r.scannedMs = o.value(u"scanned_ms"_s).toInteger();
    r.paidMs = o.value(u"paid_ms"_s).toInteger();
    r.closedMs = o.value(u"closed_ms"_s).toInteger();
    r.buyerId = o.value(u"buyer_id"_s).toString();
    return r;
}

QString refundStateName(RefundState state)
{
    switch (state) {
    case RefundState::Processing:
        return u"PROCESSING"_s;
    case RefundState::Success:
        return u"SUCCESS"_s;
    case RefundState::Abnormal:
        return u"ABNORMAL"_s;
    case RefundState::Closed:
        return u"CLOSED"_s;
    }
    return {};
}

bool parseRefundState(const QString& text, RefundState* state)
{
    for (auto s : { RefundState::Processing, RefundState::Success, RefundState::Abnormal, RefundState::Closed }) {
        if (refundStateName(s) == text) {
            *state = s;
            return true;
        }
    }
    return false;
}

QJsonObject SimRefund::toJson() const
{
    return { { u"channel"_s, simChannelName(channel) },
        { u"merchant_id"_s, merchantId },
        { u"out_trade_no"_s, outTradeNo },
        { u"out_refund_no"_s, outRefundNo },
        { u"refund_id"_s, refundId },
        { u"refund_fen"_s, refundFen },
        { u"total_fen"_s, totalFen },
        { u"reason"_s, reason },
        { u"notify_url"_s, notifyUrl },
        { u"state"_s, refundStateName(state) },
        { u"created_ms"_s, createdMs },
        { u"success_ms"_s, successMs } };
}

SimRefund SimRefund::fromJson(const QJsonObject& o)
{
    SimRefund r;
    r.channel = o.value(u"channel"_s).toString() == u"alipay"_s ? SimChannel::Alipay : SimChannel::WeChat;
    r.merchantId = o.value(u"merchant_id"_s).toString();
    r.outTradeNo = o.value(u"out_trade_no"_s).toString();
    r.outRefundNo = o.value(u"out_refund_no"_s).toString();
    r.refundId = o.value(u"refund_id"_s).toString();
    r.refundFen = o.value(u"refund_fen"_s).toInteger();
    r.totalFen = o.value(u"total_fen"_s).toInteger();
    r.reason = o.value(u"reason"_s).toString();
    r.notifyUrl = o.value(u"notify_url"_s).toString();
    parseRefundState(o.value(u"state"_s).toString(), &r.state);
    r.createdMs = o.value(u"created_ms"_s).toInteger();
    r.successMs = o.value(u"success_ms"_s).toInteger();
    return r;
}

SimResponse SimResponse::json(int status, const QByteArray& body)
{
    SimResponse r;
    r.status = status;
    r.body = body;
    r.headers.append({ QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json; charset=utf-8") });
    return r;
}

SimResponse SimResponse::text(int status, const QByteArray& body, const QByteArray& contentType)
{
    SimResponse r;
    r.status = status;
    r.body = body;
    r.headers.append({ QByteArrayLiteral("Content-Type"), contentType });
    return r;
}

QByteArray SimRequest::header(QByteArrayView name) const
{
    for (const auto& h : headers) {
        if (h.first.compare(name, Qt::CaseInsensitive) == 0)
            return h.second;
    }
    return {};
}

QString SimRequest::queryItem(const QString& key) const
{
    const QUrlQuery q(QString::fromUtf8(query));
    return q.queryItemValue(key, QUrl::FullyDecoded);
}

} // namespace paydesk::sim
