#include "core/sim/Faults.h"

#include <QDateTime>
#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace paydesk::sim {

namespace {

constexpr int kRefundLogSize = 2000;

const QList<std::pair<RefundAnswer, QString>>& refundAnswerNames()
{
    static const QList<std::pair<RefundAnswer, QString>> names { { RefundAnswer::Normal, u"normal"_s },
        { RefundAnswer::BadSignature, u"bad_signature"_s },
        { RefundAnswer::Error500, u"error_500"_s },
        { RefundAnswer::DropBeforeAccept, u"drop_before_accept"_s },
        { RefundAnswer::HoldBeforeAccept, u"hold_before_accept"_s } };
    return names;
}

QString refundAnswerName(RefundAnswer a)
{
    for (const auto& [value, name] : refundAnswerNames()) {
        if (value == a)
            return name;
    }
    return {};
}

Status readRefundAnswer(const QJsonValue& v, RefundAnswer* out)
{
    for (const auto& [value, name] : refundAnswerNames()) {
        if (v.isString() && v.toString() == name) {
            *out = value;
            return {};
        }
    }
    return fail(ErrorCode::InvalidArgument,
        u"refund_answer must be normal, bad_signature, error_500, drop_before_accept or hold_before_accept"_s);
}

/// Base64 of `signature` with its first byte flipped: still well-formed, never valid.
QByteArray spoiled(const QByteArray& signature)
{
    QByteArray raw = QByteArray::fromBase64(signature);
    if (raw.isEmpty())
        return QByteArrayLiteral("AAAA");
    raw[0] = char(raw.at(0) ^ 0x01);
    return raw.toBase64();
}

void corruptWeChat(SimResponse& answer)
{
    for (auto& [name, value] : answer.headers) {
        if (name.compare("Wechatpay-Signature", Qt::CaseInsensitive) == 0)
            value = spoiled(value);
    }
}

void corruptAlipay(SimResponse& answer)
{
    // The body is {"<method>_response":{...},"sign":"..."}: replace the sign's text in place, so the signed part
    // stays byte for byte what it was.
    static const QByteArray kKey = QByteArrayLiteral("\"sign\":\"");
    const qsizetype at = answer.body.lastIndexOf(kKey);
    if (at < 0)
        return;
    const qsizetype start = at + kKey.size();
    const qsizetype end = answer.body.indexOf('"', start);
    if (end < 0)
        return;
    answer.body.replace(start, end - start, spoiled(answer.body.mid(start, end - start)));
}

} // namespace

void corruptSignature(SimChannel channel, SimResponse& answer)
{
    if (channel == SimChannel::WeChat)
        corruptWeChat(answer);
    else
        corruptAlipay(answer);
}

QJsonObject FaultSet::toJson() const
{
    return { { u"drop_notifications"_s, dropNotifications },
        { u"duplicate_notifications"_s, duplicateNotifications },
        { u"delay_notifications_ms"_s, delayNotificationsMs },
        { u"reorder_notifications"_s, reorderNotifications },
        { u"sign_test_probe"_s, signTestProbe },
        { u"query_error"_s, queryError },
        { u"query_hold_ms"_s, queryHoldMs },
        { u"refund_abnormal"_s, refundAbnormal },
        { u"balance_not_enough"_s, balanceNotEnough },
        { u"refund_answer"_s, refundAnswerName(refundAnswer) },
        { u"refund_hold_ms"_s, refundHoldMs } };
}

Result<FaultSet> FaultSet::fromJson(const QJsonObject& o)
{
    FaultSet f;
    for (auto it = o.begin(); it != o.end(); ++it) {
        const QString& k = it.key();
        const QJsonValue v = it.value();
        bool* flag = nullptr;
        int* number = nullptr;
        if (k == u"refund_answer"_s) {
            if (auto st = readRefundAnswer(v, &f.refundAnswer); !st)
                return tl::unexpected(st.error());
            continue;
        }
        if (k == u"drop_notifications"_s)
            flag = &f.dropNotifications;
        else if (k == u"reorder_notifications"_s)
            flag = &f.reorderNotifications;
        else if (k == u"sign_test_probe"_s)
            flag = &f.signTestProbe;
        else if (k == u"query_error"_s)
            flag = &f.queryError;
        else if (k == u"refund_abnormal"_s)
            flag = &f.refundAbnormal;
        else if (k == u"balance_not_enough"_s)
            flag = &f.balanceNotEnough;
        else if (k == u"duplicate_notifications"_s)
            number = &f.duplicateNotifications;
        else if (k == u"delay_notifications_ms"_s)
            number = &f.delayNotificationsMs;
        else if (k == u"query_hold_ms"_s)
            number = &f.queryHoldMs;
        else if (k == u"refund_hold_ms"_s)
            number = &f.refundHoldMs;
        else if (k == u"out_trade_no"_s)
            continue;
        else
            return fail(ErrorCode::InvalidArgument, u"unknown fault %1"_s.arg(k));
        if (flag) {
            if (!v.isBool())
                return fail(ErrorCode::InvalidArgument, u"%1 must be true or false"_s.arg(k));
            *flag = v.toBool();
        } else {
            const qint64 n = v.toInteger(-1);
            if (n < 0 || n > 3600000)
                return fail(ErrorCode::InvalidArgument, u"%1 must be a non-negative integer"_s.arg(k));
            *number = static_cast<int>(n);
        }
    }
    if (f.duplicateNotifications < 1 || f.duplicateNotifications > 50)
        return fail(ErrorCode::InvalidArgument, u"duplicate_notifications must be 1..50"_s);
    if (f.refundAnswer == RefundAnswer::HoldBeforeAccept && f.refundHoldMs <= 0)
        return fail(ErrorCode::InvalidArgument, u"hold_before_accept needs refund_hold_ms"_s);
    return f;
}

