#include "core/sim/AlipayEndpoints.h"

#include <QJsonDocument>
#include <QTimeZone>

using namespace Qt::StringLiterals;

namespace paydesk::sim {

namespace {

constexpr qint64 kMinuteMs = 60 * 1000;

QJsonObject err(const QString& code, const QString& msg, const QString& subCode, const QString& subMsg)
{
    return { { u"code"_s, code }, { u"msg"_s, msg }, { u"sub_code"_s, subCode }, { u"sub_msg"_s, subMsg } };
}

QJsonObject invalid(const QString& subCode, const QString& subMsg)
{
    return err(u"40002"_s, u"Invalid Arguments"_s, subCode, subMsg);
}

QJsonObject missing(const QString& subCode, const QString& subMsg)
{
    return err(u"40001"_s, u"Missing Required Arguments"_s, subCode, subMsg);
}

const QStringList& knownMethods()
{
    static const QStringList m = { u"alipay.trade.precreate"_s,
        u"alipay.trade.query"_s,
        u"alipay.trade.close"_s,
        u"alipay.trade.refund"_s,
        u"alipay.trade.fastpay.refund.query"_s,
        u"alipay.data.dataservice.bill.downloadurl.query"_s };
    return m;
}

} // namespace

AlipayEndpoints::AlipayEndpoints(SimContext& ctx)
    : m_ctx(ctx)
{
}

bool AlipayEndpoints::handles(const SimRequest& request)
{
    return request.path == "/gateway.do" || request.path == "/alipay/bill/download";
}

SimResponse AlipayEndpoints::respond(const QString& method, const Answer& answer)
{
    const QByteArray inner = alipay::responseJson(answer.inner);
    auto body = alipay::signedResponse(m_ctx.keys.alipayKey(), alipay::responseKey(method), inner);
    SimResponse r = SimResponse::json(200, body ? *body : alipay::errorResponse(inner));
    r.holdMs = answer.holdMs;
    return answer.finish ? answer.finish(std::move(r)) : r;
}

namespace {

/// The request's parameters: public ones may come in the query (alipay-sdk) and the rest in the form body; a key in
/// both is refused. The gateway's error answer when they cannot be read.
std::optional<SimResponse> gatherParams(const SimRequest& request, alipay::Params& out)
{
    auto params = alipay::parseForm(request.query);
    if (!params)
        return SimResponse::json(200,
            alipay::errorResponse(alipay::responseJson(invalid(u"isv.invalid-parameter"_s, params.error().detail))));
    if (!request.body.isEmpty()) {
        const QByteArray contentType = request.header("Content-Type").toLower();
        if (!contentType.startsWith("application/x-www-form-urlencoded"))
            return SimResponse::json(200,
                alipay::errorResponse(alipay::responseJson(
                    invalid(u"isv.invalid-content-type"_s, u"Content-Type 须为 application/x-www-form-urlencoded"_s))));
        auto bodyParams = alipay::parseForm(request.body);
        if (!bodyParams)
            return SimResponse::json(200,
                alipay::errorResponse(
                    alipay::responseJson(invalid(u"isv.invalid-parameter"_s, bodyParams.error().detail))));
        for (auto it = bodyParams->cbegin(); it != bodyParams->cend(); ++it) {
            if (params->contains(it.key()))
                return SimResponse::json(200,
                    alipay::errorResponse(
                        alipay::responseJson(invalid(u"isv.invalid-parameter"_s, u"重复的参数：%1"_s.arg(it.key())))));
            params->insert(it.key(), it.value());
        }
    }
    out = *params;
    return std::nullopt;
}

} // namespace

SimResponse AlipayEndpoints::handle(const SimRequest& request)
{
    if (request.path == "/alipay/bill/download")
        return billFile(request);
    if (request.method != "POST")
        return SimResponse::text(405, QByteArrayLiteral("method not allowed"), QByteArrayLiteral("text/plain"));
    alipay::Params p;
    if (auto refused = gatherParams(request, p))
        return *refused;
    const QString method = p.value(u"method"_s);
    auto fail = [&](const QJsonObject& inner) {
        if (!knownMethods().contains(method))
            return SimResponse::json(200, alipay::errorResponse(alipay::responseJson(inner)));
        return respond(method, Answer { inner, 0 });
    };
    if (method.isEmpty())
        return fail(missing(u"isv.missing-method"_s, u"缺少方法名参数"_s));
    if (!knownMethods().contains(method))
        return fail(invalid(u"isv.invalid-method"_s, u"不存在的方法名"_s));
    if (p.value(u"app_id"_s).isEmpty())
        return fail(missing(u"isv.missing-app-id"_s, u"缺少AppID参数"_s));
    const auto merchantIt = m_ctx.alipayMerchants.constFind(p.value(u"app_id"_s));
    if (merchantIt == m_ctx.alipayMerchants.constEnd())
        return fail(invalid(u"isv.invalid-app-id"_s, u"无效的AppID参数"_s));
    if (p.value(u"sign"_s).isEmpty())
        return fail(missing(u"isv.missing-signature"_s, u"缺少签名参数"_s));
    if (p.value(u"sign_type"_s) != u"RSA2"_s)
        return fail(invalid(u"isv.invalid-signature-type"_s, u"无效的签名类型：仅支持 RSA2"_s));
    if (!p.value(u"charset"_s).isEmpty() && p.value(u"charset"_s).compare(u"utf-8"_s, Qt::CaseInsensitive) != 0)
        return fail(invalid(u"isv.invalid-charset"_s, u"字符集错误：仅支持 utf-8"_s));
    if (p.value(u"version"_s) != u"1.0"_s)
        return fail(invalid(u"isv.invalid-version"_s, u"版本号错误：须为 1.0"_s));
    if (!p.value(u"format"_s).isEmpty() && p.value(u"format"_s).compare(u"JSON"_s, Qt::CaseInsensitive) != 0)
        return fail(invalid(u"isv.invalid-format"_s, u"无效的数据格式：仅支持 JSON"_s));
    const QString content = QString::fromUtf8(alipay::signContent(p, alipay::SignRule::Request));
    const auto key = crypto::RsaPublicKey::fromPem(merchantIt->appPublicKeyPem);
    if (!key || !alipay::verifyRsa2(*key, content.toUtf8(), p.value(u"sign"_s).toLatin1()))
        return fail(invalid(u"isv.invalid-signature"_s,
            u"验签出错，建议检查签名字符串或签名私钥与应用公钥是否匹配，网关生成的验签字符串为：%1"_s.arg(content)));
    const QDateTime ts = QDateTime::fromString(p.value(u"timestamp"_s), u"yyyy-MM-dd HH:mm:ss"_s);
    if (p.value(u"timestamp"_s).isEmpty())
        return fail(missing(u"isv.missing-timestamp"_s, u"缺少时间戳参数"_s));
    if (!ts.isValid())
        return fail(invalid(u"isv.invalid-timestamp"_s, u"非法的时间戳参数：格式须为 yyyy-MM-dd HH:mm:ss"_s));
    // The timestamp is China time; the gateway allows a few minutes of clock skew.
    const QDateTime china(ts.date(), ts.time(), QTimeZone(8 * 3600));
    if (std::llabs(china.toMSecsSinceEpoch() - m_ctx.nowMs()) > 15 * kMinuteMs)
        return fail(invalid(u"isv.invalid-timestamp"_s, u"非法的时间戳参数：与服务器时间相差超过15分钟"_s));
    QJsonParseError perr;
    const QJsonDocument bizDoc = QJsonDocument::fromJson(p.value(u"biz_content"_s).toUtf8(), &perr);
    if (p.value(u"biz_content"_s).isEmpty())
        return fail(missing(u"isv.missing-biz-content"_s, u"缺少 biz_content 参数"_s));
    if (perr.error != QJsonParseError::NoError || !bizDoc.isObject())
        return fail(invalid(u"isv.invalid-biz-content"_s, u"biz_content 不是合法的 JSON 对象"_s));
    const QJsonObject biz = bizDoc.object();
    const AlipayMerchant& merchant = merchantIt.value();
    if (method == u"alipay.trade.precreate"_s)
        return respond(method, precreate(p, biz, merchant));
    if (method == u"alipay.trade.query"_s)
        return respond(method, query(biz, merchant));
    if (method == u"alipay.trade.close"_s)
        return respond(method, close(biz, merchant));
    if (method == u"alipay.trade.refund"_s)
        return respond(method, refund(biz, merchant));
    if (method == u"alipay.trade.fastpay.refund.query"_s)
        return respond(method, refundQuery(biz, merchant));
    return respond(method, billUrl(biz, merchant));
}

std::optional<SimOrder> AlipayEndpoints::trade(
    const QJsonObject& biz, const AlipayMerchant& merchant, bool* named) const
{
    const QString outTradeNo = biz.value(u"out_trade_no"_s).toString();
    const QString tradeNo = biz.value(u"trade_no"_s).toString();
    *named = !outTradeNo.isEmpty() || !tradeNo.isEmpty();
    std::optional<SimOrder> order;
    if (!outTradeNo.isEmpty()) {
        order = m_ctx.store.order(SimChannel::Alipay, merchant.appId, outTradeNo);
    } else if (!tradeNo.isEmpty()) {
        for (const SimOrder& o : m_ctx.store.orders()) {
            if (o.channel == SimChannel::Alipay && o.merchantId == merchant.appId && o.transactionId == tradeNo)
                order = o;
        }
    }
    if (order && !tradeNo.isEmpty() && order->transactionId != tradeNo)
        return std::nullopt;
    // A precreate order exists at Alipay only once a buyer scanned it.
    if (order && order->state == OrderState::Created)
        return std::nullopt;
    // A scanned trade nobody paid is closed by Alipay at its end (time_expire, or timeout_express after the scan).
    if (order && order->state == OrderState::Scanned && m_ctx.nowMs() >= order->expiresMs) {
        order->state = OrderState::Closed;
        order->closedMs = order->expiresMs;
        (void)m_ctx.store.putOrder(*order);
    }
    return order;
}

} // namespace paydesk::sim
