#include "tests/support/RawHttpSender.h"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace paydesk::test {

RawHttpSender::RawHttpSender(QByteArray host, quint16 port)
    : m_host(std::move(host))
    , m_port(port)
{
}

RawHttpSender::~RawHttpSender()
{
    closeSocket();
}

QByteArray RawHttpSender::build(
    const QByteArray& path, const QList<QPair<QByteArray, QByteArray>>& headers, const QByteArray& body) const
{
    QByteArray r = "POST " + path + " HTTP/1.1\r\nHost: " + m_host + ':' + QByteArray::number(m_port)
        + "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n";
    for (const auto& [name, value] : headers)
        r += name + ": " + value + "\r\n";
    return r + "\r\n" + body;
}

Status RawHttpSender::connectSocket()
{
    m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (m_fd < 0)
        return fail(ErrorCode::NetworkError, u"socket: %1"_s.arg(QString::fromLocal8Bit(std::strerror(errno))));
    const int one = 1;
    ::setsockopt(m_fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_port = htons(m_port);
    if (::inet_pton(AF_INET, m_host.constData(), &address.sin_addr) != 1) {
        closeSocket();
        return fail(ErrorCode::InvalidArgument, u"not an IPv4 address: %1"_s.arg(QString::fromLatin1(m_host)));
    }
    if (::connect(m_fd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
        const QString why = QString::fromLocal8Bit(std::strerror(errno));
        closeSocket();
        return fail(ErrorCode::NetworkError, u"connect: %1"_s.arg(why));
    }
    m_buffer.clear();
    return {};
}

void RawHttpSender::closeSocket()
{
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = -1;
}

Result<int> RawHttpSender::send(const QByteArray& request)
{
    const bool reused = m_fd >= 0;
    if (!reused) {
        if (auto s = connectSocket(); !s)
            return tl::unexpected(s.error());
    }
    auto r = exchange(request);
    if (!r && reused) {
        // The server may have closed an idle kept-alive connection between two requests: once more, afresh.
        closeSocket();
        if (auto s = connectSocket(); !s)
            return tl::unexpected(s.error());
        r = exchange(request);
    }
    if (!r)
        closeSocket();
    return r;
}

Result<int> RawHttpSender::exchange(const QByteArray& request)
{
    for (qsizetype sent = 0; sent < request.size();) {
        const ssize_t n = ::send(m_fd, request.constData() + sent, size_t(request.size() - sent), MSG_NOSIGNAL);
        if (n <= 0)
            return fail(ErrorCode::NetworkError, u"send failed"_s);
        sent += n;
    }
    // The head, then as much body as Content-Length says (none for 204).
    qsizetype headEnd = -1;
    char chunk[8192];
    while ((headEnd = m_buffer.indexOf("\r\n\r\n")) < 0) {
        const ssize_t n = ::recv(m_fd, chunk, sizeof chunk, 0);
        if (n <= 0)
            return fail(ErrorCode::NetworkError, u"connection closed before the answer"_s);
        m_buffer.append(chunk, n);
    }
    const QByteArray head = m_buffer.left(headEnd).toLower();
    if (!head.startsWith("http/1.1 ") || head.size() < 12)
        return fail(ErrorCode::MalformedInput, u"not an HTTP/1.1 answer"_s);
    const int status = head.mid(9, 3).toInt();
    qsizetype length = 0;
    if (const qsizetype at = head.indexOf("\r\ncontent-length:"); at >= 0) {
        const qsizetype end = head.indexOf("\r\n", at + 2);
        length = head.mid(at + 17, end < 0 ? -1 : end - at - 17).trimmed().toLongLong();
    } else if (head.contains("\r\ntransfer-encoding:")) {
        return fail(ErrorCode::MalformedInput, u"chunked answers are not supported here"_s);
    }
    while (m_buffer.size() < headEnd + 4 + length) {
        const ssize_t n = ::recv(m_fd, chunk, sizeof chunk, 0);
        if (n <= 0)
            return fail(ErrorCode::NetworkError, u"connection closed inside the answer"_s);
        m_buffer.append(chunk, n);
    }
    m_buffer.remove(0, headEnd + 4 + length);
    if (head.contains("\r\nconnection: close"))
        closeSocket();
    return status;
}

} // namespace paydesk::test
