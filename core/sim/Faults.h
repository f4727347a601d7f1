#pragma once

#include <functional>
#include <optional>

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QPointer>
#include <QString>
#include <QTimer>

#include "core/sim/SimTypes.h"
#include "core/util/Result.h"

namespace paydesk::sim {

/// How the channel mishandles a refund request it would accept ("refund_answer").
enum class RefundAnswer
{
    Normal, ///< "normal"
    BadSignature, ///< "bad_signature": accepted and recorded; the answer's signature is corrupted
    Error500, ///< "error_500": accepted and recorded, then answered as a system error (WeChat 500 SYSTEM_ERROR,
              ///< Alipay 20000 ACQ.SYSTEM_ERROR)
    DropBeforeAccept, ///< "drop_before_accept": not recorded; the connection is closed before the answer is complete
    HoldBeforeAccept ///< "hold_before_accept": held refund_hold_ms before it is accepted; not recorded when the
                     ///< client has hung up by then (a request the channel never took)
};

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
    /// One shot (Faults::takeRefundFault): the next refund request that the channel would accept as a new refund.
    RefundAnswer refundAnswer = RefundAnswer::Normal;
    int refundHoldMs = 0; ///< "refund_hold_ms": that refund's answer (hold_before_accept: its acceptance) waits

    [[nodiscard]] bool hasRefundFault() const { return refundAnswer != RefundAnswer::Normal || refundHoldMs > 0; }

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
    /// With the refund log: {"global": {...}, "orders": {...}, "refund_log": [...]}.
    [[nodiscard]] QJsonObject toJson() const;

    /// The refund fault for a new refund of this order, cleared as it is taken: it hits that one request only (a
    /// transient fault), so a retry with the same out_refund_no, or the next refund, is answered normally.
    [[nodiscard]] FaultSet takeRefundFault(const QString& outTradeNo);
    /// Before a refund is recorded: the response to send instead of accepting it (dropped, or held and then
    /// `accept` run when the client is still there), or nullopt to accept it now.
    [[nodiscard]] std::optional<SimResponse> beforeRefundAccepted(const FaultSet& fault,
        const QString& outTradeNo,
        const QString& outRefundNo,
        std::function<SimResponse()> accept);
    /// The answer to a refund that was just recorded, with the fault's part after acceptance (signature spoiled,
    /// answer held) and the log's "accepted", then "answered" or "answer_lost".
    [[nodiscard]] SimResponse afterRefundAccepted(const FaultSet& fault,
        SimChannel channel,
        SimResponse answer,
        const QString& outTradeNo,
        const QString& outRefundNo);
    /// What happened to refund requests, oldest first (the control API's "refund_log"): a test waits on it to act
    /// at a given step ("held", "dropped", "accepted", "answered", "answer_lost").
    void logRefund(const QString& outTradeNo, const QString& outRefundNo, const QString& event);

    /// Holds in progress by SimResponse::holdKey (a refund's out_refund_no): SimServer registers the timer that
    /// ends each. releaseHold() ends one now (POST /sim/refunds/{no}/release), so a test that must act while an
    /// answer is held (take a lock, kill the client) does not race the hold's length. False when none is held.
    void registerHold(const QString& key, QTimer* timer);
    [[nodiscard]] bool releaseHold(const QString& key);

private:
    FaultSet m_global;
    QHash<QString, FaultSet> m_perOrder;
    QJsonArray m_refundLog;
    QHash<QString, QPointer<QTimer>> m_holds;
};

/// Spoils the signature of an answer so that a client's verification fails, the body left as it was: WeChat's
/// Wechatpay-Signature header, Alipay's "sign" member.
void corruptSignature(SimChannel channel, SimResponse& answer);

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
