// paydeskd's public port against hostile clients, as real processes on loopback: a request's size and time are
// limited before QHttpServer buffers it, notifications that fail verification cannot fill the database, and a client
// that leaves in the middle of its request leaves the server whole.
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

#include "core/domain/StateMachine.h"
#include "tests/support/Fixtures.h"
#include "tests/support/PaydeskdRig.h"
#include "tests/support/RawHttpSender.h"

using namespace paydesk;
using namespace paydesk::test;
using namespace Qt::StringLiterals;

namespace {

/// One raw client connection. What the server sends is collected as it arrives: the test's event loop runs while
/// QSignalSpy::wait and the QTRY_ macros wait.
class Client final
{
public:
    explicit Client(quint16 port, const QHostAddress& from = QHostAddress())
    {
        QObject::connect(&m_socket, &QTcpSocket::readyRead, &m_socket, [this] {
            m_received += m_socket.readAll();
        });
        if (!from.isNull())
            m_socket.bind(from);
        m_socket.connectToHost(QHostAddress::LocalHost, port);
    }
    [[nodiscard]] bool connected() { return m_socket.waitForConnected(5000); }
    [[nodiscard]] QTcpSocket& socket() { return m_socket; }
    [[nodiscard]] const QByteArray& received() const { return m_received; }
    /// True when the server closed the connection within `ms` (the socket's disconnected signal).
    [[nodiscard]] bool closedWithin(int ms) { return m_closed.count() > 0 || m_closed.wait(ms); }
    /// The status of the first answer received, 0 before there is one.
    [[nodiscard]] int status() const
    {
        return m_received.startsWith("HTTP/1.1 ") && m_received.size() >= 12 ? m_received.mid(9, 3).toInt() : 0;
    }

private:
    QTcpSocket m_socket;
    QByteArray m_received;
    QSignalSpy m_closed { &m_socket, &QTcpSocket::disconnected };
};

/// Keeps writing `chunk` whenever the socket's write buffer has drained, until `total` bytes went out or the
/// connection is gone: a sender that never stops.
class Streamer final
{
public:
    Streamer(QTcpSocket& socket, QByteArray chunk, qint64 total)
        : m_socket(socket)
        , m_chunk(std::move(chunk))
        , m_left(total)
    {
        QObject::connect(&m_socket, &QTcpSocket::bytesWritten, &m_socket, [this] {
            more();
        });
        more();
    }

private:
    void more()
    {
        while (m_left > 0 && m_socket.state() == QAbstractSocket::ConnectedState
            && m_socket.bytesToWrite() < m_chunk.size()) {
            m_socket.write(m_chunk);
            m_left -= m_chunk.size();
        }
    }
    QTcpSocket& m_socket;
    QByteArray m_chunk;
    qint64 m_left;
};

QByteArray notifyHead(const QByteArray& extraHeaders)
{
    return "POST /notify/wechatpay HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" + extraHeaders;
}

double refused(const PaydeskdProcess& d, const char* reason)
{
    return d.metric("paydesk_http_refused_total{listener=\"public\",reason=\"" + QByteArray(reason) + "\"}");
}

double openPublicConnections(const PaydeskdProcess& d)
{
    return d.metric("paydesk_http_open_connections{listener=\"public\"}");
}

} // namespace

