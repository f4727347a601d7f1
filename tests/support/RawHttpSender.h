#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>

#include "core/util/Result.h"

namespace paydesk::test {

/// A minimal blocking HTTP/1.1 client over one kept-alive loopback TCP connection, for load generators: the
/// request bytes are built once and sent as they are, and only the status line and Content-Length of the answer
/// are read. A channel's notification sender is another machine; in a benchmark it shares our cores, so it must
/// cost as little as possible (QNetworkAccessManager spends more per request than paydeskd does).
class RawHttpSender final
{
public:
    RawHttpSender(QByteArray host, quint16 port);
    ~RawHttpSender();
    RawHttpSender(const RawHttpSender&) = delete;
    RawHttpSender& operator=(const RawHttpSender&) = delete;

    /// The whole request: POST line, Host, Content-Length, the given headers, body.
    [[nodiscard]] QByteArray build(
        const QByteArray& path, const QList<QPair<QByteArray, QByteArray>>& headers, const QByteArray& body) const;
    /// Sends a request from build() and reads the answer; returns its status code. Reconnects once when the
    /// server had closed the kept-alive connection.
    [[nodiscard]] Result<int> send(const QByteArray& request);

private:
    [[nodiscard]] Status connectSocket();
    [[nodiscard]] Result<int> exchange(const QByteArray& request);
    void closeSocket();

    QByteArray m_host;
    quint16 m_port;
    int m_fd = -1;
    QByteArray m_buffer;
};

} // namespace paydesk::test
