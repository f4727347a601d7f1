// The WeChat Pay operations behind the verified request (WeChatEndpoints.cpp does routing and verification).
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

#include "core/crypto/Hash.h"
#include "core/crypto/Random.h"
#include "core/sim/BillMaker.h"
#include "core/sim/SimTrades.h"
#include "core/sim/WeChatEndpoints.h"
#include "core/sim/WeChatSigning.h"

using namespace Qt::StringLiterals;

namespace paydesk::sim {

namespace {

constexpr qint64 kMinuteMs = 60 * 1000;
constexpr qint64 kCodeUrlMs = 2 * 60 * kMinuteMs;
constexpr qint64 kDefaultExpiryMs = 7 * 24 * 60 * kMinuteMs;
constexpr qint64 kMaxExpiryMs = 90 * 24 * 60 * kMinuteMs;
constexpr int kMaxRefundsPerOrder = 50;
constexpr qint64 kMaxAmountFen = 100000000000LL; // far above any real order; keeps sums inside int64

QByteArray compact(const QJsonObject& o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

/// Integer fen: a JSON number without a fractional part (WeChat amounts are integers, never yuan).
bool readFen(const QJsonValue& v, qint64* out)
{
    if (!v.isDouble())
        return false;
    constexpr qint64 kBad = std::numeric_limits<qint64>::min();
    const qint64 n = v.toInteger(kBad);
    if (n == kBad)
        return false;
    *out = n;
    return true;
}

QString newCodeUrl()
{
    return u"weixin://wxpay/bizpayurl?pr="_s + crypto::randomAlnum(9);
}

QJsonObject field(const QString& name)
{
    return { { u"field"_s, name }, { u"location"_s, u"body"_s } };
}

/// When an order stops being payable: time_expire (RFC 3339) clamped as WeChat does to [1 minute, 90 days] after
/// ordering, or the default without it; std::nullopt when it is malformed.
std::optional<qint64> readTimeExpire(const QJsonValue& value, qint64 now)
{
    if (value.isUndefined())
        return now + kDefaultExpiryMs;
    static const QRegularExpression kRfc3339(
        u"^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?(Z|[+-]\\d{2}:\\d{2})$"_s);
    const QString text = value.toString();
    const QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
    if (!kRfc3339.match(text).hasMatch() || !t.isValid())
        return std::nullopt;
    return std::clamp(t.toMSecsSinceEpoch(), now + kMinuteMs, now + kMaxExpiryMs);
}

/// The merchant's order a refund names, by out_trade_no or else by WeChat's transaction id.
std::optional<SimOrder> findOrder(
    const SimStore& store, const QString& mchid, const QString& outTradeNo, const QString& transactionId)
{
    if (!outTradeNo.isEmpty())
        return store.order(SimChannel::WeChat, mchid, outTradeNo);
    std::optional<SimOrder> found;
    for (const SimOrder& o : store.orders()) {
        if (o.channel == SimChannel::WeChat && o.merchantId == mchid && o.transactionId == transactionId)
            found = o;
    }
    return found;
}

/// What the order's earlier refunds hold of its amount.
qint64 reservedFen(const QList<SimRefund>& refunds)
{
    qint64 reserved = 0;
    for (const SimRefund& r : refunds) {
        if (r.reservesFunds())
            reserved += r.refundFen;
    }
    return reserved;
}

} // namespace

SimResponse WeChatEndpoints::prepay(const SimRequest& request, const WeChatMerchant& merchant)
{
    static const QRegularExpression kOutTradeNo(u"^[0-9A-Za-z_\\-|*]{6,32}$"_s);
    QJsonParseError perr;
    const QJsonDocument doc = QJsonDocument::fromJson(request.body, &perr);
    if (perr.error != QJsonParseError::NoError || !doc.isObject())
        return error(400, u"PARAM_ERROR"_s, u"请求体不是合法的JSON对象：%1"_s.arg(perr.errorString()));
    const QJsonObject body = doc.object();
    auto str = [&](const char* name) {
        return body.value(QLatin1StringView(name));
    };
    auto paramError = [&](const QString& name, const QString& msg) {
        return error(400, u"PARAM_ERROR"_s, msg, field(name));
    };
    if (!str("appid").isString() || str("appid").toString().isEmpty())
        return paramError(u"appid"_s, u"输入源“/body/appid”映射到字段“公众账号ID”必填性规则校验失败，此字段为必填项"_s);
    if (!str("mchid").isString() || str("mchid").toString().isEmpty())
        return paramError(u"mchid"_s, u"输入源“/body/mchid”映射到字段“直连商户号”必填性规则校验失败，此字段为必填项"_s);
    if (str("mchid").toString() != merchant.mchid)
        return paramError(u"mchid"_s, u"mchid与请求签名中的商户号不一致"_s);
    if (str("appid").toString() != merchant.appid)
        return error(400, u"APPID_MCHID_NOT_MATCH"_s, u"AppID和mch_id不匹配"_s);
    const QString description = str("description").toString();
    if (!str("description").isString() || description.isEmpty() || description.size() > 127)
        return paramError(u"description"_s, u"description 必填，长度不超过127个字符"_s);
    const QString outTradeNo = str("out_trade_no").toString();
    if (!str("out_trade_no").isString() || !kOutTradeNo.match(outTradeNo).hasMatch())
        return paramError(u"out_trade_no"_s, u"out_trade_no 须为6-32位数字、大小写字母或_-|*"_s);
    const QString notifyUrl = str("notify_url").toString();
    QString why;
    if (!str("notify_url").isString() || !isAcceptableNotifyUrl(notifyUrl, &why))
        return paramError(u"notify_url"_s, why.isEmpty() ? u"notify_url 必填"_s : why);
    if (!str("attach").isUndefined() && (!str("attach").isString() || str("attach").toString().size() > 128))
        return paramError(u"attach"_s, u"attach 长度不超过128个字符"_s);
    const QJsonValue amountValue = str("amount");
    if (!amountValue.isObject())
        return paramError(u"amount"_s, u"amount 必填"_s);
    const QJsonObject amount = amountValue.toObject();
    qint64 total = 0;
    if (!readFen(amount.value(u"total"_s), &total) || total <= 0 || total > kMaxAmountFen)
        return paramError(u"amount.total"_s, u"amount.total 须为大于0的整数（单位：分）"_s);
    if (!amount.value(u"currency"_s).isUndefined() && amount.value(u"currency"_s).toString() != u"CNY"_s)
        return paramError(u"amount.currency"_s, u"amount.currency 仅支持 CNY"_s);

    const qint64 now = m_ctx.nowMs();
    const QString timeExpire = str("time_expire").toString();
    const std::optional<qint64> expires = readTimeExpire(str("time_expire"), now);
    if (!expires)
        return paramError(u"time_expire"_s, u"time_expire 须为 RFC 3339 格式，如 2018-06-08T10:34:56+08:00"_s);
    const QString digest =
        QStringList {
            merchant.appid, description, QString::number(total), notifyUrl, str("attach").toString(), timeExpire
        }
            .join(QChar(0x1f));

    if (auto existing = m_ctx.store.order(SimChannel::WeChat, merchant.mchid, outTradeNo)) {
        if (existing->state == OrderState::Paid)
            return error(403, u"ORDERPAID"_s, u"该订单已支付"_s);
        if (existing->state == OrderState::Closed || existing->state == OrderState::PayError)
            return error(400, u"ORDER_CLOSED"_s, u"该订单已关闭"_s);
        if (existing->paramsDigest != digest)
            return error(400, u"INVALID_REQUEST"_s, u"201 商户订单号重复"_s);
        if (now >= existing->codeUrlExpiresMs) {
            existing->codeUrl = newCodeUrl();
            existing->codeUrlExpiresMs = std::min(now + kCodeUrlMs, existing->expiresMs);
            if (auto st = m_ctx.store.putOrder(*existing); !st)
                return error(500, u"SYSTEM_ERROR"_s, u"系统错误"_s);
        }
        return signedResponse(200, compact({ { u"code_url"_s, existing->codeUrl } }));
    }
    SimOrder order;
    order.channel = SimChannel::WeChat;
    order.merchantId = merchant.mchid;
    order.appId = merchant.appid;
    order.outTradeNo = outTradeNo;
    order.description = description;
    order.attach = str("attach").toString();
    order.totalFen = total;
    order.notifyUrl = notifyUrl;
    order.createdMs = now;
    order.expiresMs = *expires;
    order.codeUrl = newCodeUrl();
    order.codeUrlExpiresMs = std::min(now + kCodeUrlMs, *expires);
    order.paramsDigest = digest;
    if (auto st = m_ctx.store.putOrder(order); !st)
        return error(500, u"SYSTEM_ERROR"_s, u"系统错误"_s);
    return signedResponse(200, compact({ { u"code_url"_s, order.codeUrl } }));
}

SimResponse WeChatEndpoints::query(const SimRequest& request, const WeChatMerchant& merchant, const QString& outTradeNo)
{
    const QString mchid = request.queryItem(u"mchid"_s);
    if (mchid.isEmpty())
        return error(
            400, u"PARAM_ERROR"_s, u"缺少参数 mchid"_s, { { u"field"_s, u"mchid"_s }, { u"location"_s, u"query"_s } });
    if (mchid != merchant.mchid)
        return error(400, u"PARAM_ERROR"_s, u"mchid与请求签名中的商户号不一致"_s);
    const FaultSet faults = m_ctx.faults.forOrder(outTradeNo);
    SimResponse r;
    if (faults.queryError) {
        r = error(500, u"SYSTEM_ERROR"_s, u"系统错误"_s);
    } else if (auto order = m_ctx.store.order(SimChannel::WeChat, merchant.mchid, outTradeNo)) {
        const bool refunded = !m_ctx.store.refundsOf(SimChannel::WeChat, merchant.mchid, outTradeNo).isEmpty();
        r = signedResponse(200, compact(wechatTransactionJson(*order, refunded)));
    } else {
        r = error(404, u"ORDER_NOT_EXIST"_s, u"订单不存在"_s);
    }
    r.holdMs = faults.queryHoldMs;
    return r;
}

SimResponse WeChatEndpoints::close(const SimRequest& request, const WeChatMerchant& merchant, const QString& outTradeNo)
{
    QJsonParseError perr;
    const QJsonDocument doc = QJsonDocument::fromJson(request.body, &perr);
    if (perr.error != QJsonParseError::NoError || !doc.isObject())
        return error(400, u"PARAM_ERROR"_s, u"请求体不是合法的JSON对象"_s);
    const QJsonValue mchid = doc.object().value(u"mchid"_s);
    if (!mchid.isString() || mchid.toString().isEmpty())
        return error(400, u"PARAM_ERROR"_s, u"mchid 必填"_s, field(u"mchid"_s));
    if (mchid.toString() != merchant.mchid)
        return error(400, u"PARAM_ERROR"_s, u"mchid与请求签名中的商户号不一致"_s, field(u"mchid"_s));
    auto order = m_ctx.store.order(SimChannel::WeChat, merchant.mchid, outTradeNo);
    if (!order)
        return error(404, u"ORDER_NOT_EXIST"_s, u"订单不存在"_s);
    if (order->state == OrderState::Paid)
        return error(403, u"ORDERPAID"_s, u"订单已支付，不能关闭"_s);
    if (order->state == OrderState::Closed)
        return error(400, u"ORDER_CLOSED"_s, u"订单已关闭"_s);
    order->state = OrderState::Closed;
    order->closedMs = m_ctx.nowMs();
    if (auto st = m_ctx.store.putOrder(*order); !st)
        return error(500, u"SYSTEM_ERROR"_s, u"系统错误"_s);
    return signedResponse(204, QByteArray());
}

SimResponse WeChatEndpoints::refund(const SimRequest& request, const WeChatMerchant& merchant)
{
    static const QRegularExpression kOutRefundNo(u"^[0-9A-Za-z_\\-|*@]{1,64}$"_s);
    QJsonParseError perr;
    const QJsonDocument doc = QJsonDocument::fromJson(request.body, &perr);
    if (perr.error != QJsonParseError::NoError || !doc.isObject())
        return error(400, u"PARAM_ERROR"_s, u"请求体不是合法的JSON对象"_s);
    const QJsonObject body = doc.object();
    const QString outRefundNo = body.value(u"out_refund_no"_s).toString();
    if (!kOutRefundNo.match(outRefundNo).hasMatch())
        return error(
            400, u"PARAM_ERROR"_s, u"out_refund_no 须为1-64位数字、大小写字母或_-|*@"_s, field(u"out_refund_no"_s));
    const QString outTradeNo = body.value(u"out_trade_no"_s).toString();
    const QString transactionId = body.value(u"transaction_id"_s).toString();
    if (outTradeNo.isEmpty() && transactionId.isEmpty())
        return error(400, u"PARAM_ERROR"_s, u"transaction_id 和 out_trade_no 必须二选一"_s);
    if (body.value(u"reason"_s).toString().size() > 80)
        return error(400, u"PARAM_ERROR"_s, u"reason 长度不超过80个字符"_s, field(u"reason"_s));
    const QString notifyUrl = body.value(u"notify_url"_s).toString();
    QString why;
    if (!notifyUrl.isEmpty() && !isAcceptableNotifyUrl(notifyUrl, &why))
        return error(400, u"PARAM_ERROR"_s, why, field(u"notify_url"_s));
    const QJsonObject amount = body.value(u"amount"_s).toObject();
    qint64 refundFen = 0;
    qint64 totalFen = 0;
    if (!readFen(amount.value(u"refund"_s), &refundFen) || refundFen <= 0 || refundFen > kMaxAmountFen)
        return error(400, u"PARAM_ERROR"_s, u"amount.refund 须为大于0的整数（单位：分）"_s, field(u"amount.refund"_s));
    if (!readFen(amount.value(u"total"_s), &totalFen) || totalFen <= 0 || totalFen > kMaxAmountFen)
        return error(400, u"PARAM_ERROR"_s, u"amount.total 须为大于0的整数（单位：分）"_s, field(u"amount.total"_s));
    if (amount.value(u"currency"_s).toString() != u"CNY"_s)
        return error(400, u"PARAM_ERROR"_s, u"amount.currency 必填，仅支持 CNY"_s, field(u"amount.currency"_s));

    const std::optional<SimOrder> order = findOrder(m_ctx.store, merchant.mchid, outTradeNo, transactionId);
    if (!order || (!transactionId.isEmpty() && order->transactionId != transactionId))
        return error(404, u"RESOURCE_NOT_EXISTS"_s, u"订单不存在"_s);
    if (order->state != OrderState::Paid)
        return error(404, u"RESOURCE_NOT_EXISTS"_s, u"订单未支付，不能退款"_s);
    if (auto existing = m_ctx.store.refund(SimChannel::WeChat, merchant.mchid, QString(), outRefundNo)) {
        // A retry with the same out_refund_no: the same refund, or a conflict.
        if (existing->outTradeNo != order->outTradeNo || existing->refundFen != refundFen
            || existing->totalFen != totalFen)
            return error(400, u"INVALID_REQUEST"_s, u"订单金额或退款金额与之前请求不一致，请核实后再试"_s);
        return signedResponse(200, compact(wechatRefundJson(*existing, *order)));
    }
    if (totalFen != order->totalFen)
        return error(400, u"INVALID_REQUEST"_s, u"订单金额或退款金额与之前请求不一致，请核实后再试"_s);
    const auto previous = m_ctx.store.refundsOf(SimChannel::WeChat, merchant.mchid, order->outTradeNo);
    const qint64 reserved = reservedFen(previous);
    if (reserved >= order->totalFen)
        return error(400, u"INVALID_REQUEST"_s, u"订单已全额退款"_s);
    if (reserved + refundFen > order->totalFen)
        return error(400, u"INVALID_REQUEST"_s, u"申请退款金额超过订单可退金额"_s);
    if (previous.size() >= kMaxRefundsPerOrder)
        return error(400, u"INVALID_REQUEST"_s, u"订单部分退款次数已达上限（50次）"_s);
    if (m_ctx.faults.forOrder(order->outTradeNo).balanceNotEnough)
        return error(403, u"NOT_ENOUGH"_s, u"基本账户余额不足，请充值后重新发起"_s);
    const FaultSet fault = m_ctx.faults.takeRefundFault(order->outTradeNo);
    if (auto instead =
            m_ctx.faults.beforeRefundAccepted(fault, order->outTradeNo, outRefundNo, [this, request, merchant] {
                return refund(request, merchant);
            }))
        return *instead;

    SimRefund refund;
    refund.channel = SimChannel::WeChat;
    refund.merchantId = merchant.mchid;
    refund.outTradeNo = order->outTradeNo;
    refund.outRefundNo = outRefundNo;
    refund.refundId = u"50"_s + randomDigits(27);
    refund.refundFen = refundFen;
    refund.totalFen = totalFen;
    refund.reason = body.value(u"reason"_s).toString();
    refund.notifyUrl = notifyUrl.isEmpty() ? order->notifyUrl : notifyUrl;
    refund.createdMs = m_ctx.nowMs();
    if (auto st = m_ctx.store.putRefund(refund); !st)
        return error(500, u"SYSTEM_ERROR"_s, u"系统错误"_s);
    m_ctx.trades->refundAccepted(refund);
    SimResponse answer = fault.refundAnswer == RefundAnswer::Error500
        ? error(500, u"SYSTEM_ERROR"_s, u"系统错误"_s)
        : signedResponse(200, compact(wechatRefundJson(refund, *order)));
    return m_ctx.faults.afterRefundAccepted(
        fault, SimChannel::WeChat, std::move(answer), refund.outTradeNo, refund.outRefundNo);
}

SimResponse WeChatEndpoints::refundQuery(const WeChatMerchant& merchant, const QString& outRefundNo)
{
    const auto refund = m_ctx.store.refund(SimChannel::WeChat, merchant.mchid, QString(), outRefundNo);
    const FaultSet faults = m_ctx.faults.forOrder(refund ? refund->outTradeNo : QString());
    SimResponse r;
    if (faults.queryError) {
        r = error(500, u"SYSTEM_ERROR"_s, u"系统错误"_s);
    } else if (!refund) {
        r = error(404, u"RESOURCE_NOT_EXISTS"_s, u"退款单不存在"_s);
    } else {
        const auto order = m_ctx.store.order(SimChannel::WeChat, merchant.mchid, refund->outTradeNo);
        r = signedResponse(200, compact(wechatRefundJson(*refund, order.value_or(SimOrder()))));
    }
    r.holdMs = faults.queryHoldMs;
    return r;
}

SimResponse WeChatEndpoints::tradeBill(const SimRequest& request, const WeChatMerchant& merchant)
{
    const QString dateText = request.queryItem(u"bill_date"_s);
    const QDate date = QDate::fromString(dateText, u"yyyy-MM-dd"_s);
    if (!date.isValid())
        return error(400, u"PARAM_ERROR"_s, u"bill_date 须为 yyyy-MM-dd 格式"_s);
    const QString billType = request.queryItem(u"bill_type"_s);
    // The simulator makes the ALL bill (the console reconciles against it); SUCCESS and REFUND have other layouts.
    if (!billType.isEmpty() && billType != u"ALL"_s)
        return error(400, u"PARAM_ERROR"_s, u"模拟器仅支持 bill_type=ALL"_s);
    const QString tarType = request.queryItem(u"tar_type"_s);
    if (!tarType.isEmpty() && tarType != u"GZIP"_s)
        return error(400, u"PARAM_ERROR"_s, u"tar_type 仅支持 GZIP"_s);
    if (date > chinaTime(m_ctx.nowMs()).date())
        return error(400, u"NO_STATEMENT_EXIST"_s, u"账单日期不能晚于今天"_s);
    const QByteArray csv = BillMaker::wechatTradeBill(m_ctx, merchant.mchid, date);
    BillFile file;
    file.bytes = tarType == u"GZIP"_s ? BillMaker::gzip(csv) : csv;
    file.contentType = QByteArrayLiteral("application/octet-stream");
    file.expiresMs = SimContext::realNowMs() + 5 * kMinuteMs;
    const QString token = crypto::randomAlnum(32);
    m_ctx.billFiles.insert(token, file);
    QString url = m_ctx.settings.baseUrl + u"/v3/billdownload/file?token="_s + token;
    if (tarType == u"GZIP"_s)
        url += u"&tartype=gzip"_s;
    // hash_value is the SHA-1 of the uncompressed file, as the official sample checks it.
    return signedResponse(200,
        compact({ { u"hash_type"_s, u"SHA1"_s },
            { u"hash_value"_s, QString::fromLatin1(crypto::sha1(csv).toHex()) },
            { u"download_url"_s, url } }));
}

SimResponse WeChatEndpoints::billDownload(const SimRequest& request)
{
    const QString token = request.queryItem(u"token"_s);
    const auto it = m_ctx.billFiles.constFind(token);
    if (token.isEmpty() || it == m_ctx.billFiles.constEnd() || it->expiresMs < SimContext::realNowMs())
        return error(400, u"INVALID_REQUEST"_s, u"下载链接无效或已过期"_s);
    // The file itself is not signed (PROTOCOLS §1.3): the client checks the SHA-1 instead.
    return SimResponse::text(200, it->bytes, it->contentType);
}

SimResponse WeChatEndpoints::certificates(const WeChatMerchant& merchant)
{
    const auto info = crypto::readCertificate(m_ctx.keys.wechatCertPem());
    if (!info)
        return error(500, u"SYSTEM_ERROR"_s, u"系统错误"_s);
    const QByteArray nonce = crypto::randomAlnum(12).toLatin1();
    const auto resource = wechat::encryptResource(
        merchant.apiV3Key, nonce, QByteArrayLiteral("certificate"), u"certificate"_s, m_ctx.keys.wechatCertPem());
    if (!resource)
        return error(500, u"SYSTEM_ERROR"_s, u"系统错误"_s);
    QJsonObject encrypted = *resource;
    encrypted.remove(u"original_type"_s);
    const QJsonObject entry { { u"serial_no"_s, m_ctx.keys.wechatCertSerial() },
        { u"effective_time"_s, rfc3339(info->notBeforeSecs * 1000) },
        { u"expire_time"_s, rfc3339(info->notAfterSecs * 1000) },
        { u"encrypt_certificate"_s, encrypted } };
    return signedResponse(200, compact({ { u"data"_s, QJsonArray { entry } } }));
}

} // namespace paydesk::sim