class TestPaydeskdLimits final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void oversizedBodyIsRefusedBeforeItIsSent()
    {
        PD_TEST_DATABASE(t);
        PaydeskdProcess d(t->url(), QProcessEnvironment::systemEnvironment());
        auto started = d.start({ u"--no-jobs"_s });
        QVERIFY2(started, started ? "" : qPrintable(started.error().detail));
        Client c(d.port());
        QVERIFY(c.connected());
        // Only the head: a server that waited for the announced 10 MB before answering would never answer.
        c.socket().write(notifyHead("Content-Length: 10000000\r\n\r\n"));
        QVERIFY2(c.closedWithin(10000), c.received().constData());
        QCOMPARE(c.status(), 413);
        QCOMPARE(countRows(*t->db(), u"notifications"_s), qint64(0));
        QCOMPARE(refused(d, "body_too_large"), 1.0);
        QTRY_COMPARE_WITH_TIMEOUT(openPublicConnections(d), 0.0, 10000);
    }

    void bodyStreamedPastTheLimitIsCutOff_data()
    {
        QTest::addColumn<QByteArray>("head");
        QTest::addColumn<QByteArray>("chunk");
        QTest::addColumn<int>("answer"); // the refusal's status when it is not the pipelining cut (0: any)
        // No Content-Length: the bytes after the head are not a body but the next request, never finished.
        QTest::newRow("no length") << notifyHead("\r\n") << QByteArray(64 * 1024, 'x') << 0;
        QTest::newRow("chunked") << notifyHead("Transfer-Encoding: chunked\r\n\r\n")
                                 << QByteArray("4000\r\n" + QByteArray(0x4000, 'x') + "\r\n") << 411;
        QTest::newRow("endless header") << notifyHead("X-Pad: ") << QByteArray(64 * 1024, 'x') << 431;
    }
    void bodyStreamedPastTheLimitIsCutOff()
    {
        QFETCH(QByteArray, head);
        QFETCH(QByteArray, chunk);
        QFETCH(int, answer);
        PD_TEST_DATABASE(t);
        PaydeskdProcess d(t->url(), QProcessEnvironment::systemEnvironment());
        auto started = d.start({ u"--no-jobs"_s });
        QVERIFY2(started, started ? "" : qPrintable(started.error().detail));
        Client c(d.port());
        QVERIFY(c.connected());
        c.socket().write(head);
        // 64 MB offered; the server must close the connection long before (a buffering server takes it all).
        Streamer streamer(c.socket(), chunk, 64LL * 1024 * 1024);
        QVERIFY2(c.closedWithin(20000), "the server kept reading");
        if (answer != 0 && !c.received().isEmpty())
            QCOMPARE(c.status(), answer);
        QTRY_COMPARE_WITH_TIMEOUT(openPublicConnections(d), 0.0, 10000);
        QVERIFY(d.isRunning());
    }

    void slowClientIsDroppedAtTheDeadline_data()
    {
        QTest::addColumn<bool>("drip");
        QTest::newRow("one byte at a time") << true;
        QTest::newRow("idle after an answer") << false;
    }
    void slowClientIsDroppedAtTheDeadline()
    {
        QFETCH(bool, drip);
        constexpr int kDeadlineMs = 1500;
        PD_TEST_DATABASE(t);
        PaydeskdProcess d(t->url(), QProcessEnvironment::systemEnvironment());
        auto started = d.start({ u"--no-jobs"_s, u"--request-timeout-ms"_s, QString::number(kDeadlineMs) });
        QVERIFY2(started, started ? "" : qPrintable(started.error().detail));
        QElapsedTimer since;
        since.start();
        Client c(d.port());
        QVERIFY(c.connected());
        QTimer dripper;
        int lowerBoundMs = kDeadlineMs * 9 / 10; // a coarse timer may fire 5% early
        if (drip) {
            // A head that never ends, a byte every 100 ms: arriving bytes must not push the deadline back.
            c.socket().write(notifyHead("X-Slow: "));
            QObject::connect(&dripper, &QTimer::timeout, &c.socket(), [&c] {
                if (c.socket().state() == QAbstractSocket::ConnectedState)
                    c.socket().write("a");
            });
            dripper.start(100);
        } else {
            c.socket().write("GET /nothing HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            QTRY_COMPARE_WITH_TIMEOUT(c.status(), 404, 10000);
            since.restart(); // the server's deadline started a little earlier, when it wrote the answer
            lowerBoundMs = kDeadlineMs / 2;
        }
        QVERIFY2(c.closedWithin(15000), "the slow client was never dropped");
        QVERIFY2(since.elapsed() >= lowerBoundMs, qPrintable(u"dropped after %1 ms"_s.arg(since.elapsed())));
        dripper.stop();
        QCOMPARE(refused(d, "timeout"), 1.0);
        QTRY_COMPARE_WITH_TIMEOUT(openPublicConnections(d), 0.0, 10000);
    }

    void connectionsPastTheCapAreClosedAtOnce()
    {
        PD_TEST_DATABASE(t);
        PaydeskdProcess d(t->url(), QProcessEnvironment::systemEnvironment());
        auto started = d.start({ u"--no-jobs"_s, u"--max-connections"_s, u"2"_s });
        QVERIFY2(started, started ? "" : qPrintable(started.error().detail));
        Client first(d.port());
        Client second(d.port());
        QVERIFY(first.connected() && second.connected());
        QTRY_COMPARE_WITH_TIMEOUT(openPublicConnections(d), 2.0, 10000);
        Client third(d.port());
        QVERIFY(third.closedWithin(10000));
        QCOMPARE(refused(d, "too_many_connections"), 1.0);
        // The two it holds are served as before.
        first.socket().write("GET /nothing HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        QTRY_COMPARE_WITH_TIMEOUT(first.status(), 404, 10000);
        QCOMPARE(openPublicConnections(d), 2.0);
    }

    void aNotificationAtTheLimitsGoesThrough()
    {
        PD_TEST_DATABASE(t);
        PaydeskdRig rig(*t);
        auto started = rig.start({ u"--no-jobs"_s });
        QVERIFY2(started, started ? "" : qPrintable(started.error().detail));
        auto p = rig.charge(ChannelKind::WeChatPay, 1000);
        QVERIFY2(p, p ? "" : qPrintable(p.error().detail));
        // A body of exactly the default 64 KiB (JSON whitespace after the opening brace), under a head of ~15 KB:
        // the socket's read buffer, capped at one largest request, must not stall it.
        QByteArray body = rig.wechatPaid(*p).body;
        body = "{" + QByteArray(64 * 1024 - body.size(), ' ') + body.mid(1);
        QCOMPARE(body.size(), 64 * 1024);
        NotificationPost post = rig.resign(body);
        post.headers.append({ "X-Pad", QByteArray(15000, 'p') });
        auto r = rig.daemon().post(u"/notify/wechatpay"_s, post.headers, post.body);
        QVERIFY2(r, r ? "" : qPrintable(r.error().detail));
        QVERIFY2(r->status == 200 || r->status == 204, r->body.constData());
        QCOMPARE(rig.status(p->id), domain::PaymentStatus::Succeeded);
    }

    void forgedFloodStoresOnlyTheAllowance()
    {
        constexpr int kBurst = 5;
        PD_TEST_DATABASE(t);
        PaydeskdRig rig(*t);
        QElapsedTimer since;
        since.start();
        auto started = rig.start(
            { u"--no-jobs"_s, u"--rejected-burst"_s, QString::number(kBurst), u"--rejected-per-minute"_s, u"1"_s });
        QVERIFY2(started, started ? "" : qPrintable(started.error().detail));
        auto p = rig.charge(ChannelKind::WeChatPay, 1000);
        QVERIFY2(p, p ? "" : qPrintable(p.error().detail));
        NotificationPost forged = rig.wechatPaid(*p);
        forged.body =
            rig.wechatPaid(*p, { { u"amount"_s, QJsonObject { { u"total"_s, 1 } } } }).body; // signature broken

        constexpr int kFlood = 40;
        QMap<int, int> answers;
        const auto flood = [&](int n) {
            for (int i = 0; i < n; ++i) {
                auto r = rig.daemon().post(u"/notify/wechatpay"_s, forged.headers, forged.body);
                if (r)
                    ++answers[r->status];
            }
        };
        flood(kFlood / 2);
        // The genuine notification in the middle of the flood: verified ones are never limited.
        const NotificationPost genuine = rig.wechatPaid(*p);
        auto ok = rig.daemon().post(u"/notify/wechatpay"_s, genuine.headers, genuine.body);
        QVERIFY(ok);
        QVERIFY2(ok->status == 200 || ok->status == 204, ok->body.constData());
        QCOMPARE(rig.status(p->id), domain::PaymentStatus::Succeeded);
        flood(kFlood / 2);

        int answered = 0;
        for (auto it = answers.cbegin(); it != answers.cend(); ++it) {
            QVERIFY2(it.key() >= 400, qPrintable(u"a forged notification answered %1"_s.arg(it.key())));
            answered += it.value();
        }
        QCOMPARE(answered, kFlood);
        // Five at once, then one a minute.
        const qint64 stored = rig.count(u"notifications"_s, u"verdict = 'rejected'"_s);
        const qint64 allowance = kBurst + 1 + since.elapsed() / 60000;
        QVERIFY2(stored >= kBurst && stored <= allowance, qPrintable(u"%1 rejected rows stored"_s.arg(stored)));
        QCOMPARE(qint64(answers.value(429)), kFlood - stored);
        QCOMPARE(rig.daemon().metric("paydesk_notifications_total{channel=\"wechatpay\",verdict=\"throttled\"}"),
            double(kFlood - stored));
        QCOMPARE(rig.daemon().metric("paydesk_notifications_total{channel=\"wechatpay\",verdict=\"rejected\"}"),
            double(stored));

        // Another source address has an allowance of its own.
        Client other(rig.daemon().port(), QHostAddress(u"127.0.0.2"_s));
        QVERIFY(other.connected());
        other.socket().write(
            RawHttpSender("127.0.0.1", rig.daemon().port()).build("/notify/wechatpay", forged.headers, forged.body));
        QTRY_VERIFY_WITH_TIMEOUT(other.status() != 0, 10000);
        QVERIFY2(other.status() >= 400 && other.status() != 429, other.received().constData());
        QCOMPARE(rig.count(u"notifications"_s, u"verdict = 'rejected'"_s), stored + 1);
    }

    void clientsLeavingMidRequestLeaveTheServerWhole()
    {
        PD_TEST_DATABASE(t);
        PaydeskdRig rig(*t);
        auto started = rig.start({ u"--no-jobs"_s, u"--rejected-burst"_s, u"1000"_s });
        QVERIFY2(started, started ? "" : qPrintable(started.error().detail));
        auto p = rig.charge(ChannelKind::WeChatPay, 1000);
        QVERIFY2(p, p ? "" : qPrintable(p.error().detail));
        NotificationPost forged = rig.wechatPaid(*p);
        forged.body = rig.wechatPaid(*p, { { u"amount"_s, QJsonObject { { u"total"_s, 1 } } } }).body;
        const QByteArray request =
            RawHttpSender("127.0.0.1", rig.daemon().port()).build("/notify/wechatpay", forged.headers, forged.body);
        // Each client sends a whole notification and leaves at once: its answer, ready after the commit, must find
        // the socket gone and write nothing (Qt 6.4's own QFuture path would write to the deleted socket).
        constexpr int kClients = 40;
        for (int i = 0; i < kClients; ++i) {
            Client c(rig.daemon().port());
            QVERIFY(c.connected());
            c.socket().write(request);
            QVERIFY(c.socket().waitForBytesWritten(5000));
            c.socket().disconnectFromHost();
        }
        const auto stored = [&rig] {
            return rig.count(u"notifications"_s, u"verdict = 'rejected'"_s);
        };
        QTRY_VERIFY_WITH_TIMEOUT(!rig.daemon().isRunning() || stored() == kClients, 20000);
        QVERIFY2(rig.daemon().isRunning(), "paydeskd died");
        QCOMPARE(stored(), qint64(kClients));
        QTRY_COMPARE_WITH_TIMEOUT(openPublicConnections(rig.daemon()), 0.0, 10000);
        auto health = rig.daemon().getAdmin(u"/healthz"_s);
        QVERIFY(health);
        QCOMPARE(health->status, 200);
        QCOMPARE(rig.daemon().terminate(), 0);
    }
};

QTEST_GUILESS_MAIN(TestPaydeskdLimits)
#include "tst_paydeskd_limits.moc"
