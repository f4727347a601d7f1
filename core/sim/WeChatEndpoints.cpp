#include "core/sim/WeChatEndpoints.h"

#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QUrl>

#include "core/crypto/Random.h"
#include "core/sim/WeChatSigning.h"

using namespace Qt::StringLiterals;

namespace paydesk::sim {

namespace {

QString decodeSegment(const QString& s)
{
    return QUrl::fromPercentEncoding(s.toUtf8());
}

QByteArray compact(const QJsonObject& o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

} // namespace

bool isAcceptableNotifyUrl(const QString& text, QString* why)
{
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty()) {
        *why = u"notify_url 格式错误"_s;
        return false;
    }
    if (url.hasQuery()) {
        *why = u"notify_url 不能携带参数"_s;
        return false;
    }
    if (url.scheme() == u"https"_s)
        return true;
    const QHostAddress host(url.host());
    const bool loopback = url.host() == u"localhost"_s || (!host.isNull() && host.isLoopback());
    if (url.scheme() == u"http"_s && loopback)
        return true;
    *why = u"notify_url 必须为 https 地址"_s;
    return false;
}

QJsonObject wechatTransactionJson(const SimOrder& order, bool refunded)
{
    QJsonObject o { { u"appid"_s, order.appId },
        { u"mchid"_s, order.merchantId },
        { u"out_trade_no"_s, order.outTradeNo },
        { u"trade_type"_s, u"NATIVE"_s },
        { u"attach"_s, order.attach } };
    QJsonObject amount {
        { u"total"_s, order.totalFen }, { u"currency"_s, u"CNY"_s }, { u"payer_currency"_s, u"CNY"_s }
    };
    switch (order.state) {
    case OrderState::Created:
    case OrderState::Scanned:
        o.insert(u"trade_state"_s, u"NOTPAY"_s);
        o.insert(u"trade_state_desc"_s, u"订单未支付"_s);
        break;
    case OrderState::Closed:
        o.insert(u"trade_state"_s, u"CLOSED"_s);
        o.insert(u"trade_state_desc"_s, u"订单已关闭"_s);
        break;
    case OrderState::PayError:
        o.insert(u"trade_state"_s, u"PAYERROR"_s);
        o.insert(u"trade_state_desc"_s, u"支付失败，请重新下单支付"_s);
        break;
    case OrderState::Paid:
        o.insert(u"trade_state"_s, refunded ? u"REFUND"_s : u"SUCCESS"_s);
        o.insert(u"trade_state_desc"_s, refunded ? u"订单发生过退款，退款详情请查询退款单"_s : u"支付成功"_s);
        o.insert(u"transaction_id"_s, order.transactionId);
        o.insert(u"bank_type"_s, u"OTHERS"_s);
        o.insert(u"success_time"_s, rfc3339(order.paidMs));
        o.insert(u"payer"_s, QJsonObject { { u"openid"_s, order.buyerId } });
        amount.insert(u"payer_total"_s, order.totalFen);
        o.insert(u"promotion_detail"_s, QJsonArray());
        break;
    }
    o.insert(u"amount"_s, amount);
    return o;
}

QJsonObject wechatRefundJson(const SimRefund& refund, const SimOrder& order)
{
    QJsonObject o { { u"refund_id"_s, refund.refundId },
        { u"out_refund_no"_s, refund.outRefundNo },
        { u"transaction_id"_s, order.transactionId },
        { u"out_trade_no"_s, order.outTradeNo },
        { u"channel"_s, u"ORIGINAL"_s },
        { u"user_received_account"_s, u"支付用户零钱"_s },
        { u"create_time"_s, rfc3339(refund.createdMs) },
        { u"status"_s, refundStateName(refund.state) },
        { u"funds_account"_s, u"AVAILABLE"_s },
        { u"promotion_detail"_s, QJsonArray() } };
    if (refund.state == RefundState::Success)
        o.insert(u"success_time"_s, rfc3339(refund.successMs));
    o.insert(u"amount"_s,
        QJsonObject { { u"total"_s, refund.totalFen },
            { u"refund"_s, refund.refundFen },
            { u"from"_s, QJsonArray() },
            { u"payer_total"_s, refund.totalFen },
            { u"payer_refund"_s, refund.refundFen },
            { u"settlement_refund"_s, refund.refundFen },
            { u"settlement_total"_s, refund.totalFen },
            { u"discount_refund"_s, 0 },
            { u"currency"_s, u"CNY"_s },
            { u"refund_fee"_s, 0 } });
    return o;
}

QJsonObject wechatRefundNotifyJson(const SimRefund& refund, const SimOrder& order)
{
    QJsonObject o { { u"mchid"_s, order.merchantId },
        { u"transaction_id"_s, order.transactionId },
        { u"out_trade_no"_s, order.outTradeNo },
        { u"refund_id"_s, refund.refundId },
        { u"out_refund_no"_s, refund.outRefundNo },
        { u"refund_status"_s, refundStateName(refund.state) },
        { u"user_received_account"_s, u"支付用户零钱"_s },
        { u"amount"_s,
            QJsonObject { { u"total"_s, refund.totalFen },
                { u"refund"_s, refund.refundFen },
                { u"payer_total"_s, refund.totalFen },
                { u"payer_refund"_s, refund.refundFen } } } };
    if (refund.state == RefundState::Success)
        o.insert(u"success_time"_s, rfc3339(refund.successMs));
    return o;
}

WeChatEndpoints::WeChatEndpoints(SimContext& ctx)
    : m_ctx(ctx)
{
}

bool WeChatEndpoints::handles(const SimRequest& request)
{
    return request.path.startsWith("/v3/");
}

SimResponse WeChatEndpoints::signedResponse(int status, const QByteArray& body)
{
    SimResponse r;
    r.status = status;
    r.body = body;
    if (!body.isEmpty())
        r.headers.append({ QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json; charset=utf-8") });
    const auto signer = m_ctx.nextWeChatSigner();
    const QByteArray nonce = crypto::randomHex(32).toLatin1();
    auto headers = wechat::signedHeaders(*signer.key, signer.serial, m_ctx.clock->nowSecs(), nonce, body);
    if (headers)
        r.headers.append(*headers);
    // Request-ID is "<id>-<numeric code>"; 0 for success.
    const QByteArray code = status < 300 ? QByteArrayLiteral("0") : QByteArray::number(268435456 + status);
    r.headers.append({ QByteArrayLiteral("Request-ID"), crypto::randomHex(30).toLatin1() + '-' + code });
    return r;
}

SimResponse WeChatEndpoints::error(int status, const QString& code, const QString& message, const QJsonObject& detail)
{
    QJsonObject o { { u"code"_s, code }, { u"message"_s, message } };
    if (!detail.isEmpty())
        o.insert(u"detail"_s, detail);
    return signedResponse(status, compact(o));
}

std::optional<SimResponse> WeChatEndpoints::verify(const SimRequest& request, WeChatMerchant* merchant)
{
    const QByteArray header = request.header("Authorization");
    auto signError = [&](const QString& message, const QString& issue, const QJsonObject& extra = {}) {
        QJsonObject detail { { u"detail"_s, QJsonObject { { u"issue"_s, issue } } },
            { u"field"_s, u"signature"_s },
            { u"location"_s, u"authorization"_s } };
        for (auto it = extra.begin(); it != extra.end(); ++it)
            detail.insert(it.key(), it.value());
        return error(401, u"SIGN_ERROR"_s, message, detail);
    };
    if (header.isEmpty())
        return signError(u"Http头Authorization值为空"_s, u"authorization is empty"_s);
    const auto auth = wechat::parseAuthorization(header);
    if (!auth)
        return signError(u"Http头Authorization格式错误"_s, auth.error().detail);
    if (request.header("User-Agent").isEmpty())
        return error(400, u"INVALID_REQUEST"_s, u"Http头缺少User-Agent"_s);
    const auto it = m_ctx.wechatMerchants.constFind(auth->mchid);
    if (it == m_ctx.wechatMerchants.constEnd())
        return error(400, u"MCH_NOT_EXISTS"_s, u"商户号不存在"_s);
    *merchant = it.value();
    if (auth->serialNo.compare(merchant->serialNo, Qt::CaseInsensitive) != 0)
        return signError(u"商户证书序列号有误。"_s, u"serial_no does not match the merchant certificate"_s);
    bool numeric = false;
    const qint64 ts = auth->timestamp.toLongLong(&numeric);
    if (!numeric || auth->timestamp.size() > 10)
        return signError(u"Http头Authorization中timestamp格式错误"_s, u"timestamp must be seconds"_s);
    if (std::llabs(m_ctx.clock->nowSecs() - ts) >= 300)
        return signError(u"请求的时间戳已过期，请检查系统时间"_s, u"timestamp expired"_s);
    const QByteArray message = wechat::requestMessage(
        request.method, request.requestUri(), auth->timestamp.toUtf8(), auth->nonce.toUtf8(), request.body);
    const auto key = crypto::RsaPublicKey::fromPem(merchant->publicKeyPem);
    if (!key || !wechat::verify(*key, message, auth->signature)) {
        // WeChat echoes its own sign message, cut short, so a client can diff it with what it signed.
        const qsizetype bodyStart = message.size() - request.body.size() - 1;
        QByteArray truncated = message.left(bodyStart);
        if (!request.body.isEmpty())
            truncated += request.body.left(16) + "...\n";
        else
            truncated += '\n';
        return signError(u"签名错误，请检查后再试"_s,
            u"sign not match"_s,
            { { u"sign_information"_s,
                QJsonObject { { u"method"_s, QString::fromLatin1(request.method) },
                    { u"sign_message_length"_s, message.size() },
                    { u"truncated_sign_message"_s, QString::fromUtf8(truncated) },
                    { u"url"_s, QString::fromUtf8(request.requestUri()) } } } });
    }
    const QByteArray platformSerial = request.header("Wechatpay-Serial");
    if (!platformSerial.isEmpty() && platformSerial != m_ctx.keys.wechatCertSerial().toLatin1()
        && platformSerial != m_ctx.keys.wechatPublicKeyId().toLatin1())
        return error(400, u"PARAM_ERROR"_s, u"Wechatpay-Serial 无效：不是平台证书序列号或微信支付公钥ID"_s);
    if (request.method == "POST" && !request.header("Content-Type").startsWith("application/json"))
        return error(400, u"INVALID_REQUEST"_s, u"Content-Type 须为 application/json"_s);
    return std::nullopt;
}

SimResponse WeChatEndpoints::handle(const SimRequest& request)
{
    static const QRegularExpression kQuery(u"^/v3/pay/transactions/out-trade-no/([^/]+)$"_s);
    static const QRegularExpression kClose(u"^/v3/pay/transactions/out-trade-no/([^/]+)/close$"_s);
    static const QRegularExpression kRefundQuery(u"^/v3/refund/domestic/refunds/([^/]+)$"_s);
    const QString path = QString::fromUtf8(request.path);
    WeChatMerchant merchant;
    if (auto rejected = verify(request, &merchant))
        return *rejected;
    if (request.method == "POST" && path == u"/v3/pay/transactions/native"_s)
        return prepay(request, merchant);
    if (request.method == "GET") {
        if (auto m = kQuery.match(path); m.hasMatch())
            return query(request, merchant, decodeSegment(m.captured(1)));
        if (auto m = kRefundQuery.match(path); m.hasMatch())
            return refundQuery(merchant, decodeSegment(m.captured(1)));
        if (path == u"/v3/bill/tradebill"_s)
            return tradeBill(request, merchant);
        if (path == u"/v3/billdownload/file"_s)
            return billDownload(request);
        if (path == u"/v3/certificates"_s)
            return certificates(merchant);
    }
    if (request.method == "POST") {
        if (auto m = kClose.match(path); m.hasMatch())
            return close(request, merchant, decodeSegment(m.captured(1)));
        if (path == u"/v3/refund/domestic/refunds"_s)
            return refund(request, merchant);
    }
    return error(
        404, u"RESOURCE_NOT_EXISTS"_s, u"请求的资源不存在：%1 %2"_s.arg(QString::fromLatin1(request.method), path));
}

} // namespace paydesk::sim
