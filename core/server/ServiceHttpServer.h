#pragma once

#include "core/channels/ChannelTypes.h"
#include "core/util/Result.h"

#include <QElapsedTimer>
#include <QFuture>
#include <QHostAddress>
#include <QObject>
#include <QThreadPool>

#include <atomic>
#include <memory>

class QHttpServer;
class QHttpServerRequest;
class QHttpServerResponse;

namespace paydesk {

class Clock;
class Database;
class Metrics;
class NotificationService;

struct ServerOptions {
    /// Larger notification bodies are answered 413 and stored as rejected (BodyTooLarge) with their first bytes.
    /// Real notifications are a few KiB; the limit keeps a hostile sender from filling the notifications table.
    qsizetype maxBodyBytes = 64 * 1024;
    /// How many of an oversized body are stored, for forensics.
    qsizetype storedPrefixBytes = 4096;
    /// Worker threads for verify-and-commit, each with its own database connection.
    int workerThreads = 8;
};

/// paydeskd's HTTP faces (and the console's in-process one), on two listeners:
///   public (listen()):     POST /notify/wechatpay, POST /notify/alipay   channel notifications; anything else 404
///   admin (listenAdmin()): GET /healthz (503 when the database does not answer), GET /metrics (Prometheus text)
/// so the port the channels reach exposes nothing but the notification endpoints.
/// Notification handlers copy the request and return a QFuture: verification and the commit run on the worker pool,
/// so the event loop never waits on the database, and the channel's acknowledgement is written only after the
/// commit. A failure to store answers 500 (nothing acknowledged: the channel delivers again).
class ServiceHttpServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ServiceHttpServer)
public:
    ServiceHttpServer(std::shared_ptr<Database> database, Metrics& metrics, const Clock& clock,
                      ServerOptions options = {}, QObject* parent = nullptr);
    ~ServiceHttpServer() override;

    /// Without a service (no channel configured yet) notifications are answered 503, so channels retry later.
    /// The service must outlive this server's in-flight requests (see drain()).
    void setNotificationService(NotificationService* service);

    /// The public listener (notifications only). Port 0 picks a free port; returns the port listened on.
    [[nodiscard]] Result<quint16> listen(const QHostAddress& address, quint16 port);
    /// The admin listener: /healthz and /metrics. Keep it off the public network (loopback, or a private one).
    [[nodiscard]] Result<quint16> listenAdmin(const QHostAddress& address, quint16 port);

    /// Stops accepting connections and waits (running the event loop, so finished handlers still write their
    /// answers) until no notification is in flight or `timeoutMs` passed. True when everything finished.
    bool drain(int timeoutMs);
    [[nodiscard]] int inFlight() const { return m_inFlight.load(); }

private:
    void addRoutes();
    [[nodiscard]] static Result<quint16> listenOn(QHttpServer& http, const QHostAddress& address, quint16 port);
    [[nodiscard]] QFuture<QHttpServerResponse> notification(ChannelKind kind, const QHttpServerRequest& request);
    [[nodiscard]] QHttpServerResponse handleOnWorker(ChannelKind kind, const InboundHttp& inbound,
                                                     bool tooLarge, const QElapsedTimer& received);
    [[nodiscard]] Status storeOversized(ChannelKind kind, const InboundHttp& prefix) const;

    std::shared_ptr<Database> m_database;
    Metrics& m_metrics;
    const Clock& m_clock;
    ServerOptions m_options;
    std::atomic<NotificationService*> m_notifications{nullptr};
    std::atomic<int> m_inFlight{0};
    QThreadPool m_pool;
    std::unique_ptr<QHttpServer> m_public;
    std::unique_ptr<QHttpServer> m_admin;
};

/// Parses "HOST:PORT" ("127.0.0.1:8780", "[::1]:8780", ":8780" = all interfaces).
[[nodiscard]] Result<std::pair<QHostAddress, quint16>> parseListenAddress(const QString& text);

} // namespace paydesk
