#pragma once

#include <memory>

#include <QJsonObject>
#include <QProcess>
#include <QString>
#include <QTemporaryDir>

#include "core/channels/HttpClient.h"
#include "core/util/Result.h"

namespace paydesk::test {

/// paydesk-sim as a real process on loopback, in a temporary state directory, with its control API at hand.
class SimProcess final
{
public:
    explicit SimProcess(double timeScale = 1000);
    ~SimProcess();
    SimProcess(const SimProcess&) = delete;
    SimProcess& operator=(const SimProcess&) = delete;

    /// Starts it on a port of its own choosing (it binds 127.0.0.1:0 and reports the port on stdout), then waits until
    /// the control API answers. The first start generates keys: allow a few seconds.
    [[nodiscard]] Status start(int timeoutMs = 30000);
    void stop();

    [[nodiscard]] QString url() const { return QStringLiteral("http://127.0.0.1:%1").arg(m_port); }
    [[nodiscard]] QString stateDir() const { return m_dir.path(); }
    /// For signals a test sends it (SIGSTOP/SIGCONT: a channel that stalls).
    [[nodiscard]] qint64 processId() const { return m_process.processId(); }

    /// A control API call (POST/GET/DELETE under /sim/...), JSON in and out.
    [[nodiscard]] Result<HttpResponse> control(
        const QByteArray& method, const QString& path, const QJsonObject& body = {}) const;
    /// The customer pays the order (POST /sim/orders/{no}/pay); true on 200.
    [[nodiscard]] bool pay(const QString& outTradeNo) const;
    /// Faults for one order, or for all when outTradeNo is empty (POST /sim/faults).
    [[nodiscard]] bool setFaults(const QJsonObject& faults, const QString& outTradeNo = {}) const;
    [[nodiscard]] bool clearFaults() const;
    /// The simulator's view of an order ({} when unknown).
    [[nodiscard]] QJsonObject order(const QString& outTradeNo) const;

private:
    QTemporaryDir m_dir;
    double m_timeScale;
    quint16 m_port = 0;
    QProcess m_process;
    HttpClient m_client { 10000 };
};

} // namespace paydesk::test
