#include "core/server/ConnectionGuard.h"

#include <algorithm>
#include <cstring>
#include <optional>

#include <QTcpSocket>

#include "core/log/Log.h"
#include "core/server/Metrics.h"

using namespace Qt::StringLiterals;

namespace paydesk {

namespace {

/// After a refusal's answer, how long a client that reads nothing may keep the socket.
constexpr int kCloseGraceMs = 2000;

bool isBlank(char c)
{
    return c == '\r' || c == '\n' || c == ' ' || c == '\t' || c == '\v';
}

bool onlyBlank(QByteArrayView bytes)
{
    return std::all_of(bytes.begin(), bytes.end(), isBlank);
}

bool namedAs(QByteArrayView name, const char* wanted)
{
    const auto n = qsizetype(std::strlen(wanted));
    return name.size() == n && qstrnicmp(name.data(), wanted, size_t(n)) == 0;
}

/// Where the head ends (one past its blank line), searching from `from`; -1 while it has not. QHttpServer takes
/// "\n\r\n" and "\n\n" alike (and CRLF or LF after the request line), so does this.
qsizetype headEnd(const QByteArray& head, qsizetype from)
{
    const qsizetype crlf = head.indexOf("\n\r\n", from);
    const qsizetype lf = head.indexOf("\n\n", from);
    if (crlf < 0)
        return lf < 0 ? -1 : lf + 2;
    return lf < 0 ? crlf + 3 : qMin(crlf + 3, lf + 2);
}

} // namespace

GuardedTcpServer::GuardedTcpServer(QString listener, ConnectionLimits limits, Metrics& metrics, QObject* parent)
    : QTcpServer(parent)
    , m_listener(std::move(listener))
    , m_limits(limits)
    , m_metrics(metrics)
{
}

GuardedTcpServer::~GuardedTcpServer()
{
    // The sockets still open are deleted with this object, after their `destroyed` connections are gone.
    m_metrics.addOpenConnections(m_listener, -m_connections);
}

void GuardedTcpServer::incomingConnection(qintptr handle)
{
    auto* socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(handle)) {
        delete socket;
        return;
    }
    if (m_connections >= m_limits.maxConnections) {
        m_metrics.recordRefused(m_listener, u"too_many_connections"_s);
        socket->abort();
        socket->deleteLater();
        return;
    }
    ++m_connections;
    m_metrics.addOpenConnections(m_listener, 1);
    connect(socket, &QObject::destroyed, this, [this] {
        --m_connections;
        m_metrics.addOpenConnections(m_listener, -1);
    });
    auto* guard = new ConnectionGuard(socket, parent(), m_listener, m_limits, m_metrics);
    // Slots run in the order they were connected. addPendingConnection() emits pendingConnectionAvailable, which
    // QAbstractHttpServer::bind() connected directly: QHttpServer takes the socket and connects its readyRead
    // slot right there. So the guard looks at every byte before QHttpServer reads it, and again after.
    connect(socket, &QTcpSocket::readyRead, guard, &ConnectionGuard::beforeHttpServer);
    addPendingConnection(socket);
    if (hasPendingConnections())
        log::server()->error("http: a connection was not taken at once; its guard may run after QHttpServer");
    connect(socket, &QTcpSocket::readyRead, guard, &ConnectionGuard::afterHttpServer);
}

ConnectionGuard::ConnectionGuard(
    QTcpSocket* socket, QObject* httpServer, QString listener, const ConnectionLimits& limits, Metrics& metrics)
    : QObject(socket)
    , m_socket(socket)
    , m_http(httpServer)
    , m_listener(std::move(listener))
    , m_limits(limits)
    , m_metrics(metrics)
{
    // QHttpServer keeps a request's bytes in the socket's buffer until it is whole: whatever the framing below
    // concludes, the socket never holds more than one largest request.
    m_socket->setReadBufferSize(m_limits.maxHeaderBytes + m_limits.maxBodyBytes);
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, &ConnectionGuard::expired);
    m_deadline.start(m_limits.requestTimeoutMs);
}

ConnectionGuard* ConnectionGuard::of(QTcpSocket* socket)
{
    return socket ? socket->findChild<ConnectionGuard*>(QString(), Qt::FindDirectChildrenOnly) : nullptr;
}

void ConnectionGuard::requestTaken()
{
    if (m_state != State::Receiving)
        return;
    m_state = State::Handling;
    m_deadline.stop();
}

void ConnectionGuard::answered()
{
    if (m_state != State::Handling)
        return;
    m_state = State::Receiving;
    m_deadline.start(m_limits.requestTimeoutMs);
}

void ConnectionGuard::beforeHttpServer()
{
    if (m_state == State::Closing)
        return;
    const qint64 available = m_socket->bytesAvailable();
    if (available <= m_inspected) {
        m_inspected = available;
        return;
    }
    // Only the bytes not seen yet: QHttpServer's slot reads all it can, except what follows a whole request in
    // one burst, which the previous call here has looked at already.
    const qint64 seen = m_inspected;
    const QByteArray unread = m_socket->peek(available);
    m_inspected = unread.size();
    if (unread.size() <= seen)
        return;
    const QByteArrayView fresh = QByteArrayView(unread).sliced(seen);
    if (m_state == State::Handling) {
        // A stray line end after a body is harmless (QHttpServer skips it); anything else is a next request.
        if (!onlyBlank(fresh))
            refuse(Refusal::Pipelined);
        return;
    }
    inspect(fresh);
}

