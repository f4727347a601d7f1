#include "core/server/ServiceHttpServer.h"

#include "core/log/Log.h"
#include "core/server/Metrics.h"
#include "core/service/NotificationRows.h"
#include "core/service/NotificationService.h"
#include "core/store/Database.h"
#include "core/store/Sql.h"
#include "core/util/Clock.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QHttpServer>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpServer>
#include <QThread>
#include <QtConcurrent/QtConcurrentRun>

using namespace Qt::StringLiterals;

namespace paydesk {

namespace {

using HttpStatus = QHttpServerResponse::StatusCode;

QHttpServerResponse toResponse(const NotificationAck& ack)
{
    const auto status = static_cast<HttpStatus>(ack.httpStatus);
    if (ack.body.isEmpty() && ack.contentType.isEmpty())
        return QHttpServerResponse(status);
    return QHttpServerResponse(ack.contentType.isEmpty() ? QByteArray("text/plain") : ack.contentType, ack.body,
                               status);
}

/// An error answer both channels read as "not acknowledged" (WeChat wants a JSON code, Alipay anything but
/// "success").
QHttpServerResponse failure(HttpStatus status, const QString& message)
{
    const QJsonObject body{{u"code"_s, u"FAIL"_s}, {u"message"_s, message}};
    return QHttpServerResponse(QByteArray("application/json"), QJsonDocument(body).toJson(QJsonDocument::Compact),
                               status);
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


} // namespace

ServiceHttpServer::ServiceHttpServer(std::shared_ptr<Database> database, Metrics& metrics, const Clock& clock,
                                     ServerOptions options, QObject* parent)
    : QObject(parent)
    , m_database(std::move(database))
    , m_metrics(metrics)
    , m_clock(clock)
    , m_options(options)
    , m_public(std::make_unique<QHttpServer>())
    , m_admin(std::make_unique<QHttpServer>())
{
    m_pool.setMaxThreadCount(qMax(1, m_options.workerThreads));
    // Each pool thread keeps its database connection; an expiring thread would reconnect on the next burst.
    m_pool.setExpiryTimeout(-1);
    addRoutes();
}

ServiceHttpServer::~ServiceHttpServer()
{
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
    m_admin->route(u"/healthz"_s, QHttpServerRequest::Method::Get, [this] {
        return QtConcurrent::run(&m_pool, [this] {
            // Healthy means the database answers: without it nothing can be acknowledged.
            auto db = m_database->connection();
            Status ping = db ? sql::execRaw(*db, u"SELECT 1"_s) : Status(tl::unexpected(db.error()));
            const int version = ping ? m_database->schemaVersion().value_or(0) : 0;
            const QJsonObject body{{u"status"_s, ping ? u"ok"_s : u"unavailable"_s},
                                   {u"database"_s, ping ? u"ok"_s : errorCodeName(ping.error().code)},
                                   {u"schema_version"_s, version},
                                   {u"notifications"_s, m_notifications.load() ? u"ready"_s : u"no channels"_s}};
            return QHttpServerResponse(body, ping ? HttpStatus::Ok : HttpStatus::ServiceUnavailable);
        });
    });
    m_admin->route(u"/metrics"_s, QHttpServerRequest::Method::Get, [this] {
        return QtConcurrent::run(&m_pool, [this] {
            auto gauges = readPendingGauges(*m_database, m_clock);
            if (!gauges)
                log::server()->warn("metrics: {}", gauges.error().detail);
            std::optional<GroupCommitCounts> groups;
            if (NotificationService* service = m_notifications.load())
                groups = service->groupCommitCounts();
            return QHttpServerResponse(QByteArray("text/plain; version=0.0.4; charset=utf-8"),
                                       m_metrics.render(gauges ? &*gauges : nullptr, groups ? &*groups : nullptr));
        });
    });
    for (const ChannelKind kind : {ChannelKind::WeChatPay, ChannelKind::Alipay}) {
        m_public->route(u"/notify/"_s + channelKindName(kind), QHttpServerRequest::Method::Post,
                      [this, kind](const QHttpServerRequest& request) { return notification(kind, request); });
    }
}

QFuture<QHttpServerResponse> ServiceHttpServer::notification(ChannelKind kind, const QHttpServerRequest& request)
{
    QElapsedTimer received;
    received.start();
    // Copied here, on the event loop's thread: the request object is not ours once this handler returns.
    InboundHttp in = copyRequest(request);
    const QByteArray body = request.body();
    const bool tooLarge = body.size() > m_options.maxBodyBytes;
    in.body = tooLarge ? body.left(m_options.storedPrefixBytes) : body;
    m_inFlight.fetch_add(1);
    return QtConcurrent::run(&m_pool, [this, kind, in = std::move(in), tooLarge, received] {
        QHttpServerResponse response = handleOnWorker(kind, in, tooLarge, received);
        m_inFlight.fetch_sub(1);
        return response;
    });
}

QHttpServerResponse ServiceHttpServer::handleOnWorker(ChannelKind kind, const InboundHttp& inbound, bool tooLarge,
                                                      const QElapsedTimer& received)
{
    const QString channel = channelKindName(kind);
    const auto seconds = [&received] { return double(received.nsecsElapsed()) / 1e9; };
    if (tooLarge) {
        const auto stored = storeOversized(kind, inbound);
        if (!stored)
            log::server()->error("{}: oversized notification not stored: {}", channel, stored.error().detail);
        m_metrics.recordNotification(channel, stored ? u"rejected"_s : u"error"_s, seconds());
        return failure(HttpStatus::PayloadTooLarge, u"body too large"_s);
    }
    NotificationService* service = m_notifications.load();
    if (!service) {
        m_metrics.recordNotification(channel, u"error"_s, seconds());
        return failure(HttpStatus::ServiceUnavailable, u"no channels configured"_s);
    }
    auto result = service->handle(kind, inbound);
    if (!result) {
        m_metrics.recordNotification(channel, u"error"_s, seconds());
        if (result.error().code == ErrorCode::NotFound) {
            log::server()->warn("{}: notification for a channel that is not configured", channel);
            return failure(HttpStatus::ServiceUnavailable, u"channel not configured"_s);
        }
        // Nothing was acknowledged or stored: the channel delivers it again.
        log::server()->error("{}: notification not stored: {} ({})", channel, errorCodeName(result.error().code),
                             result.error().detail);
        return failure(HttpStatus::InternalServerError, u"not stored"_s);
    }
    m_metrics.recordNotification(channel, result->verdict, seconds());
    if (result->verdict == u"rejected"_s)
        log::server()->warn("{}: notification {} rejected: {}", channel, result->storedId, result->reason);
    return toResponse(result->ack);
}

Status ServiceHttpServer::storeOversized(ChannelKind kind, const InboundHttp& prefix) const
{
    auto db = m_database->connection();
    if (!db)
        return tl::unexpected(db.error());
    auto q = sql::exec(*db,
                       u"INSERT INTO notifications (channel, verdict, reason, headers, body, received_at) "
                       u"VALUES (:channel, 'rejected', :reason, :headers, :body, :at)"_s,
                       {{u":channel"_s, channelKindName(kind)},
                        {u":reason"_s, u"BodyTooLarge: over %1 bytes; the first %2 stored"_s
                                           .arg(m_options.maxBodyBytes)
                                           .arg(prefix.body.size())},
                        {u":headers"_s, notification_rows::headersJson(prefix)},
                        {u":body"_s, prefix.body.isNull() ? QByteArray("") : prefix.body},
                        {u":at"_s, m_clock.nowMSecs()}});
    if (!q)
        return tl::unexpected(q.error());
    return {};
}

Result<quint16> ServiceHttpServer::listen(const QHostAddress& address, quint16 port)
{
    return listenOn(*m_public, address, port);
}

Result<quint16> ServiceHttpServer::listenAdmin(const QHostAddress& address, quint16 port)
{
    return listenOn(*m_admin, address, port);
}

Result<quint16> ServiceHttpServer::listenOn(QHttpServer& http, const QHostAddress& address, quint16 port)
{
    const quint16 got = http.listen(address, port);
    if (got == 0)
        return fail(ErrorCode::NetworkError, u"cannot listen on %1:%2"_s.arg(address.toString()).arg(port));
    return got;
}

bool ServiceHttpServer::drain(int timeoutMs)
{
    for (QHttpServer* http : {m_public.get(), m_admin.get()}) {
        for (QTcpServer* server : http->servers())
            server->close();
    }
    const QDeadlineTimer deadline(timeoutMs);
    while (m_inFlight.load() > 0 && !deadline.hasExpired()) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 20);
        QThread::msleep(5);
    }
    // The last handlers' answers are written by continuations on this thread: let them reach the sockets.
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
