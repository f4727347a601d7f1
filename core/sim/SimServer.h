#pragma once

#include <memory>
#include <optional>

#include <QAbstractHttpServer>
#include <QHostAddress>
#include <QPointer>
#include <QTcpSocket>

#include "core/sim/Faults.h"
#include "core/sim/SimContext.h"
#include "core/sim/SimKeys.h"
#include "core/sim/SimTypes.h"
#include "core/util/Result.h"

class QHttpServerResponder;

namespace paydesk::sim {

class AlipayEndpoints;
class Notifier;
class SimControl;
class SimTrades;
class WeChatEndpoints;

struct SimOptions
{
    QString stateDir; ///< SQLite state, channel keys and demo merchants live here
    double timeScale = 1.0; ///< retry schedules and refund completion run this many times faster
    WeChatKeyMode keyMode = WeChatKeyMode::Certificate;
    const Clock* clock = nullptr; ///< protocol time (timestamps, expiry); the system clock when null
    bool createDemoMerchants = true;
    bool autoCompleteRefunds = true;
    SimKeyFiles keyFiles; ///< channel keys to use instead of generated ones
};

/// paydesk-sim's server: WeChat Pay APIv3 at the root (/v3/...), the Alipay gateway at /gateway.do, the control
/// API and the cashier-training page under /sim/. Embed it (training mode, tests):
///
///     SimServer sim({.stateDir = dir});
///     if (auto st = sim.start(); !st) ...;          // state, keys, demo merchants, pending notifications
///     auto port = sim.listenOn(QHostAddress::LocalHost, 0);
///     wechat base URL: sim.baseUrl(); Alipay gateway: sim.alipayGatewayUrl()
///
/// All of it runs on the thread that owns the object.
class SimServer final : public QAbstractHttpServer
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SimServer)

public:
    explicit SimServer(SimOptions options, QObject* parent = nullptr);
    ~SimServer() override;

    [[nodiscard]] Status start();
    [[nodiscard]] Result<quint16> listenOn(const QHostAddress& address = QHostAddress::LocalHost, quint16 port = 0);
    [[nodiscard]] QString baseUrl() const; ///< http://127.0.0.1:PORT: the WeChat Pay API base URL
    [[nodiscard]] QString alipayGatewayUrl() const; ///< baseUrl() + "/gateway.do"
    [[nodiscard]] QString stateDir() const { return m_ctx.stateDir; }

    [[nodiscard]] Status addWeChatMerchant(const WeChatMerchant& merchant);
    [[nodiscard]] Status addAlipayMerchant(const AlipayMerchant& merchant);
    /// The demo merchants created on first start (with the paths of their key files), if any.
    [[nodiscard]] std::optional<DemoWeChatMerchant> demoWeChatMerchant() const;
    [[nodiscard]] std::optional<DemoAlipayMerchant> demoAlipayMerchant() const;
    [[nodiscard]] const SimKeys& keys() const { return m_ctx.keys; }

    // The customer and the back office (also reachable through the control API).
    [[nodiscard]] Result<SimOrder> scan(const QString& outTradeNo);
    [[nodiscard]] Result<SimOrder> pay(const QString& outTradeNo);
    [[nodiscard]] Result<SimOrder> failPayment(const QString& outTradeNo);
    [[nodiscard]] Result<SimRefund> completeRefund(const QString& outRefundNo, RefundState state);
    [[nodiscard]] QList<SimOrder> orders() const;
    [[nodiscard]] std::optional<SimOrder> order(const QString& outTradeNo) const;
    [[nodiscard]] QList<SimRefund> refunds() const;
    [[nodiscard]] QList<SimNotification> notifications() const;

    /// Faults for one order, or for all when outTradeNo is empty.
    void setFaults(const QString& outTradeNo, const FaultSet& faults);
    void clearFaults();
    void setAutoCompleteRefunds(bool on, qint64 delayMs = -1);
    void setKeyMode(WeChatKeyMode mode);
    void setTimeScale(double scale);
    void addBillDifference(const BillDifference& difference);
    void clearBillDifferences();

    [[nodiscard]] Notifier& notifier() { return *m_notifier; }
    /// Handles a request without HTTP (the same code path as the network).
    [[nodiscard]] SimResponse dispatch(const SimRequest& request);

protected:
    bool handleRequest(const QHttpServerRequest& request, QTcpSocket* socket) override;
    void missingHandler(const QHttpServerRequest& request, QTcpSocket* socket) override;

private:
    /// Writes the answer, honouring the faults' holds and dropped connections (SimResponse).
    void deliver(const std::shared_ptr<QHttpServerResponder>& responder,
        QPointer<QTcpSocket> socket,
        const SimResponse& response);
    [[nodiscard]] Status loadMerchants();
    [[nodiscard]] Status ensureDemoMerchants();

    SimOptions m_options;
    SimContext m_ctx;
    std::unique_ptr<SimTrades> m_trades;
    std::unique_ptr<Notifier> m_notifier;
    std::unique_ptr<WeChatEndpoints> m_wechat;
    std::unique_ptr<AlipayEndpoints> m_alipay;
    std::unique_ptr<SimControl> m_control;
    quint16 m_port = 0;
};

} // namespace paydesk::sim
