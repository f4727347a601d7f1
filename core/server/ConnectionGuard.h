#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QPointer>
#include <QTcpServer>
#include <QTimer>

class QTcpSocket;

namespace paydesk {

class Metrics;

/// What one connection may cost before QHttpServer has a request to hand to a route.
struct ConnectionLimits
{
    qsizetype maxHeaderBytes = 16 * 1024; ///< the request line and headers of one request
    qsizetype maxBodyBytes = 64 * 1024; ///< one request's body, which must come with a Content-Length
    /// To receive one whole request, counted from the connection's accept or its previous answer (so it bounds
    /// idle kept-alive connections too). Not restarted by arriving bytes: a client sending one byte a second
    /// is dropped like a silent one.
    int requestTimeoutMs = 15000;
    /// Open connections per listener; more are closed at once. Each holds a file descriptor, and the database
    /// connections need some as well.
    int maxConnections = 256;
};

/// A QTcpServer for QAbstractHttpServer::bind() that puts a ConnectionGuard in front of every connection.
///
/// Why (Qt 6.4.2 qthttpserver, src/httpserver/qabstracthttpserver.cpp and qhttpserverrequest.cpp): on each
/// readyRead QAbstractHttpServerPrivate::handleReadyRead starts a transaction on the socket and parses; it
/// commits and calls the route only when the request is whole. Meanwhile every byte stays in the socket's buffer
/// (the transaction) and again in QHttpServerRequestPrivate: the request line and headers in `fragment`, with no
/// size limit, the body in `bodyBuffer`, up to any Content-Length or through any number of chunks. A route's own
/// size check therefore runs after the memory was spent, and a client that never finishes its request holds the
/// socket and its buffer for good (there is no timeout either). The guard reads the same bytes first, from the
/// socket's buffer before QHttpServer's slot runs, and closes the connection as soon as a limit is passed.
class GuardedTcpServer final : public QTcpServer
{
    Q_OBJECT
public:
    /// `listener` names it in the metrics ("public", "admin").
    GuardedTcpServer(QString listener, ConnectionLimits limits, Metrics& metrics, QObject* parent = nullptr);
    ~GuardedTcpServer() override;

protected:
    void incomingConnection(qintptr handle) override;

private:
    QString m_listener;
    ConnectionLimits m_limits;
    Metrics& m_metrics;
    int m_connections = 0;
};

/// One connection's watcher, a child of its socket. It follows the request framing (head up to the blank line,
/// then Content-Length bytes of body) on the bytes as they arrive and refuses, before QHttpServer reads them:
///   a head over maxHeaderBytes: 431; a Content-Length over maxBodyBytes: 413 (so an oversized body is never
///   read: the answer goes out after the headers); Transfer-Encoding (chunked bodies have no length to check
///   up front): 411; a malformed Content-Length: 400. Then the connection is closed.
/// Bytes that arrive while a request is being handled (pipelining) close the connection: QHttpServer 6.4 would
/// parse the next request at once and its answer could overtake the first one's. Answers on one connection are
/// thus never reordered; real channels send one request at a time.
/// The socket's read buffer is capped at maxHeaderBytes + maxBodyBytes as well, a bound that holds whatever the
/// framing says.
class ConnectionGuard final : public QObject
{
    Q_OBJECT
public:
    ConnectionGuard(
        QTcpSocket* socket, QObject* httpServer, QString listener, const ConnectionLimits& limits, Metrics& metrics);

    /// The guard of a connection QHttpServer hands to a route, or nullptr.
    [[nodiscard]] static ConnectionGuard* of(QTcpSocket* socket);

    /// A route took the request: no deadline while the server works on it.
    void requestTaken();
    /// Its answer is written: the next request's deadline starts.
    void answered();

    /// Connected to readyRead before and after QHttpServer's own slot (GuardedTcpServer::incomingConnection).
    void beforeHttpServer();
    void afterHttpServer();

private:
    enum class Refusal
    {
        HeaderTooLarge,
        BodyTooLarge,
        LengthRequired,
        BadRequest,
        Pipelined,
        Timeout
    };
    enum class State
    {
        Receiving,
        Handling,
        Closing
    };

    void inspect(QByteArrayView bytes);
    /// Reads the body length the complete head `m_head` announces into m_bodyLeft; false (and refused) if bad.
    bool takeHead();
    void refuse(Refusal why);
    void expired();

    QTcpSocket* m_socket;
    QPointer<QObject> m_http;
    QString m_listener;
    ConnectionLimits m_limits;
    Metrics& m_metrics;
    QTimer m_deadline;
    State m_state = State::Receiving;
    qint64 m_inspected = 0; ///< unread bytes in the socket's buffer that inspect() has already seen
    QByteArray m_head; ///< the current request's head so far (at most maxHeaderBytes + 1)
    qint64 m_bodyLeft = 0; ///< body bytes of the current request still to come
};

} // namespace paydesk
