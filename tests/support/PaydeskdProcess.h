#pragma once

#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include "core/channels/HttpClient.h"
#include "core/util/Result.h"
#include "tests/support/ReservedPort.h"

namespace paydesk::test {

/// paydeskd as a real process on loopback ports reserved for it (see ReservedPort), for end-to-end tests: the
/// public one for notifications and the admin one for /healthz and /metrics.
class PaydeskdProcess final
{
public:
    /// `env` should carry PAYDESK_MASTER_KEY_FILE when channels are configured.
    PaydeskdProcess(QString dbUrl, QProcessEnvironment env);
    ~PaydeskdProcess();
    PaydeskdProcess(const PaydeskdProcess&) = delete;
    PaydeskdProcess& operator=(const PaydeskdProcess&) = delete;

    /// The port is reserved now and held until this object goes, so the notify URL can be configured before the
    /// process starts, and a restart (after kill()) comes back on the same port.
    [[nodiscard]] quint16 port() const { return m_port.port(); }
    [[nodiscard]] QString url() const { return QStringLiteral("http://127.0.0.1:%1").arg(port()); }
    [[nodiscard]] quint16 adminPort() const { return m_adminPort.port(); }
    [[nodiscard]] QString adminUrl() const { return QStringLiteral("http://127.0.0.1:%1").arg(adminPort()); }

    /// Starts paydeskd --db --listen --admin-listen <extra args> and waits until /healthz answers 200.
    [[nodiscard]] Status start(const QStringList& extraArgs = {}, int timeoutMs = 30000);
    /// SIGTERM and wait; the exit code (-1 when it crashed or hung). The default wait is longer than paydeskd's own
    /// shutdown budget (30 s to drain notifications + 30 s for running jobs, then it exits 3), so a slow but bounded
    /// shutdown on a loaded machine is told apart from a hang.
    int terminate(int timeoutMs = 75000);
    /// SIGKILL: no chance to clean up.
    void kill();
    [[nodiscard]] bool isRunning() const { return m_process.state() == QProcess::Running; }
    [[nodiscard]] qint64 processId() const { return m_process.processId(); }

    /// GET on the public port.
    [[nodiscard]] Result<HttpResponse> get(const QString& path) const;
    /// GET on the admin port (/healthz, /metrics).
    [[nodiscard]] Result<HttpResponse> getAdmin(const QString& path) const;
    [[nodiscard]] Result<HttpResponse> post(
        const QString& path, const QList<QPair<QByteArray, QByteArray>>& headers, const QByteArray& body) const;
    /// One sample of the Prometheus text, by its full series name ("paydesk_payments_pending",
    /// "paydesk_notifications_total{channel=\"wechatpay\",verdict=\"accepted\"}"); -1 when absent.
    [[nodiscard]] double metric(const QByteArray& series) const;

private:
    QString m_dbUrl;
    ReservedPort m_port;
    ReservedPort m_adminPort;
    QProcess m_process;
    HttpClient m_client { 15000 };
};

} // namespace paydesk::test
