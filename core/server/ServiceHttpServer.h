#pragma once

#include <atomic>
#include <functional>
#include <memory>

#include <QElapsedTimer>
#include <QHostAddress>
#include <QObject>
#include <QThreadPool>

#include "core/channels/ChannelTypes.h"
#include "core/server/ConnectionGuard.h"
#include "core/server/RejectionLimiter.h"
#include "core/util/Result.h"

class QHttpServer;
class QHttpServerRequest;
class QHttpServerResponder;
class QHttpServerResponse;

namespace paydesk {

class Clock;
class Database;
class Metrics;
class NotificationService;

struct ServerOptions
{
    /// Request size and time limits, enforced by a ConnectionGuard before QHttpServer buffers anything (see
    /// GuardedTcpServer for why a route's own check would come too late). Real notifications are a few KiB.
    ConnectionLimits connection;
    /// How many notifications that fail verification are stored, per source and in all (see RejectionLimiter).
    RejectionLimits rejections;
    /// Worker threads for verify-and-commit, each with its own database connection.
    int workerThreads = 8;
};

/// paydeskd's HTTP faces (and the console's in-process one), on two listeners:
///   public (listen()):     POST /notify/wechatpay, POST /notify/alipay   channel notifications; anything else 404
///   admin (listenAdmin()): GET /healthz (503 when the database does not answer), GET /metrics (Prometheus text)
/// so the port the channels reach exposes nothing but the notification endpoints.
/// Notification handlers copy the request and run verification and the commit on the worker pool, so the event
/// loop never waits on the database; the channel's acknowledgement is written only after the commit. A failure to
/// store answers 500 (nothing acknowledged: the channel delivers again). Every answer is written by
/// writeAnswer() on the event loop's thread, and only if the client is still connected: Qt 6.4's
/// QHttpServer::sendResponse(QFuture) would keep the raw socket and request in its continuation and write to
/// them after a client that went away had them deleted.
class ServiceHttpServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ServiceHttpServer)
public:
    ServiceHttpServer(std::shared_ptr<Database> database,
        Metrics& metrics,
        const Clock& clock,
        ServerOptions options = {},
        QObject* parent = nullptr);
    ~ServiceHttpServer() override;

    /// Without a service (no channel configured yet) notifications are answered 503, so channels retry later.
    /// The service must outlive this server's in-flight requests (see drain()).
    void setNotificationService(NotificationService* service);

    /// The public listener (notifications only). Port 0 picks a free port; returns the port listened on.
    [[nodiscard]] Result<quint16> listen(const QHostAddress& address, quint16 port);
    /// The admin listener: /healthz and /metrics. Keep it off the public network (loopback, or a private one).
    [[nodiscard]] Result<quint16> listenAdmin(const QHostAddress& address, quint16 port);

    /// Stops accepting connections and waits (running the event loop, so finished handlers still write their
    /// answers) until no request is in flight or `timeoutMs` passed. True when everything finished.
    bool drain(int timeoutMs);
    [[nodiscard]] int inFlight() const { return m_inFlight.load(); }

private:
    void addRoutes();
    [[nodiscard]] Result<quint16> listenOn(
        QHttpServer& http, const QString& name, const QHostAddress& address, quint16 port);
    void notification(ChannelKind kind, const QHttpServerRequest& request, QHttpServerResponder&& responder);
    /// Runs `work` on the pool; its answer is written back on this thread by writeAnswer().
    void answerLater(QHttpServerResponder&& responder, std::function<QHttpServerResponse()> work);
    [[nodiscard]] QHttpServerResponse handleOnWorker(
        ChannelKind kind, const InboundHttp& inbound, const QHostAddress& source, const QElapsedTimer& received);
    [[nodiscard]] QHttpServerResponse health() const;
    [[nodiscard]] QHttpServerResponse metrics() const;

    std::shared_ptr<Database> m_database;
    Metrics& m_metrics;
    const Clock& m_clock;
    ServerOptions m_options;
    RejectionLimiter m_rejections;
    QElapsedTimer m_uptime; ///< the rejection limiter's monotonic clock
    std::atomic<NotificationService*> m_notifications { nullptr };
    std::atomic<int> m_inFlight { 0 };
    QThreadPool m_pool;
    std::unique_ptr<QHttpServer> m_public;
    std::unique_ptr<QHttpServer> m_admin;
};

/// Parses "HOST:PORT" ("127.0.0.1:8780", "[::1]:8780", ":8780" = all interfaces).
[[nodiscard]] Result<std::pair<QHostAddress, quint16>> parseListenAddress(const QString& text);

} // namespace paydesk
