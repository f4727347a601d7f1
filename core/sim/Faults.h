#pragma once

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>

#include "core/util/Result.h"

namespace paydesk::sim {

/// Misbehaviours a test or trainer switches on, for one order or for all.
struct FaultSet
{
    bool dropNotifications = false; ///< notifications are never sent
    int duplicateNotifications = 1; ///< each attempt is posted this many times, concurrently
    int delayNotificationsMs = 0; ///< first attempt only after this long (real milliseconds)
    bool reorderNotifications = false; ///< hold an event until the next one for the order, then send that first
    bool signTestProbe = false; ///< WeChat: send a WECHATPAY/SIGNTEST/ probe before the real notification
    bool queryError = false; ///< queries answer 500 SYSTEM_ERROR (Alipay: 20000 ACQ.SYSTEM_ERROR)
    int queryHoldMs = 0; ///< queries are answered only after this long (client timeouts)
    bool refundAbnormal = false; ///< refunds end ABNORMAL instead of SUCCESS
    bool balanceNotEnough = false; ///< refunds are refused: NOT_ENOUGH / ACQ.SELLER_BALANCE_NOT_ENOUGH

    QJsonObject toJson() const;
    /// Strict: unknown keys and wrong types are errors, so a typo does not silently switch nothing on.
    static Result<FaultSet> fromJson(const QJsonObject& o);
};

/// Per-order faults override the global ones as a whole (not field by field).
class Faults final
{
public:
    [[nodiscard]] FaultSet forOrder(const QString& outTradeNo) const;
    void set(const QString& outTradeNo, const FaultSet& faults); ///< empty number: for all orders
    void clear();
    [[nodiscard]] QJsonObject toJson() const;

private:
    FaultSet m_global;
    QHash<QString, FaultSet> m_perOrder;
};

/// A difference injected into the bills, for reconciliation tests.
struct BillDifference
{
    enum class Kind
    {
        MissingOrder,
        ChangedAmount,
        ChannelOnlyOrder
    };
    Kind kind = Kind::MissingOrder;
    QString outTradeNo; ///< the order concerned (for ChannelOnlyOrder: the number the extra row carries)
    qint64 amountFen = 0; ///< ChangedAmount: the amount the bill shows; ChannelOnlyOrder: the extra row's amount
    static Result<BillDifference> fromJson(const QJsonObject& o);
    QJsonObject toJson() const;
};

} // namespace paydesk::sim
