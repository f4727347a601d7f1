#pragma once

#include <optional>

#include <QJsonObject>
#include <QList>
#include <QString>

#include "core/sim/SimTypes.h"
#include "core/util/Result.h"

namespace paydesk::sim {

/// The simulator's own state: an SQLite file in its state directory (orders, refunds, outgoing notifications,
/// merchants), on a connection name of its own so it never touches the console's database. Rows keep the key
/// columns the simulator looks up by, plus the whole record as JSON. Used from the server's thread only.
class SimStore final
{
public:
    SimStore();
    ~SimStore();
    Q_DISABLE_COPY_MOVE(SimStore)

    [[nodiscard]] Status open(const QString& filePath);

    [[nodiscard]] Status putMerchant(SimChannel channel, const QString& id, const QJsonObject& data);
    [[nodiscard]] QList<QJsonObject> merchants(SimChannel channel) const;

    [[nodiscard]] Status putOrder(const SimOrder& order);
    [[nodiscard]] std::optional<SimOrder> order(
        SimChannel channel, const QString& merchantId, const QString& outTradeNo) const;
    /// Every order with this number, newest first (the control API addresses orders by number only).
    [[nodiscard]] QList<SimOrder> ordersByNumber(const QString& outTradeNo) const;
    [[nodiscard]] QList<SimOrder> orders() const; ///< newest first

    [[nodiscard]] Status putRefund(const SimRefund& refund);
    /// An empty outTradeNo matches any order of the merchant (WeChat out_refund_no is unique per merchant).
    [[nodiscard]] std::optional<SimRefund> refund(
        SimChannel channel, const QString& merchantId, const QString& outTradeNo, const QString& outRefundNo) const;
    [[nodiscard]] QList<SimRefund> refundsOf(
        SimChannel channel, const QString& merchantId, const QString& outTradeNo) const;
    [[nodiscard]] QList<SimRefund> refundsByNumber(const QString& outRefundNo) const;
    [[nodiscard]] QList<SimRefund> refunds() const;

    [[nodiscard]] Result<qint64> addNotification(const SimNotification& n);
    [[nodiscard]] Status updateNotification(const SimNotification& n);
    [[nodiscard]] QList<SimNotification> notifications(bool pendingOnly) const;

    [[nodiscard]] QString meta(const QString& key) const;
    [[nodiscard]] Status setMeta(const QString& key, const QString& value);

private:
    [[nodiscard]] Status exec(const QString& sql) const;
    QString m_connection;
};

} // namespace paydesk::sim