FaultSet Faults::forOrder(const QString& outTradeNo) const
{
    return m_perOrder.value(outTradeNo, m_global);
}

void Faults::set(const QString& outTradeNo, const FaultSet& faults)
{
    if (outTradeNo.isEmpty())
        m_global = faults;
    else
        m_perOrder.insert(outTradeNo, faults);
}

void Faults::clear()
{
    m_global = FaultSet();
    m_perOrder.clear();
}

QJsonObject Faults::toJson() const
{
    QJsonObject per;
    for (auto it = m_perOrder.cbegin(); it != m_perOrder.cend(); ++it)
        per.insert(it.key(), it.value().toJson());
    return { { u"global"_s, m_global.toJson() }, { u"orders"_s, per }, { u"refund_log"_s, m_refundLog } };
}

FaultSet Faults::takeRefundFault(const QString& outTradeNo)
{
    FaultSet& set = m_perOrder.contains(outTradeNo) ? m_perOrder[outTradeNo] : m_global;
    const FaultSet taken = set;
    set.refundAnswer = RefundAnswer::Normal;
    set.refundHoldMs = 0;
    return taken;
}

std::optional<SimResponse> Faults::beforeRefundAccepted(
    const FaultSet& fault, const QString& outTradeNo, const QString& outRefundNo, std::function<SimResponse()> accept)
{
    if (fault.refundAnswer == RefundAnswer::DropBeforeAccept) {
        logRefund(outTradeNo, outRefundNo, u"dropped"_s);
        SimResponse r;
        r.dropConnection = true;
        return r;
    }
    if (fault.refundAnswer != RefundAnswer::HoldBeforeAccept)
        return std::nullopt;
    logRefund(outTradeNo, outRefundNo, u"held"_s);
    SimResponse r;
    r.holdMs = fault.refundHoldMs;
    r.holdKey = outRefundNo;
    r.afterHold = std::move(accept);
    r.onClientGone = [this, outTradeNo, outRefundNo] {
        logRefund(outTradeNo, outRefundNo, u"dropped"_s);
    };
    return r;
}

SimResponse Faults::afterRefundAccepted(const FaultSet& fault,
    SimChannel channel,
    SimResponse answer,
    const QString& outTradeNo,
    const QString& outRefundNo)
{
    logRefund(outTradeNo, outRefundNo, u"accepted"_s);
    if (fault.refundAnswer == RefundAnswer::BadSignature)
        corruptSignature(channel, answer);
    answer.holdMs = fault.refundHoldMs;
    answer.holdKey = outRefundNo;
    answer.onSent = [this, outTradeNo, outRefundNo] {
        logRefund(outTradeNo, outRefundNo, u"answered"_s);
    };
    answer.onClientGone = [this, outTradeNo, outRefundNo] {
        logRefund(outTradeNo, outRefundNo, u"answer_lost"_s);
    };
    return answer;
}

void Faults::registerHold(const QString& key, QTimer* timer)
{
    m_holds.insert(key, timer);
}

bool Faults::releaseHold(const QString& key)
{
    const QPointer<QTimer> timer = m_holds.take(key);
    if (!timer || !timer->isActive())
        return false;
    timer->start(0);
    return true;
}

void Faults::logRefund(const QString& outTradeNo, const QString& outRefundNo, const QString& event)
{
    if (m_refundLog.size() >= kRefundLogSize)
        m_refundLog.removeFirst();
    m_refundLog.append(QJsonObject { { u"out_trade_no"_s, outTradeNo },
        { u"out_refund_no"_s, outRefundNo },
        { u"event"_s, event },
        { u"at_ms"_s, QDateTime::currentMSecsSinceEpoch() } });
}

static QString kindName(BillDifference::Kind k)
{
    switch (k) {
    case BillDifference::Kind::MissingOrder:
        return u"missing_order"_s;
    case BillDifference::Kind::ChangedAmount:
        return u"changed_amount"_s;
    case BillDifference::Kind::ChannelOnlyOrder:
        return u"channel_only_order"_s;
    }
    return {};
}

Result<BillDifference> BillDifference::fromJson(const QJsonObject& o)
{
    BillDifference d;
    const QString kind = o.value(u"kind"_s).toString();
    bool known = false;
    for (auto k : { Kind::MissingOrder, Kind::ChangedAmount, Kind::ChannelOnlyOrder }) {
        if (kind == kindName(k)) {
            d.kind = k;
            known = true;
        }
    }
    if (!known)
        return fail(ErrorCode::InvalidArgument, u"kind must be missing_order, changed_amount or channel_only_order"_s);
    d.outTradeNo = o.value(u"out_trade_no"_s).toString();
    if (d.outTradeNo.isEmpty())
        return fail(ErrorCode::InvalidArgument, u"out_trade_no is required"_s);
    if (d.kind != Kind::MissingOrder) {
        d.amountFen = o.value(u"amount_fen"_s).toInteger(-1);
        if (d.amountFen <= 0)
            return fail(ErrorCode::InvalidArgument, u"amount_fen must be a positive integer"_s);
    }
    return d;
}

QJsonObject BillDifference::toJson() const
{
    return { { u"kind"_s, kindName(kind) }, { u"out_trade_no"_s, outTradeNo }, { u"amount_fen"_s, amountFen } };
}

} // namespace paydesk::sim
