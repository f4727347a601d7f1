#pragma once

#include "core/util/Result.h"

#include <QHostAddress>
#include <QObject>

#include <memory>

class QHttpServer;

namespace paydesk {

class Database;

/// paydeskd's HTTP face (and the console's in-process one): health today; the channels' notification endpoints and
/// metrics are routed here too.
class ServiceHttpServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ServiceHttpServer)
public:
    explicit ServiceHttpServer(std::shared_ptr<Database> database, QObject* parent = nullptr);
    ~ServiceHttpServer() override;

    /// Port 0 picks a free port; returns the port listened on.
    [[nodiscard]] Result<quint16> listen(const QHostAddress& address, quint16 port);
    [[nodiscard]] QHttpServer& http() { return *m_http; }

private:
    std::shared_ptr<Database> m_database;
    std::unique_ptr<QHttpServer> m_http;
};

/// Parses "HOST:PORT" ("127.0.0.1:8780", "[::1]:8780", ":8780" = all interfaces).
[[nodiscard]] Result<std::pair<QHostAddress, quint16>> parseListenAddress(const QString& text);

} // namespace paydesk
