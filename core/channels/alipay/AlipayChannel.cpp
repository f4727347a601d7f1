#include "core/channels/alipay/AlipayChannel.h"

#include <QJsonArray>

#include "core/channels/alipay/AlipayAmount.h"
#include "core/channels/alipay/AlipayBill.h"
#include "core/channels/alipay/AlipayErrors.h"
#include "core/channels/alipay/AlipayNotification.h"

using namespace Qt::StringLiterals;

namespace paydesk::alipay {

namespace {

const auto kPrecreate = u"alipay.trade.precreate"_s;
const auto kQuery = u"alipay.trade.query"_s;
const auto kClose = u"alipay.trade.close"_s;
const auto kRefund = u"alipay.trade.refund"_s;
const auto kRefundQuery = u"alipay.trade.fastpay.refund.query"_s;
const auto kBillUrl = u"alipay.data.dataservice.bill.downloadurl.query"_s;

constexpr qint64 kMaxAmountFen = 100000000LL * 100; // Alipay's ceiling: 100,000,000.00 yuan
constexpr qint64 kMaxTimeoutMinutes = 15LL * 24 * 60;

// A field of a verified response as text. Numbers or objects where Alipay sends strings are refused rather than
// coerced (an amount must never pass through a double).
Result<QString> text(const VerifiedResponse& r, QLatin1StringView key, bool required)
{
    const QJsonValue v = r.body.value(key);
    if (v.isUndefined() || v.isNull() || (v.isString() && v.toString().isEmpty())) {
        if (required)
            return fail(ErrorCode::MalformedInput, u"response without "_s + key);
        return QString();
    }
    if (!v.isString())
        return fail(ErrorCode::MalformedInput, u"response field "_s + key + u" is not a string"_s);
    return v.toString();
}

Status checkEcho(const VerifiedResponse& r, QLatin1StringView key, const QString& expected)
{
    auto v = text(r, key, false);
    if (!v)
        return tl::unexpected(v.error());
    if (!v->isEmpty() && *v != expected)
        return fail(ErrorCode::MalformedInput, u"response "_s + key + u" '"_s + *v + u"' is not the one asked for"_s);
    return {};
}

Status checkOrderNo(const QString& no)
{
    if (no.isEmpty() || no.size() > 64)
        return refusal(ErrorCode::InvalidArgument, u"out_trade_no must be 1-64 characters"_s);
    return {};
}

Status checkAmount(const Money& m, QStringView what)
{
    if (!(m.currency() == Currency::cny()))
        return refusal(ErrorCode::CurrencyMismatch, what.toString() + u" must be CNY"_s);
    if (!m.isPositive() || m.minorUnits() > kMaxAmountFen)
        return refusal(ErrorCode::InvalidAmount, what.toString() + u" must be 0.01-100000000.00 yuan"_s);
    return {};
}

} // namespace

AlipayChannel::AlipayChannel(AlipayConfig config)
    : m_gateway(std::move(config))
{
}

Result<std::unique_ptr<AlipayChannel>> AlipayChannel::create(AlipayConfig config)
{
    if (config.appId.isEmpty())
        return fail(ErrorCode::InvalidArgument, u"alipay: app_id missing"_s);
    if (config.appPrivateKey.isNull())
        return fail(ErrorCode::KeyInvalid, u"alipay: app private key missing"_s);
    if (config.alipayPublicKey.isNull())
        return fail(ErrorCode::KeyInvalid, u"alipay: Alipay public key missing"_s);
    if (!config.gatewayUrl.isValid() || config.gatewayUrl.host().isEmpty())
        return fail(ErrorCode::InvalidArgument, u"alipay: gateway url invalid"_s);
    return std::make_unique<AlipayChannel>(std::move(config));
}

const Clock& AlipayChannel::clock() const
{
    return m_gateway.config().clock ? *m_gateway.config().clock : SystemClock::instance();
}

Result<CreateQrResult> AlipayChannel::createQr(const CreateQrRequest& request)
{
    if (auto ok = checkOrderNo(request.outTradeNo); !ok)
        return tl::unexpected(ok.error());
    if (auto ok = checkAmount(request.amount, u"total_amount"); !ok)
        return tl::unexpected(ok.error());
    if (request.description.isEmpty() || request.description.size() > 256)
        return refusal(ErrorCode::InvalidArgument, u"subject must be 1-256 characters"_s);
    if (!request.expiresAt.isValid())
        return refusal(ErrorCode::InvalidArgument, u"expiresAt missing"_s);
    const qint64 secs = clock().nowUtc().secsTo(request.expiresAt);
    if (secs < 60 || secs > kMaxTimeoutMinutes * 60)
        return refusal(ErrorCode::InvalidArgument, u"expiresAt must be 1 minute to 15 days ahead"_s);

    // time_expire, the absolute end of the order, so the QR dies with our order: timeout_express would count from
    // the buyer's scan for a precreate, and a QR scanned late would stay payable long after we gave up on it. Whole
    // seconds of China time, cut down, so Alipay's end is never later than ours.
    QJsonObject biz {
        { u"out_trade_no"_s, request.outTradeNo },
        { u"total_amount"_s, formatYuan(request.amount) },
        { u"subject"_s, request.description },
        { u"time_expire"_s, formatChinaTime(request.expiresAt) },
    };
    if (!m_gateway.config().sellerId.isEmpty())
        biz.insert(u"seller_id"_s, m_gateway.config().sellerId);
    const QString notifyUrl = request.notifyUrl.isEmpty() ? m_gateway.config().notifyUrl : request.notifyUrl;
    auto r = m_gateway.call(kPrecreate, biz, notifyUrl);
    if (!r)
        return tl::unexpected(r.error());
    if (!r->isSuccess())
        return tl::unexpected(mapGatewayError(kPrecreate, *r));
    if (auto ok = checkEcho(*r, "out_trade_no"_L1, request.outTradeNo); !ok)
        return tl::unexpected(ok.error());
    auto qr = text(*r, "qr_code"_L1, true);
    if (!qr)
        return tl::unexpected(qr.error());
    return CreateQrResult { *qr };
}

Result<TradeStatus> AlipayChannel::query(const QString& outTradeNo)
{
    if (auto ok = checkOrderNo(outTradeNo); !ok)
        return tl::unexpected(ok.error());
    auto r = m_gateway.callRetrying(kQuery, QJsonObject { { u"out_trade_no"_s, outTradeNo } });
    if (!r)
        return tl::unexpected(r.error());
    TradeStatus t;
    t.appId = m_gateway.config().appId;
    t.outTradeNo = outTradeNo;
    if (!r->isSuccess()) {
        // A precreated order exists at Alipay only once scanned; before that the answer is TRADE_NOT_EXIST. That
        // is "still unpaid", but only when Alipay signed it: an unsigned answer must not steer the order.
        if (r->subCode == u"ACQ.TRADE_NOT_EXIST" && r->signatureChecked) {
            t.state = TradeState::NotPaid;
            t.rawState = r->subCode;
            t.existsAtChannel = false;
            return t;
        }
        return tl::unexpected(mapGatewayError(kQuery, *r));
    }
    if (auto ok = checkEcho(*r, "out_trade_no"_L1, outTradeNo); !ok)
        return tl::unexpected(ok.error());
    auto status = text(*r, "trade_status"_L1, true);
    auto tradeNo = text(*r, "trade_no"_L1, false);
    auto total = text(*r, "total_amount"_L1, true);
    auto payer = text(*r, "buyer_pay_amount"_L1, false);
    auto paidAt = text(*r, "send_pay_date"_L1, false);
    for (const auto* f : { &status, &tradeNo, &total, &payer, &paidAt }) {
        if (!*f)
            return tl::unexpected(f->error());
    }
    const auto state = tradeStateFromAlipay(*status);
    if (!state)
        return fail(ErrorCode::MalformedInput, u"unknown trade_status '"_s + *status + u"'"_s);
    t.state = *state;
    t.rawState = *status;
    t.transactionId = *tradeNo;
    auto totalMoney = parseYuan(*total);
    if (!totalMoney)
        return tl::unexpected(totalMoney.error());
    t.total = *totalMoney;
    if (!payer->isEmpty()) {
        auto p = parseYuan(*payer);
        if (!p)
            return tl::unexpected(p.error());
        t.payerTotal = *p;
    }
    if (t.state == TradeState::Paid && !paidAt->isEmpty()) {
        auto when = parseChinaTime(*paidAt);
        if (!when)
            return tl::unexpected(when.error());
        t.successTime = *when;
    }
    return t;
}

Status AlipayChannel::close(const QString& outTradeNo)
{
    if (auto ok = checkOrderNo(outTradeNo); !ok)
        return tl::unexpected(ok.error());
    auto r = m_gateway.call(kClose, QJsonObject { { u"out_trade_no"_s, outTradeNo } });
    if (!r)
        return tl::unexpected(r.error());
    if (r->isSuccess())
        return checkEcho(*r, "out_trade_no"_L1, outTradeNo);
    // Never scanned, and Alipay signed that: there is nothing to close yet. The QR itself stays payable until the
    // order's time_expire, so the caller keeps querying until then (SyncService watches closed Alipay orders). An
    // unsigned TRADE_NOT_EXIST proves nothing and falls through to an error that is not definite.
    if (r->subCode == u"ACQ.TRADE_NOT_EXIST" && r->signatureChecked)
        return {};
    if (r->subCode == u"ACQ.TRADE_STATUS_ERROR" && r->signatureChecked) {
        // The trade cannot be closed in its state: find out which state that is.
        auto t = query(outTradeNo);
        if (!t)
            return tl::unexpected(t.error());
        if (t->state == TradeState::Paid)
            return refusal(ErrorCode::OrderPaid, kClose + u": trade is paid ("_s + t->rawState + u')');
        if (t->state == TradeState::Closed)
            return {};
    }
    return tl::unexpected(mapGatewayError(kClose, *r));
}

Result<RefundStatus> AlipayChannel::refund(const RefundRequest& request)
{
    if (auto ok = checkOrderNo(request.outTradeNo); !ok)
        return tl::unexpected(ok.error());
    if (request.outRefundNo.isEmpty() || request.outRefundNo.size() > 64)
        return refusal(ErrorCode::InvalidArgument, u"out_request_no must be 1-64 characters"_s);
    if (auto ok = checkAmount(request.refund, u"refund_amount"); !ok)
        return tl::unexpected(ok.error());
    QJsonObject biz {
        { u"out_trade_no"_s, request.outTradeNo },
        { u"refund_amount"_s, formatYuan(request.refund) },
        { u"out_request_no"_s, request.outRefundNo },
    };
    if (!request.transactionId.isEmpty())
        biz.insert(u"trade_no"_s, request.transactionId);
    if (!request.reason.isEmpty())
        biz.insert(u"refund_reason"_s, request.reason);
    // Retrying is safe: the same out_request_no makes Alipay answer the first attempt's outcome (fund_change N).
    auto r = m_gateway.callRetrying(kRefund, biz);
    if (!r)
        return tl::unexpected(r.error());
    if (!r->isSuccess())
        return tl::unexpected(mapGatewayError(kRefund, *r));
    if (auto ok = checkEcho(*r, "out_trade_no"_L1, request.outTradeNo); !ok)
        return tl::unexpected(ok.error());
    auto fundChange = text(*r, "fund_change"_L1, true);
    auto tradeNo = text(*r, "trade_no"_L1, false);
    auto refundedAt = text(*r, "gmt_refund_pay"_L1, false);
    for (const auto* f : { &fundChange, &tradeNo, &refundedAt }) {
        if (!*f)
            return tl::unexpected(f->error());
    }
    if (*fundChange == u"N") {
        auto known = queryRefund(request.outTradeNo, request.outRefundNo);
        // Alipay took the request but moved no money, and has no refund to show: not a refusal it signed, so the
        // outcome stays unknown (the outbox asks again later).
        if (!known)
            known.error().definite = false;
        return known;
    }
    if (*fundChange != u"Y")
        return fail(ErrorCode::MalformedInput, u"fund_change '"_s + *fundChange + u"'"_s);
    RefundStatus s;
    s.merchantId = m_gateway.config().sellerId;
    s.outTradeNo = request.outTradeNo;
    s.transactionId = *tradeNo;
    s.outRefundNo = request.outRefundNo;
    s.state = RefundState::Succeeded;
    s.rawState = u"fund_change=Y"_s;
    s.refund = request.refund;
    s.total = request.total;
    if (!refundedAt->isEmpty()) {
        auto when = parseChinaTime(*refundedAt);
        if (!when)
            return tl::unexpected(when.error());
        s.successTime = *when;
    }
    return s;
}

Result<RefundStatus> AlipayChannel::queryRefund(const QString& outTradeNo, const QString& outRefundNo)
{
    if (auto ok = checkOrderNo(outTradeNo); !ok)
        return tl::unexpected(ok.error());
    if (outRefundNo.isEmpty())
        return refusal(ErrorCode::InvalidArgument, u"out_request_no missing"_s);
    const QJsonObject biz {
        { u"out_trade_no"_s, outTradeNo },
        { u"out_request_no"_s, outRefundNo },
        { u"query_options"_s, QJsonArray { u"gmt_refund_pay"_s } },
    };
    auto r = m_gateway.callRetrying(kRefundQuery, biz);
    if (!r)
        return tl::unexpected(r.error());
    if (!r->isSuccess())
        return tl::unexpected(mapGatewayError(kRefundQuery, *r));
    if (auto ok = checkEcho(*r, "out_trade_no"_L1, outTradeNo); !ok)
        return tl::unexpected(ok.error());
    if (auto ok = checkEcho(*r, "out_request_no"_L1, outRefundNo); !ok)
        return tl::unexpected(ok.error());
    auto status = text(*r, "refund_status"_L1, false);
    auto tradeNo = text(*r, "trade_no"_L1, false);
    auto amount = text(*r, "refund_amount"_L1, false);
    auto total = text(*r, "total_amount"_L1, false);
    auto refundedAt = text(*r, "gmt_refund_pay"_L1, false);
    for (const auto* f : { &status, &tradeNo, &amount, &total, &refundedAt }) {
        if (!*f)
            return tl::unexpected(f->error());
    }
    RefundStatus s;
    s.merchantId = m_gateway.config().sellerId;
    s.outTradeNo = outTradeNo;
    s.transactionId = *tradeNo;
    s.outRefundNo = outRefundNo;
    s.rawState = *status;
    if (status->isEmpty() && amount->isEmpty()) {
        // Alipay's documented answer for a refund it never carried out (not received, or refused): a verified
        // success without refund data. The same out_request_no may be submitted again.
        return refusal(ErrorCode::OrderNotExist,
            u"Alipay has no refund %1 on %2: not received or not carried out"_s.arg(outRefundNo, outTradeNo));
    }
    if (status->isEmpty()) {
        s.state = RefundState::Processing; // refund data without a status: not final yet
    } else if (*status == u"REFUND_SUCCESS") {
        s.state = RefundState::Succeeded;
        if (amount->isEmpty())
            return fail(ErrorCode::MalformedInput, u"REFUND_SUCCESS without refund_amount"_s);
    } else {
        return fail(ErrorCode::MalformedInput, u"unknown refund_status '"_s + *status + u"'"_s);
    }
    if (!amount->isEmpty()) {
        auto m = parseYuan(*amount);
        if (!m)
            return tl::unexpected(m.error());
        s.refund = *m;
    }
    if (!total->isEmpty()) {
        auto m = parseYuan(*total);
        if (!m)
            return tl::unexpected(m.error());
        s.total = *m;
    }
    if (!refundedAt->isEmpty()) {
        auto when = parseChinaTime(*refundedAt);
        if (!when)
            return tl::unexpected(when.error());
        s.successTime = *when;
    }
    return s;
}

Result<TradeBill> AlipayChannel::tradeBill(const QDate& day)
{
    if (!day.isValid())
        return refusal(ErrorCode::InvalidArgument, u"bill date invalid"_s);
    const QJsonObject biz {
        { u"bill_type"_s, u"trade"_s },
        { u"bill_date"_s, day.toString(u"yyyy-MM-dd"_s) },
    };
    auto r = m_gateway.callRetrying(kBillUrl, biz);
    if (!r)
        return tl::unexpected(r.error());
    if (!r->isSuccess())
        return tl::unexpected(mapGatewayError(kBillUrl, *r));
    auto url = text(*r, "bill_download_url"_L1, true);
    if (!url)
        return tl::unexpected(url.error());
    auto zip = m_gateway.download(QUrl(*url, QUrl::StrictMode));
    if (!zip)
        return tl::unexpected(zip.error());
    auto bill = parseBillZip(*zip, day);
    if (!bill)
        return bill;
    for (BillRow& row : bill->rows)
        row.appId = m_gateway.config().appId;
    return bill;
}

Result<ChannelNotification> AlipayChannel::parseNotification(const InboundHttp& request) const
{
    return parseNotificationRequest(request, m_gateway.config());
}

NotificationAck AlipayChannel::acknowledgement(bool ok) const
{
    return notificationAck(ok);
}

} // namespace paydesk::alipay
