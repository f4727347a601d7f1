#include "core/server/ServiceHttpServer.h"

#include "core/store/Database.h"
#include "core/store/Sql.h"

#include <QHttpServer>
#include <QHttpServerResponse>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace paydesk {

ServiceHttpServer::ServiceHttpServer(std::shared_ptr<Database> database, QObject* parent)
    : QObject(parent)
    , m_database(std::move(database))
    , m_http(std::make_unique<QHttpServer>())
{
    m_http->route(u"/healthz"_s, [this] {
        // Healthy means the database answers: without it nothing can be acknowledged.
        auto db = m_database->connection();
        Status ping = db ? sql::execRaw(*db, u"SELECT 1"_s) : Status(tl::unexpected(db.error()));
        const int version = ping ? m_database->schemaVersion().value_or(0) : 0;
        const QJsonObject body{{u"status"_s, ping ? u"ok"_s : u"unavailable"_s},
                               {u"database"_s, ping ? u"ok"_s : errorCodeName(ping.error().code)},
                               {u"schema_version"_s, version}};
        return QHttpServerResponse(body, ping ? QHttpServerResponse::StatusCode::Ok
                                              : QHttpServerResponse::StatusCode::ServiceUnavailable);
    });
}

ServiceHttpServer::~ServiceHttpServer() = default;

Result<quint16> ServiceHttpServer::listen(const QHostAddress& address, quint16 port)
{
    const quint16 got = m_http->listen(address, port);
    if (got == 0)
        return fail(ErrorCode::NetworkError, u"cannot listen on %1:%2"_s.arg(address.toString()).arg(port));
    return got;
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
