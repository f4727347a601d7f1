#include "tests/support/ScriptedChannel.h"

using namespace Qt::StringLiterals;

namespace paydesk::test {

ScriptedChannel::ScriptedChannel(ChannelKind kind, QString merchantId, QString appId)
    : m_kind(kind)
    , m_merchantId(std::move(merchantId))
    , m_appId(std::move(appId))
{
}

void ScriptedChannel::record(const QString& method, const QString& key, qint64 amount) const
{
    QMutexLocker lock(&m_mutex);
    m_calls << Call { method, key, amount };
}

Result<CreateQrResult> ScriptedChannel::createQr(const CreateQrRequest& request)
{
    record(u"createQr"_s, request.outTradeNo, request.amount.minorUnits());
    if (onCreate)
        return onCreate(request);
    return CreateQrResult { u"weixin://wxpay/bizpayurl?pr="_s + request.outTradeNo };
}

Result<TradeStatus> ScriptedChannel::query(const QString& outTradeNo)
{
    record(u"query"_s, outTradeNo);
    if (onQuery)
        return onQuery(outTradeNo);
    TradeStatus t;
    t.merchantId = m_merchantId;
    t.appId = m_appId;
    t.outTradeNo = outTradeNo;
    t.state = TradeState::NotPaid;
    t.rawState = u"NOTPAY"_s;
    return t;
}

Status ScriptedChannel::close(const QString& outTradeNo)
{
    record(u"close"_s, outTradeNo);
    if (onClose)
        return onClose(outTradeNo);
    return {};
}

Result<RefundStatus> ScriptedChannel::refund(const RefundRequest& request)
{
    record(u"refund"_s, request.outRefundNo, request.refund.minorUnits());
    {
        QMutexLocker lock(&m_mutex);
        m_refunds << request;
    }
    if (onRefund)
        return onRefund(request);
    return refundState(request, RefundState::Processing);
}

Result<RefundStatus> ScriptedChannel::queryRefund(const QString& outTradeNo, const QString& outRefundNo)
{
    record(u"queryRefund"_s, outRefundNo);
    if (onQueryRefund)
        return onQueryRefund(outTradeNo, outRefundNo);
    RefundStatus r;
    r.merchantId = m_merchantId;
    r.outTradeNo = outTradeNo;
    r.outRefundNo = outRefundNo;
    r.state = RefundState::Processing;
    return r;
}

Result<TradeBill> ScriptedChannel::tradeBill(const QDate& day)
{
    record(u"tradeBill"_s, day.toString(Qt::ISODate));
    return fail(ErrorCode::ChannelRejected, u"no bill scripted"_s);
}

Result<ChannelNotification> ScriptedChannel::parseNotification(const InboundHttp& request) const
{
    record(u"parseNotification"_s, QString::fromUtf8(request.path));
    if (onParse)
        return onParse(request);
    return fail(ErrorCode::SignatureInvalid, u"scripted: not verified"_s);
}

NotificationAck ScriptedChannel::acknowledgement(bool ok) const
{
    if (onAcknowledge)
        onAcknowledge(ok);
    if (ok)
        return NotificationAck { 204, {}, {} };
    return NotificationAck { 500, "application/json", R"({"code":"FAIL","message":"rejected"})" };
}

TradeStatus ScriptedChannel::paid(const QString& outTradeNo, qint64 amountMinor, const QString& transactionId) const
{
    TradeStatus t;
    t.merchantId = m_merchantId;
    t.appId = m_appId;
    t.outTradeNo = outTradeNo;
    t.transactionId = transactionId;
    t.state = TradeState::Paid;
    t.rawState = u"SUCCESS"_s;
    t.total = Money::fen(amountMinor);
    t.payerTotal = Money::fen(amountMinor);
    t.successTime = QDateTime::fromMSecsSinceEpoch(1700000001000, Qt::UTC);
    return t;
}

RefundStatus ScriptedChannel::refundState(const RefundRequest& request, RefundState state) const
{
    RefundStatus r;
    r.merchantId = m_merchantId;
    r.outTradeNo = request.outTradeNo;
    r.transactionId = request.transactionId;
    r.outRefundNo = request.outRefundNo;
    r.refundId = u"50000"_s + request.outRefundNo.right(8);
    r.state = state;
    r.refund = request.refund;
    r.total = request.total;
    return r;
}

QList<ScriptedChannel::Call> ScriptedChannel::calls() const
{
    QMutexLocker lock(&m_mutex);
    return m_calls;
}

int ScriptedChannel::count(const QString& method) const
{
    QMutexLocker lock(&m_mutex);
    int n = 0;
    for (const Call& c : std::as_const(m_calls))
        n += c.method == method ? 1 : 0;
    return n;
}

QList<RefundRequest> ScriptedChannel::refundRequests() const
{
    QMutexLocker lock(&m_mutex);
    return m_refunds;
}

void ScriptedChannel::clearCalls()
{
    QMutexLocker lock(&m_mutex);
    m_calls.clear();
    m_refunds.clear();
}

} // namespace paydesk::test