void ConnectionGuard::afterHttpServer()
{
    if (m_state == State::Closing)
        return;
    // All that QHttpServer left unread was seen before it ran.
    m_inspected = qMin(m_inspected, m_socket->bytesAvailable());
    if (m_state == State::Handling && m_inspected > 0 && !onlyBlank(m_socket->peek(m_inspected)))
        refuse(Refusal::Pipelined);
}

void ConnectionGuard::inspect(QByteArrayView bytes)
{
    while (!bytes.isEmpty() && m_state != State::Closing) {
        if (m_bodyLeft > 0) {
            const auto n = qsizetype(qMin<qint64>(m_bodyLeft, bytes.size()));
            m_bodyLeft -= n;
            bytes = bytes.sliced(n);
            continue;
        }
        if (m_head.isEmpty()) {
            // QHttpServer skips blank space before a request line; so does the count of head bytes.
            qsizetype skip = 0;
            while (skip < bytes.size() && isBlank(bytes[skip]))
                ++skip;
            bytes = bytes.sliced(skip);
            if (bytes.isEmpty())
                break;
        }
        const qsizetype before = m_head.size();
        // One byte past the limit is enough to know it is passed.
        const qsizetype take = qMin(bytes.size(), m_limits.maxHeaderBytes + 1 - before);
        m_head.append(bytes.first(take));
        const qsizetype end = headEnd(m_head, qMax<qsizetype>(0, before - 2));
        if (end < 0) {
            if (m_head.size() > m_limits.maxHeaderBytes)
                return refuse(Refusal::HeaderTooLarge);
            bytes = bytes.sliced(take);
            continue;
        }
        // The head ended inside what was just taken; the rest is body (or the next request).
        bytes = bytes.sliced(take - (m_head.size() - end));
        m_head.truncate(end);
        if (!takeHead())
            return;
    }
}

bool ConnectionGuard::takeHead()
{
    if (m_head.size() > m_limits.maxHeaderBytes) {
        refuse(Refusal::HeaderTooLarge);
        return false;
    }
    std::optional<qulonglong> length;
    // Header lines follow the request line; the head ends with its blank line, so every line ends with '\n'.
    for (qsizetype pos = m_head.indexOf('\n') + 1; pos > 0 && pos < m_head.size();) {
        const qsizetype eol = m_head.indexOf('\n', pos);
        QByteArrayView line(m_head.constData() + pos, eol - pos);
        pos = eol + 1;
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.isEmpty())
            continue;
        const qsizetype colon = line.indexOf(':');
        const QByteArrayView name = colon > 0 ? line.first(colon) : QByteArrayView();
        if (namedAs(name, "transfer-encoding")) {
            // A chunked body has no length to check before it is read; channels always send Content-Length.
            refuse(Refusal::LengthRequired);
            return false;
        }
        if (namedAs(name, "content-length")) {
            bool ok = false;
            const qulonglong n = line.sliced(colon + 1).trimmed().toByteArray().toULongLong(&ok);
            // Two lengths, or one that is not a number, could be read otherwise by QHttpServer: refused.
            if (!ok || length) {
                refuse(Refusal::BadRequest);
                return false;
            }
            length = n;
        }
    }
    m_head.clear();
    if (length && *length > qulonglong(m_limits.maxBodyBytes)) {
        refuse(Refusal::BodyTooLarge);
        return false;
    }
    m_bodyLeft = qint64(length.value_or(0));
    return true;
}

void ConnectionGuard::refuse(Refusal why)
{
    struct Answer
    {
        const char* reason;
        const char* response; ///< nullptr: the connection is dropped without one
    };
    static constexpr Answer kAnswers[] = {
        { "header_too_large", "431 Request Header Fields Too Large" },
        { "body_too_large", "413 Payload Too Large" },
        { "length_required", "411 Length Required" },
        { "bad_request", "400 Bad Request" },
        { "pipelined", nullptr },
        { "timeout", nullptr },
    };
    const Answer& answer = kAnswers[int(why)];
    m_metrics.recordRefused(m_listener, QString::fromLatin1(answer.reason));
    m_state = State::Closing;
    m_head = QByteArray();
    // QHttpServer's readyRead slot may come next in this very emission: it must not read another byte of this
    // connection, nor answer a request it would parse from what is refused here.
    if (m_http)
        QObject::disconnect(m_socket, &QTcpSocket::readyRead, m_http, nullptr);
    if (!answer.response) {
        m_deadline.stop();
        m_socket->abort();
        return;
    }
    m_socket->write(QByteArray("HTTP/1.1 ") + answer.response + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    m_socket->disconnectFromHost(); // closes once the answer is out
    m_deadline.start(kCloseGraceMs);
}

void ConnectionGuard::expired()
{
    if (m_state == State::Closing) {
        m_socket->abort();
        return;
    }
    refuse(Refusal::Timeout);
}

} // namespace paydesk
