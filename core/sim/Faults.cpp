#include "core/sim/Faults.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace paydesk::sim {

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
        { u"balance_not_enough"_s, balanceNotEnough } };
}

Result<FaultSet> FaultSet::fromJson(const QJsonObject& o)
{
    FaultSet f;
    for (auto it = o.begin(); it != o.end(); ++it) {
        const QString& k = it.key();
        const QJsonValue v = it.value();
        bool* flag = nullptr;
        int* number = nullptr;
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
    return { { u"global"_s, m_global.toJson() }, { u"orders"_s, per } };
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
