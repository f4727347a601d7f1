// paydeskd as a real process: serves /healthz for its database and stops cleanly on SIGTERM.
#include "core/channels/HttpClient.h"
#include "tests/support/Programs.h"
#include "tests/support/ReservedPort.h"
#include "tests/support/TestDatabase.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

#include <csignal>

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
        const quint16 port = reserved.port();
        QVERIFY(port != 0);
        QProcess d;
        d.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        dieWithTest(d);
        d.start(programPath(u"paydeskd"_s), {u"--db"_s, t->url(), u"--listen"_s, u"127.0.0.1:%1"_s.arg(port)});
        QVERIFY(d.waitForStarted());
        HttpClient client(2000);
        const QUrl health(u"http://127.0.0.1:%1/healthz"_s.arg(port));
        Result<HttpResponse> r = fail(ErrorCode::NetworkError);
        QTRY_VERIFY_WITH_TIMEOUT((r = client.send("GET", health, {}, {})).has_value(), 15000);
        QCOMPARE(r->status, 200);
        const QJsonObject body = QJsonDocument::fromJson(r->body).object();
        QCOMPARE(body.value(u"status"_s).toString(), u"ok"_s);
        QVERIFY(body.value(u"schema_version"_s).toInt() >= 1);

        ::kill(pid_t(d.processId()), SIGTERM);
        QVERIFY(d.waitForFinished(10000));
        QCOMPARE(d.exitStatus(), QProcess::NormalExit);
        QCOMPARE(d.exitCode(), 0);
    }

    void refusesABadListenAddress()
    {
        PD_TEST_DATABASE(t);
        const auto run = runProgram(u"paydeskd"_s, {u"--db"_s, t->url(), u"--listen"_s, u"localhost"_s});
        QCOMPARE(run.exitCode, 2);
    }
};

QTEST_GUILESS_MAIN(TestPaydeskd)
#include "tst_paydeskd.moc"
