#include "core/server/ServiceHttpServer.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QHttpServerResponse>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>

#include "core/log/Log.h"
#include "core/server/Metrics.h"
#include "core/service/NotificationService.h"
#include "core/store/Database.h"
#include "core/store/Sql.h"
#include "core/util/Clock.h"

using namespace Qt::StringLiterals;

namespace paydesk {

namespace {

using HttpStatus = QHttpServerResponse::StatusCode;

QHttpServerResponse toResponse(const NotificationAck& ack)
{
    const auto status = static_cast<HttpStatus>(ack.httpStatus);
    if (ack.body.isEmpty() && ack.contentType.isEmpty())
        return QHttpServerResponse(status);
    return QHttpServerResponse(
        ack.contentType.isEmpty() ? QByteArray("text/plain") : ack.contentType, ack.body, status);
}

/// An error answer both channels read as "not acknowledged" (WeChat wants a JSON code, Alipay anything but
/// "success").
QHttpServerResponse failure(HttpStatus status, const QString& message)
{
    const QJsonObject body { { u"code"_s, u"FAIL"_s }, { u"message"_s, message } };
    return QHttpServerResponse(
        QByteArray("application/json"), QJsonDocument(body).toJson(QJsonDocument::Compact), status);
}

InboundHttp copyRequest(const QHttpServerRequest& request)
{
    InboundHttp in;
    in.method = "POST";
    const QUrl url = request.url();
    in.path = url.path(QUrl::FullyEncoded).toUtf8();
    if (url.hasQuery())
        in.path += '?' + url.query(QUrl::FullyEncoded).toUtf8();
    for (const auto& [name, value] : request.headers())
        in.headers.insert(name.toLower(), value);
    return in;
}

/// Writes `response` (the responder's socket must still exist) and tells the connection's guard it is out, so the
/// next request's deadline starts.
void writeAnswer(QHttpServerResponder&& responder, const QHttpServerResponse& response)
{
    ConnectionGuard* guard = ConnectionGuard::of(responder.socket());
    response.write(std::move(responder)); // writes nothing to a socket that is no longer connected
    if (guard)
        guard->answered();
}

} // namespace

ServiceHttpServer::ServiceHttpServer(
    std::shared_ptr<Database> database, Metrics& metrics, const Clock& clock, ServerOptions options, QObject* parent)
    : QObject(parent)
    , m_database(std::move(database))
    , m_metrics(metrics)
    , m_clock(clock)
    , m_options(options)
    , m_rejections(m_options.rejections)
    , m_public(std::make_unique<QHttpServer>())
    , m_admin(std::make_unique<QHttpServer>())
{
    m_uptime.start();
    m_pool.setMaxThreadCount(qMax(1, m_options.workerThreads));
    // Each pool thread keeps its database connection; an expiring thread would reconnect on the next burst.
    m_pool.setExpiryTimeout(-1);
    addRoutes();
}

ServiceHttpServer::~ServiceHttpServer()
{
    // The sockets go first: a handler still running then finds its client gone and writes nothing.
    m_public.reset();
    m_admin.reset();
    m_pool.waitForDone();
}

void ServiceHttpServer::setNotificationService(NotificationService* service)
{
    m_notifications.store(service);
}

void ServiceHttpServer::addRoutes()
{
    for (const ChannelKind kind : { ChannelKind::WeChatPay, ChannelKind::Alipay }) {
        m_public->route(u"/notify/"_s + channelKindName(kind),
            QHttpServerRequest::Method::Post,
            [this, kind](const QHttpServerRequest& request, QHttpServerResponder&& responder) {
                notification(kind, request, std::move(responder));
            });
    }
    m_admin->route(u"/healthz"_s,
        QHttpServerRequest::Method::Get,
        [this](const QHttpServerRequest&, QHttpServerResponder&& responder) {
            answerLater(std::move(responder), [this] {
                return health();
            });
        });
    m_admin->route(u"/metrics"_s,
        QHttpServerRequest::Method::Get,
        [this](const QHttpServerRequest&, QHttpServerResponder&& responder) {
            answerLater(std::move(responder), [this] {
                return metrics();
            });
        });
    // Anything else (/healthz and /metrics on the public listener too) is 404, written through writeAnswer() like
    // every answer.
    for (QHttpServer* http : { m_public.get(), m_admin.get() }) {
        http->setMissingHandler([](const QHttpServerRequest&, QHttpServerResponder&& responder) {
            if (ConnectionGuard* guard = ConnectionGuard::of(responder.socket()))
                guard->requestTaken();
            writeAnswer(std::move(responder), QHttpServerResponse(HttpStatus::NotFound));
        });
    }
}

void ServiceHttpServer::answerLater(QHttpServerResponder&& responder, std::function<QHttpServerResponse()> work)
{
    const QPointer<QTcpSocket> socket = responder.socket();
    if (ConnectionGuard* guard = ConnectionGuard::of(socket))
        guard->requestTaken();
    // Held by pointer: the pool and the queued call take copyable callables only.
    auto held = std::make_shared<QHttpServerResponder>(std::move(responder));
    m_inFlight.fetch_add(1);
    m_pool.start([this, socket, held, work = std::move(work)] {
        auto response = std::make_shared<QHttpServerResponse>(work());
        QMetaObject::invokeMethod(
            this,
            [this, socket, held, response] {
                // A client that went away had its socket (and QHttpServer's request) deleted: nothing to write to.
                if (socket && socket->state() == QAbstractSocket::ConnectedState)
                    writeAnswer(std::move(*held), *response);
                m_inFlight.fetch_sub(1);
            },
            Qt::QueuedConnection);
    });
}

QHttpServerResponse ServiceHttpServer::health() const
{
    // Healthy means the database answers: without it nothing can be acknowledged.
    auto pingOnce = [this]() -> Status {
        auto db = m_database->connection();
        return db ? sql::execRaw(*db, u"SELECT 1"_s) : Status(tl::unexpected(db.error()));
    };
    // Once more on failure: this pool thread's session may have been cut by a server restart since it was last
    // used; the failed ping marks it closed and connection() opens a new one. Only a second failure is unhealthy.
    Status ping = pingOnce();
    if (!ping)
        ping = pingOnce();
    const int version = ping ? m_database->schemaVersion().value_or(0) : 0;
    const QJsonObject body { { u"status"_s, ping ? u"ok"_s : u"unavailable"_s },
        { u"database"_s, ping ? u"ok"_s : errorCodeName(ping.error().code) },
        { u"schema_version"_s, version },
        { u"notifications"_s, m_notifications.load() ? u"ready"_s : u"no channels"_s } };
    return QHttpServerResponse(body, ping ? HttpStatus::Ok : HttpStatus::ServiceUnavailable);
}

QHttpServerResponse ServiceHttpServer::metrics() const
{
    auto gauges = readPendingGauges(*m_database, m_clock);
    if (!gauges)
        log::server()->warn("metrics: {}", gauges.error().detail);
    std::optional<GroupCommitCounts> groups;
    if (NotificationService* service = m_notifications.load())
        groups = service->groupCommitCounts();
    return QHttpServerResponse(QByteArray("text/plain; version=0.0.4; charset=utf-8"),
        m_metrics.render(gauges ? &*gauges : nullptr, groups ? &*groups : nullptr));
}

void ServiceHttpServer::notification(
    ChannelKind kind, const QHttpServerRequest& request, QHttpServerResponder&& responder)
{
    QElapsedTimer received;
    received.start();
    // Copied here, on the event loop's thread: the request object is not ours once this handler returns. The body
    // is at most maxBodyBytes: the connection guard refused a longer one before it was read.
    InboundHttp in = copyRequest(request);
    in.body = request.body();
    const QHostAddress source = request.remoteAddress();
    answerLater(std::move(responder), [this, kind, in = std::move(in), source, received] {
        return handleOnWorker(kind, in, source, received);
    });
}

QHttpServerResponse ServiceHttpServer::handleOnWorker(
    ChannelKind kind, const InboundHttp& inbound, const QHostAddress& source, const QElapsedTimer& received)
{
    const QString channel = channelKindName(kind);
    const auto seconds = [&received] {
        return double(received.nsecsElapsed()) / 1e9;
    };
    NotificationService* service = m_notifications.load();
    if (!service) {
        m_metrics.recordNotification(channel, u"error"_s, seconds());
        return failure(HttpStatus::ServiceUnavailable, u"no channels configured"_s);
    }
    // A notification that fails verification is stored with its reason: the first ones show a key gone wrong or
    // someone probing. But anyone can post them and each is a row, so past the source's allowance they are
    // answered 429 and only counted. Verified notifications never ask.
    const auto mayStoreUnverified = [this, &source] {
        return m_rejections.tryTake(source, m_uptime.elapsed());
    };
    auto result = service->handle(kind, inbound, mayStoreUnverified);
    if (!result) {
        m_metrics.recordNotification(channel, u"error"_s, seconds());
        if (result.error().code == ErrorCode::NotFound) {
            log::server()->warn("{}: notification for a channel that is not configured", channel);
            return failure(HttpStatus::ServiceUnavailable, u"channel not configured"_s);
        }
        // Nothing was acknowledged or stored: the channel delivers it again.
        log::server()->error(
            "{}: notification not stored: {} ({})", channel, errorCodeName(result.error().code), result.error().detail);
        return failure(HttpStatus::InternalServerError, u"not stored"_s);
    }
    if (result->verdict == u"rejected"_s && result->storedId == 0) {
        m_metrics.recordNotification(channel, u"throttled"_s, seconds());
        return failure(HttpStatus::TooManyRequests, u"too many rejected notifications"_s);
    }
    m_metrics.recordNotification(channel, result->verdict, seconds());
    if (result->verdict == u"rejected"_s)
        log::server()->warn("{}: notification {} rejected: {}", channel, result->storedId, result->reason);
    return toResponse(result->ack);
}

Result<quint16> ServiceHttpServer::listen(const QHostAddress& address, quint16 port)
{
    return listenOn(*m_public, u"public"_s, address, port);
}

Result<quint16> ServiceHttpServer::listenAdmin(const QHostAddress& address, quint16 port)
{
    return listenOn(*m_admin, u"admin"_s, address, port);
}

Result<quint16> ServiceHttpServer::listenOn(
    QHttpServer& http, const QString& name, const QHostAddress& address, quint16 port)
{
    auto server = std::make_unique<GuardedTcpServer>(name, m_options.connection, m_metrics);
    if (!server->listen(address, port)) {
        return fail(ErrorCode::NetworkError,
            u"cannot listen on %1:%2 (%3)"_s.arg(address.toString()).arg(port).arg(server->errorString()));
    }
    const quint16 got = server->serverPort();
    http.bind(server.release()); // now a child of `http`
    return got;
}

bool ServiceHttpServer::drain(int timeoutMs)
{
    for (QHttpServer* http : { m_public.get(), m_admin.get() }) {
        for (QTcpServer* server : http->servers())
            server->close();
    }
    const QDeadlineTimer deadline(timeoutMs);
    while (m_inFlight.load() > 0 && !deadline.hasExpired()) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        QThread::msleep(5);
    }
    // The last answers were written by queued calls on this thread: let them reach the sockets.
    const QDeadlineTimer flush(200);
    while (!flush.hasExpired())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
    return m_inFlight.load() == 0;
}

Result<std::pair<QHostAddress, quint16>> parseListenAddress(const QString& text)
{
    const qsizetype colon = text.lastIndexOf(u':');
    if (colon < 0)
        return fail(ErrorCode::InvalidArgument, u"listen address must be HOST:PORT"_s);
    QString host = text.left(colon);
    bool ok = false;
    const uint port = text.mid(colon + 1).toUInt(&ok);
    if (!ok || port > 65535)
        return fail(ErrorCode::InvalidArgument, u"bad port in '%1'"_s.arg(text));
    if (host.startsWith(u'[') && host.endsWith(u']'))
        host = host.mid(1, host.size() - 2);
    QHostAddress address = host.isEmpty() ? QHostAddress(QHostAddress::Any) : QHostAddress(host);
    if (address.isNull())
        return fail(ErrorCode::InvalidArgument, u"bad host in '%1' (use an IP address)"_s.arg(text));
    return std::make_pair(address, quint16(port));
}

} // namespace paydesk
