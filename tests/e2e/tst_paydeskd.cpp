// paydeskd as a real process: serves /healthz and /metrics on its admin listener only (the public one, which the
// channels reach, answers nothing but /notify/*) and stops cleanly on SIGTERM.
#include <csignal>

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

#include "core/channels/HttpClient.h"
#include "tests/support/Programs.h"
#include "tests/support/ReservedPort.h"
#include "tests/support/TestDatabase.h"

using namespace paydesk;
using namespace paydesk::test;
using namespace Qt::StringLiterals;

class TestPaydeskd final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void healthAndCleanShutdown()
    {
        PD_TEST_DATABASE(t);
        const ReservedPort reserved;
        const ReservedPort reservedAdmin;
        const quint16 port = reserved.port();
        const quint16 adminPort = reservedAdmin.port();
        QVERIFY(port != 0 && adminPort != 0);
        QProcess d;
        d.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        dieWithTest(d);
        d.start(programPath(u"paydeskd"_s),
            { u"--db"_s,
                t->url(),
                u"--listen"_s,
                u"127.0.0.1:%1"_s.arg(port),
                u"--admin-listen"_s,
                u"127.0.0.1:%1"_s.arg(adminPort) });
        QVERIFY(d.waitForStarted());
        HttpClient client(2000);
        const auto on = [](quint16 p, const char* path) {
            return QUrl(u"http://127.0.0.1:%1%2"_s.arg(p).arg(QLatin1String(path)));
        };
        Result<HttpResponse> r = fail(ErrorCode::NetworkError);
        QTRY_VERIFY_WITH_TIMEOUT((r = client.send("GET", on(adminPort, "/healthz"), {}, {})).has_value(), 15000);
        QCOMPARE(r->status, 200);
        const QJsonObject body = QJsonDocument::fromJson(r->body).object();
        QCOMPARE(body.value(u"status"_s).toString(), u"ok"_s);
        QVERIFY(body.value(u"schema_version"_s).toInt() >= 1);
        auto metrics = client.send("GET", on(adminPort, "/metrics"), {}, {});
        QVERIFY(metrics);
        QCOMPARE(metrics->status, 200);
        QVERIFY(metrics->body.contains("paydesk_database_up 1"));

        // The public port is the one the channels (and anyone) reach: no health or metrics there.
        for (const char* path : { "/healthz", "/metrics", "/" }) {
            auto pub = client.send("GET", on(port, path), {}, {});
            QVERIFY2(pub, path);
            QCOMPARE(pub->status, 404);
        }
        // Nor notifications on the admin port.
        auto notify = client.send("POST", on(adminPort, "/notify/wechatpay"), {}, "{}");
        QVERIFY(notify);
        QCOMPARE(notify->status, 404);

        ::kill(pid_t(d.processId()), SIGTERM);
        QVERIFY(d.waitForFinished(10000));
        QCOMPARE(d.exitStatus(), QProcess::NormalExit);
        QCOMPARE(d.exitCode(), 0);
    }

    void refusesABadListenAddress()
    {
        PD_TEST_DATABASE(t);
        const auto run = runProgram(u"paydeskd"_s, { u"--db"_s, t->url(), u"--listen"_s, u"localhost"_s });
        QCOMPARE(run.exitCode, 2);
        const auto admin = runProgram(u"paydeskd"_s,
            { u"--db"_s, t->url(), u"--listen"_s, u"127.0.0.1:0"_s, u"--admin-listen"_s, u"localhost"_s });
        QCOMPARE(admin.exitCode, 2);
    }
};

QTEST_GUILESS_MAIN(TestPaydeskd)
#include "tst_paydeskd.moc"
