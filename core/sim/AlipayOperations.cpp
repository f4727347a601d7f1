// The Alipay methods behind a verified gateway request (AlipayEndpoints.cpp parses and verifies).
#include <limits>

#include <QJsonArray>
#include <QRegularExpression>
#include <QTimeZone>

#include "core/crypto/Random.h"
#include "core/money/Money.h"
#include "core/sim/AlipayEndpoints.h"
#include "core/sim/BillMaker.h"
#include "core/sim/SimTrades.h"
#include "core/sim/WeChatEndpoints.h"

using namespace Qt::StringLiterals;

namespace paydesk::sim {

namespace {

constexpr qint64 kMinuteMs = 60 * 1000;
constexpr qint64 kDefaultQrMs = 120 * kMinuteMs; // a precreate QR must be scanned within this by default
constexpr qint64 kMaxTimeoutMs = 15 * 1440 * kMinuteMs; // timeouts and time_expire: at most 15 days ahead
constexpr qint64 kMaxAmountFen = 10000000000LL; // 100,000,000.00 yuan, Alipay's upper bound

QJsonObject ok(QJsonObject fields = {})
{
    fields.insert(u"code"_s, u"10000"_s);
    fields.insert(u"msg"_s, u"Success"_s);
    return fields;
}

QJsonObject business(const QString& subCode, const QString& subMsg)
{
    return { { u"code"_s, u"40004"_s },
        { u"msg"_s, u"Business Failed"_s },
        { u"sub_code"_s, subCode },
        { u"sub_msg"_s, subMsg } };
}

QJsonObject invalidParam(const QString& subMsg)
{
    return { { u"code"_s, u"40002"_s },
        { u"msg"_s, u"Invalid Arguments"_s },
        { u"sub_code"_s, u"isv.invalid-parameter"_s },
        { u"sub_msg"_s, subMsg } };
}

QJsonObject systemError()
{
    return { { u"code"_s, u"20000"_s },
        { u"msg"_s, u"Service Currently Unavailable"_s },
        { u"sub_code"_s, u"ACQ.SYSTEM_ERROR"_s },
        { u"sub_msg"_s, u"系统错误"_s } };
}

/// Amounts are yuan strings with at most two decimals; a JSON number is refused too, as Alipay documents strings.
std::optional<qint64> readYuan(const QJsonValue& v)
{
    if (!v.isString())
        return std::nullopt;
    const auto m = Money::parse(v.toString());
    if (!m)
        return std::nullopt;
    return m->minorUnits();
}

qint64 refundedTotal(const QList<SimRefund>& refunds)
{
    qint64 sum = 0;
    for (const SimRefund& r : refunds) {
        if (r.state == RefundState::Success)
            sum += r.refundFen;
    }
    return sum;
}

std::optional<qint64> parseTimeout(const QString& text, qint64 nowMs)
{
    static const QRegularExpression kRe(u"^([1-9][0-9]*)([mhdc])$"_s);
    const auto m = kRe.match(text);
    if (!m.hasMatch())
        return std::nullopt;
    const qint64 n = m.captured(1).toLongLong();
    const QChar unit = m.captured(2).at(0);
    qint64 ms = 0;
    if (unit == u'c') {
        if (n != 1)
            return std::nullopt;
        const QDateTime t = chinaTime(nowMs);
        ms = t.msecsTo(QDateTime(t.date().addDays(1), QTime(0, 0), t.timeZone()));
    } else {
        ms = n * kMinuteMs * (unit == u'm' ? 1 : unit == u'h' ? 60 : 1440);
    }
    if (ms < kMinuteMs || ms > kMaxTimeoutMs)
        return std::nullopt;
    return ms;
}

/// time_expire: "yyyy-MM-dd HH:mm:ss" China time, later than now and at most 15 days ahead; epoch ms.
std::optional<qint64> parseTimeExpire(const QString& text, qint64 nowMs)
{
    static const QRegularExpression kRe(u"^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}$"_s);
    if (!kRe.match(text).hasMatch())
        return std::nullopt;
    const QDateTime t = QDateTime::fromString(text, u"yyyy-MM-dd HH:mm:ss"_s);
    if (!t.isValid())
        return std::nullopt;
    const qint64 ms = QDateTime(t.date(), t.time(), QTimeZone(8 * 3600)).toMSecsSinceEpoch();
    if (ms <= nowMs || ms > nowMs + kMaxTimeoutMs)
        return std::nullopt;
    return ms;
}

/// When a new precreate order stops being payable, as Alipay times 扫码支付: time_expire is absolute and wins over
/// timeout_express, which counts from the buyer's scan (the trade is created then), not from the precreate;
/// qr_code_timeout_express counts from the precreate and limits only the scan. The defaults: the QR lives two hours,
/// the scanned trade fifteen days.
struct Timing
{
    qint64 expiresMs = 0;
    qint64 codeUrlExpiresMs = 0;
    qint64 payWindowMs = 0;
};
std::optional<Timing> precreateTiming(const QJsonObject& biz, qint64 now, QString* why)
{
    Timing t;
    t.codeUrlExpiresMs = now + kDefaultQrMs;
    t.payWindowMs = kMaxTimeoutMs;
    qint64 end = std::numeric_limits<qint64>::max();
    for (const QString& key : { u"timeout_express"_s, u"qr_code_timeout_express"_s }) {
        if (!biz.contains(key))
            continue;
        const auto ms = parseTimeout(biz.value(key).toString(), now);
        if (!ms) {
            *why = u"%1 取值范围 1m～15d，或 1c"_s.arg(key);
            return std::nullopt;
        }
        if (key == u"qr_code_timeout_express"_s)
            t.codeUrlExpiresMs = now + *ms;
        else if (biz.value(key).toString() != u"1c"_s)
            t.payWindowMs = *ms;
        else
            end = now + *ms; // "1c": midnight, whenever the trade was created
    }
    // Before the scan the trade may live as long as the QR does plus its window; the scan fixes the real end.
    t.expiresMs = std::min(end, t.codeUrlExpiresMs + t.payWindowMs);
    if (biz.contains(u"time_expire"_s)) {
        const auto absolute = parseTimeExpire(biz.value(u"time_expire"_s).toString(), now);
        if (!absolute) {
            *why = u"time_expire 格式须为 yyyy-MM-dd HH:mm:ss，且晚于当前时间、不超过15天"_s;
            return std::nullopt;
        }
        t.expiresMs = *absolute;
        t.codeUrlExpiresMs = std::min(t.codeUrlExpiresMs, *absolute);
        t.payWindowMs = 0;
    }
    return t;
}

} // namespace

AlipayEndpoints::Answer AlipayEndpoints::precreate(
    const alipay::Params& p, const QJsonObject& biz, const AlipayMerchant& merchant)
{
    static const QRegularExpression kOutTradeNo(u"^[0-9A-Za-z_\\-|*.]{1,64}$"_s);
    const QString outTradeNo = biz.value(u"out_trade_no"_s).toString();
    if (!kOutTradeNo.match(outTradeNo).hasMatch())
        return { invalidParam(u"out_trade_no 须为1-64位字母、数字或下划线"_s) };
    const auto total = readYuan(biz.value(u"total_amount"_s));
    if (!total)
        return { invalidParam(u"total_amount 须为以元为单位、最多两位小数的字符串"_s) };
    if (*total < 1 || *total > kMaxAmountFen)
        return { business(u"ACQ.TOTAL_FEE_EXCEED"_s, u"订单金额超过限额，取值范围[0.01,100000000]"_s) };
    const QString subject = biz.value(u"subject"_s).toString();
    if (subject.isEmpty() || subject.size() > 256)
        return { invalidParam(u"subject 必填，长度不超过256"_s) };
    const QString notifyUrl = p.value(u"notify_url"_s);
    QString why;
    if (!notifyUrl.isEmpty() && !isAcceptableNotifyUrl(notifyUrl, &why))
        return { invalidParam(u"notify_url 无效：%1"_s.arg(why)) };
    const qint64 now = m_ctx.nowMs();
    const auto timing = precreateTiming(biz, now, &why);
    if (!timing)
        return { invalidParam(why) };
    const QString digest = QStringList { QString::number(*total), subject, notifyUrl }.join(QChar(0x1f));
    if (auto existing = m_ctx.store.order(SimChannel::Alipay, merchant.appId, outTradeNo)) {
        if (existing->state == OrderState::Paid)
            return { business(u"ACQ.TRADE_HAS_SUCCESS"_s, u"交易已被支付"_s) };
        if (existing->state == OrderState::Closed || existing->state == OrderState::PayError)
            return { business(u"ACQ.TRADE_HAS_CLOSE"_s, u"交易已经关闭"_s) };
        if (existing->paramsDigest != digest)
            return { business(u"ACQ.CONTEXT_INCONSISTENT"_s, u"交易信息被篡改"_s) };
        return { ok({ { u"out_trade_no"_s, outTradeNo }, { u"qr_code"_s, existing->codeUrl } }) };
    }
    SimOrder order;
    order.channel = SimChannel::Alipay;
    order.merchantId = merchant.appId;
    order.appId = merchant.appId;
    order.outTradeNo = outTradeNo;
    order.description = subject;
    order.totalFen = *total;
    order.notifyUrl = notifyUrl;
    order.createdMs = now;
    order.expiresMs = timing->expiresMs;
    order.codeUrl = u"https://qr.alipay.com/bax0"_s + crypto::randomAlnum(20).toLower();
    order.codeUrlExpiresMs = timing->codeUrlExpiresMs;
    order.payWindowMs = timing->payWindowMs;
    order.paramsDigest = digest;
    if (!m_ctx.store.putOrder(order))
        return { systemError() };
    return { ok({ { u"out_trade_no"_s, outTradeNo }, { u"qr_code"_s, order.codeUrl } }) };
}

AlipayEndpoints::Answer AlipayEndpoints::query(const QJsonObject& biz, const AlipayMerchant& merchant)
{
    bool named = false;
    const auto order = trade(biz, merchant, &named);
    const FaultSet faults = m_ctx.faults.forOrder(biz.value(u"out_trade_no"_s).toString());
    if (faults.queryError)
        return { systemError(), faults.queryHoldMs };
    if (!named)
        return { invalidParam(u"out_trade_no 和 trade_no 不能同时为空"_s) };
    if (!order)
        return { business(u"ACQ.TRADE_NOT_EXIST"_s, u"交易不存在"_s), faults.queryHoldMs };
    const auto refunds = m_ctx.store.refundsOf(SimChannel::Alipay, merchant.appId, order->outTradeNo);
    const qint64 refunded = refundedTotal(refunds);
    QString status = u"WAIT_BUYER_PAY"_s;
    if (order->state == OrderState::Paid)
        status = refunded >= order->totalFen ? u"TRADE_CLOSED"_s : u"TRADE_SUCCESS"_s;
    else if (order->state == OrderState::Closed || order->state == OrderState::PayError)
        status = u"TRADE_CLOSED"_s;
    QJsonObject o { { u"trade_no"_s, order->transactionId },
        { u"out_trade_no"_s, order->outTradeNo },
        { u"buyer_logon_id"_s, u"sim***@example.com"_s },
        { u"trade_status"_s, status },
        { u"total_amount"_s, yuan(order->totalFen) } };
    if (order->state == OrderState::Paid) {
        o.insert(u"buyer_pay_amount"_s, yuan(order->totalFen));
        o.insert(u"point_amount"_s, u"0.00"_s);
        o.insert(u"invoice_amount"_s, yuan(order->totalFen));
        o.insert(u"receipt_amount"_s, yuan(order->totalFen));
        o.insert(u"send_pay_date"_s, alipayTime(order->paidMs));
        o.insert(u"buyer_user_id"_s, order->buyerId);
        o.insert(u"fund_bill_list"_s,
            QJsonArray {
                QJsonObject { { u"fund_channel"_s, u"ALIPAYACCOUNT"_s }, { u"amount"_s, yuan(order->totalFen) } } });
    } else {
        o.insert(u"buyer_pay_amount"_s, u"0.00"_s);
        o.insert(u"point_amount"_s, u"0.00"_s);
        o.insert(u"invoice_amount"_s, u"0.00"_s);
        o.insert(u"receipt_amount"_s, u"0.00"_s);
    }
    return { ok(o), faults.queryHoldMs };
}

AlipayEndpoints::Answer AlipayEndpoints::close(const QJsonObject& biz, const AlipayMerchant& merchant)
{
    bool named = false;
    auto order = trade(biz, merchant, &named);
    if (!named)
        return { invalidParam(u"out_trade_no 和 trade_no 不能同时为空"_s) };
    // Before the scan Alipay does not know the trade: its QR stays payable until it expires.
    if (!order)
        return { business(u"ACQ.TRADE_NOT_EXIST"_s, u"交易不存在"_s) };
    if (order->state != OrderState::Scanned)
        return { business(u"ACQ.TRADE_STATUS_ERROR"_s, u"交易状态不合法"_s) };
    order->state = OrderState::Closed;
    order->closedMs = m_ctx.nowMs();
    if (!m_ctx.store.putOrder(*order))
        return { systemError() };
    return { ok({ { u"trade_no"_s, order->transactionId }, { u"out_trade_no"_s, order->outTradeNo } }) };
}

AlipayEndpoints::Answer AlipayEndpoints::refund(const QJsonObject& biz, const AlipayMerchant& merchant)
{
    bool named = false;
    auto order = trade(biz, merchant, &named);
    if (!named)
        return { invalidParam(u"out_trade_no 和 trade_no 不能同时为空"_s) };
    const auto amount = readYuan(biz.value(u"refund_amount"_s));
    if (!amount || *amount <= 0)
        return { invalidParam(u"refund_amount 须为大于0、最多两位小数的元金额字符串"_s) };
    if (!order)
        return { business(u"ACQ.TRADE_NOT_EXIST"_s, u"交易不存在"_s) };
    if (order->state != OrderState::Paid)
        return { business(u"ACQ.TRADE_STATUS_ERROR"_s, u"交易状态不合法"_s) };
    const QString requestNo = biz.value(u"out_request_no"_s).toString().isEmpty()
        ? order->outTradeNo
        : biz.value(u"out_request_no"_s).toString();
    if (requestNo.size() > 64)
        return { invalidParam(u"out_request_no 长度不超过64"_s) };
    const auto refunds = m_ctx.store.refundsOf(SimChannel::Alipay, merchant.appId, order->outTradeNo);
    const qint64 refunded = refundedTotal(refunds);
    QJsonObject fields { { u"trade_no"_s, order->transactionId },
        { u"out_trade_no"_s, order->outTradeNo },
        { u"buyer_logon_id"_s, u"sim***@example.com"_s },
        { u"buyer_user_id"_s, order->buyerId } };
    for (const SimRefund& r : refunds) {
        if (r.outRefundNo != requestNo)
            continue;
        // A retry of a refund already made: no money moves again.
        if (r.refundFen != *amount)
            return { business(u"ACQ.REFUND_AMT_NOT_EQUAL_TOTAL"_s, u"退款金额与原退款请求不一致"_s) };
        fields.insert(u"fund_change"_s, u"N"_s);
        fields.insert(u"refund_fee"_s, yuan(refunded));
        fields.insert(u"gmt_refund_pay"_s, alipayTime(r.successMs));
        return { ok(fields) };
    }
    if (refunded + *amount > order->totalFen)
        return { business(u"ACQ.REFUND_AMT_NOT_EQUAL_TOTAL"_s, u"撤销或退款金额与订单金额不一致"_s) };
    if (m_ctx.faults.forOrder(order->outTradeNo).balanceNotEnough)
        return { business(u"ACQ.SELLER_BALANCE_NOT_ENOUGH"_s, u"卖家余额不足"_s) };
    const FaultSet fault = m_ctx.faults.takeRefundFault(order->outTradeNo);
    const auto accept = [this, biz, merchant] {
        return respond(u"alipay.trade.refund"_s, refund(biz, merchant));
    };
    if (auto instead = m_ctx.faults.beforeRefundAccepted(fault, order->outTradeNo, requestNo, accept))
        return { {}, 0, [instead = *instead](SimResponse) {
                    return instead;
                } };
    SimRefund refund;
    refund.channel = SimChannel::Alipay;
    refund.merchantId = merchant.appId;
    refund.outTradeNo = order->outTradeNo;
    refund.outRefundNo = requestNo;
    refund.refundFen = *amount;
    refund.totalFen = order->totalFen;
    refund.reason = biz.value(u"refund_reason"_s).toString();
    refund.notifyUrl = order->notifyUrl;
    refund.state = RefundState::Success; // Alipay refunds are synchronous
    refund.createdMs = m_ctx.nowMs();
    refund.successMs = refund.createdMs;
    if (!m_ctx.store.putRefund(refund))
        return { systemError() };
    m_ctx.trades->alipayRefunded(*order, refund, refunded + *amount);
    fields.insert(u"fund_change"_s, u"Y"_s);
    fields.insert(u"refund_fee"_s, yuan(refunded + *amount));
    fields.insert(u"gmt_refund_pay"_s, alipayTime(refund.successMs));
    const auto faulty = [this, fault, tradeNo = refund.outTradeNo, refundNo = refund.outRefundNo](SimResponse r) {
        return m_ctx.faults.afterRefundAccepted(fault, SimChannel::Alipay, std::move(r), tradeNo, refundNo);
    };
    return { fault.refundAnswer == RefundAnswer::Error500 ? systemError() : ok(fields), 0, faulty };
}

AlipayEndpoints::Answer AlipayEndpoints::refundQuery(const QJsonObject& biz, const AlipayMerchant& merchant)
{
    bool named = false;
    const auto order = trade(biz, merchant, &named);
    const FaultSet faults = m_ctx.faults.forOrder(biz.value(u"out_trade_no"_s).toString());
    if (faults.queryError)
        return { systemError(), faults.queryHoldMs };
    const QString requestNo = biz.value(u"out_request_no"_s).toString();
    if (!named || requestNo.isEmpty())
        return { invalidParam(u"out_request_no 必填，out_trade_no 和 trade_no 不能同时为空"_s) };
    if (!order)
        return { business(u"ACQ.TRADE_NOT_EXIST"_s, u"交易不存在"_s), faults.queryHoldMs };
    QJsonObject fields { { u"trade_no"_s, order->transactionId },
        { u"out_trade_no"_s, order->outTradeNo },
        { u"out_request_no"_s, requestNo } };
    const auto refund = m_ctx.store.refund(SimChannel::Alipay, merchant.appId, order->outTradeNo, requestNo);
    // Not found is still a success, without refund_status: the refund did not happen.
    if (refund && refund->state == RefundState::Success) {
        fields.insert(u"total_amount"_s, yuan(order->totalFen));
        fields.insert(u"refund_amount"_s, yuan(refund->refundFen));
        fields.insert(u"refund_status"_s, u"REFUND_SUCCESS"_s);
        const QJsonArray options = biz.value(u"query_options"_s).toArray();
        if (options.contains(u"gmt_refund_pay"_s))
            fields.insert(u"gmt_refund_pay"_s, alipayTime(refund->successMs));
    }
    return { ok(fields), faults.queryHoldMs };
}

AlipayEndpoints::Answer AlipayEndpoints::billUrl(const QJsonObject& biz, const AlipayMerchant& merchant)
{
    if (biz.value(u"bill_type"_s).toString() != u"trade"_s)
        return { invalidParam(u"模拟器仅支持 bill_type=trade"_s) };
    const QDate date = QDate::fromString(biz.value(u"bill_date"_s).toString(), u"yyyy-MM-dd"_s);
    if (!date.isValid())
        return { invalidParam(u"bill_date 须为 yyyy-MM-dd（模拟器不提供月账单）"_s) };
    if (date > chinaTime(m_ctx.nowMs()).date())
        return { business(u"isp.bill_not_exist"_s, u"账单不存在"_s) };
    const auto zip = BillMaker::alipayBillZip(m_ctx, merchant, date);
    if (!zip)
        return { systemError() };
    BillFile file;
    file.bytes = *zip;
    file.contentType = QByteArrayLiteral("application/zip");
    file.expiresMs = SimContext::realNowMs() + 30 * 1000;
    const QString token = crypto::randomAlnum(32);
    m_ctx.billFiles.insert(token, file);
    const QString url = m_ctx.settings.baseUrl + u"/alipay/bill/download?token="_s + token;
    return { ok({ { u"bill_download_url"_s, url } }) };
}

SimResponse AlipayEndpoints::billFile(const SimRequest& request)
{
    const auto it = m_ctx.billFiles.constFind(request.queryItem(u"token"_s));
    if (request.method != "GET" || it == m_ctx.billFiles.constEnd() || it->expiresMs < SimContext::realNowMs())
        return SimResponse::text(
            404, QByteArrayLiteral("bill download url expired or unknown"), QByteArrayLiteral("text/plain"));
    SimResponse r = SimResponse::text(200, it->bytes, it->contentType);
    r.headers.append({ QByteArrayLiteral("Content-Disposition"), QByteArrayLiteral("attachment; filename=bill.zip") });
    return r;
}

} // namespace paydesk::sim
