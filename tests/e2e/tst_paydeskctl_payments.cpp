// paydeskctl against a paydesk-sim process, as ops and scripts run it: channels from the simulator's state, charge,
// pay at the "customer", confirm by the poll job, refunds (partial, second, over-refund, wrong role, four eyes),
// history, notifications, jobs; every answer as JSON; on the engine under test.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include "tests/support/Programs.h"
#include "tests/support/TestDatabase.h"

using namespace paydesk;
using namespace paydesk::test;
using namespace Qt::StringLiterals;

namespace {

const QByteArray kAdminPw = "admin password 1\n";
const QByteArray kCashierPw = "cashier password 1\n";
const QByteArray kFinancePw = "finance password 1\n";
const QByteArray kManagerPw = "manager password 1\n";

/// The port in paydesk-sim's "listening on http://127.0.0.1:PORT ..." line (0 until the line is complete).
quint16 simPort(const QByteArray& output)
{
    static const QRegularExpression line(u"listening on http://127\\.0\\.0\\.1:(\\d+)[ \\n]"_s);
    const auto m = line.match(QString::fromUtf8(output));
    return m.hasMatch() ? quint16(m.captured(1).toUInt()) : 0;
}

QJsonObject json(const ProgramRun& r)
{
    return QJsonDocument::fromJson(r.out.trimmed().split('\n').last()).object();
}

QString errorCode(const ProgramRun& r)
{
    return json(r).value(u"error"_s).toObject().value(u"code"_s).toString();
}

} // namespace

class TestPaydeskctlPayments final : public QObject
{
    Q_OBJECT

    std::unique_ptr<TestDatabase> m_db;
    QTemporaryDir m_dir;
    QProcess m_sim;
    QString m_simUrl;
    QProcessEnvironment m_env;

    ProgramRun ctl(const QStringList& args, const QByteArray& password = {})
    {
        return runProgram(u"paydeskctl"_s, QStringList { u"--db"_s, m_db->url(), u"--json"_s } + args, password, m_env);
    }

    QJsonObject ok(const QStringList& args, const QByteArray& password = {})
    {
        const ProgramRun r = ctl(args, password);
        if (r.exitCode != 0)
            qWarning("paydeskctl %s failed: %s", qPrintable(args.join(u' ')), r.err.constData());
        return r.exitCode == 0 ? json(r) : QJsonObject();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QString why;
        m_db = TestDatabase::create(&why, /*migrate*/ false);
        if (!m_db) {
            if (TestDatabase::engineUnderTest() == u"pg"_s && !TestDatabase::postgresRequired())
                QSKIP(qPrintable(why));
            QFAIL(qPrintable(why));
        }
        QVERIFY(m_dir.isValid());
        m_env = QProcessEnvironment::systemEnvironment();
        m_env.insert(u"PAYDESK_MASTER_KEY_FILE"_s, m_dir.filePath(u"keys/master.key"_s));
        m_env.remove(u"PAYDESK_PASSWORD_FILE"_s);

        // The simulator binds a port of its own choosing and reports it: no probe-then-reuse race.
        // Its log (stderr) is passed through, never left to fill a pipe; stdout has the one "listening on" line.
        m_sim.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        dieWithTest(m_sim);
        m_sim.start(programPath(u"paydesk-sim"_s),
            { u"--listen"_s, u"127.0.0.1:0"_s, u"--state"_s, m_dir.filePath(u"sim"_s), u"--time-scale"_s, u"1000"_s });
        QVERIFY(m_sim.waitForStarted(10000));
        // It listens only after its keys and demo merchants exist (key generation takes a moment).
        QByteArray simOut;
        QTRY_VERIFY_WITH_TIMEOUT(simPort(simOut += m_sim.readAll()) != 0, 60000);
        m_simUrl = u"http://127.0.0.1:%1"_s.arg(simPort(simOut));

        QCOMPARE(ctl({ u"init"_s }).exitCode, 0);
        const QList<std::pair<QString, QByteArray>> users { { u"admin"_s, kAdminPw },
            { u"cashier"_s, kCashierPw },
            { u"finance"_s, kFinancePw },
            { u"manager"_s, kManagerPw } };
        for (const auto& [role, pw] : users)
            QCOMPARE(ctl({ u"user"_s, u"add"_s, role + u"1"_s, u"--role"_s, role }, pw).exitCode, 0);
    }

    void cleanupTestCase()
    {
        if (m_sim.state() != QProcess::NotRunning) {
            m_sim.terminate();
            if (!m_sim.waitForFinished(10000))
                m_sim.kill();
        }
    }

    void channelsFromTheSimulator()
    {
        const QStringList useSim { u"channel"_s,
            u"use-simulator"_s,
            u"--sim-state"_s,
            m_dir.filePath(u"sim"_s),
            u"--sim-url"_s,
            m_simUrl,
            u"--notify-url"_s,
            u"https://127.0.0.1:1"_s };
        ProgramRun r = ctl(useSim + QStringList { u"--user"_s, u"cashier1"_s }, kCashierPw);
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(errorCode(r), u"PermissionDenied"_s);
        r = ctl(useSim + QStringList { u"--user"_s, u"admin1"_s }, "wrong password\n");
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(errorCode(r), u"AuthenticationFailed"_s);

        r = ctl(useSim + QStringList { u"--user"_s, u"admin1"_s }, kAdminPw);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonArray channels = json(r).value(u"channels"_s).toArray();
        QCOMPARE(channels.size(), 2);
        QVERIFY(!r.out.contains("PRIVATE KEY"));
        const QFile key(m_dir.filePath(u"keys/master.key"_s));
        QVERIFY(key.exists());
        QCOMPARE(key.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther), QFileDevice::Permissions());

        r = ctl({ u"channel"_s, u"show"_s, u"wechatpay"_s });
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(json(r).value(u"secrets"_s).toString(), u"sealed"_s);
        QCOMPARE(json(r).value(u"base_url"_s).toString(), m_simUrl);
        QVERIFY(!r.out.contains("PRIVATE KEY"));

        // A secret on the command line is refused before anything happens.
        r = ctl({ u"channel"_s, u"set"_s, u"wechatpay"_s, u"--apiv3-key"_s, u"0123456789abcdef0123456789abcdef"_s });
        QCOMPARE(r.exitCode, 2);
        QCOMPARE(errorCode(r), u"InvalidArgument"_s);
    }

    void chargePayRefundHistory()
    {
        ProgramRun r = ctl({ u"charge"_s,
                               u"--channel"_s,
                               u"wechatpay"_s,
                               u"--amount"_s,
                               u"12.34"_s,
                               u"--user"_s,
                               u"cashier1"_s,
                               u"--idempotency-key"_s,
                               u"till1-0001"_s },
            kCashierPw);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject charged = json(r);
        QCOMPARE(charged.value(u"status"_s).toString(), u"PENDING"_s);
        QVERIFY(charged.value(u"code_url"_s).toString().startsWith(u"weixin://wxpay/bizpayurl"_s));
        QVERIFY(!charged.value(u"expires_at"_s).toString().isEmpty());
        const QString id = QString::number(charged.value(u"id"_s).toInteger());
        const QString outTradeNo = charged.value(u"out_trade_no"_s).toString();

        r = ctl({ u"charge"_s, u"--channel"_s, u"wechatpay"_s, u"--amount"_s, u"12.345"_s, u"--user"_s, u"cashier1"_s },
            kCashierPw);
        QCOMPARE(errorCode(r), u"InvalidAmount"_s);
        r = ctl({ u"charge"_s, u"--channel"_s, u"wechatpay"_s, u"--amount"_s, u"1.00"_s, u"--user"_s, u"finance1"_s },
            kFinancePw);
        QCOMPARE(errorCode(r), u"PermissionDenied"_s);

        // The customer pays; nobody receives the notification here, so the poll job confirms it.
        const ProgramRun paid = runProgram(u"paydesk-sim"_s, { u"pay"_s, outTradeNo, u"--url"_s, m_simUrl });
        QVERIFY2(paid.exitCode == 0, paid.err.constData());
        QCOMPARE(ok({ u"status"_s, id }).value(u"status"_s).toString(), u"PENDING"_s);
        const QJsonObject job = ok({ u"jobs"_s, u"run"_s, u"poll_pending"_s });
        QVERIFY(job.value(u"ran"_s).toBool());
        QVERIFY(job.value(u"processed"_s).toInt() >= 1);
        QJsonObject status = ok({ u"status"_s, id });
        QCOMPARE(status.value(u"status"_s).toString(), u"SUCCEEDED"_s);
        QVERIFY(!status.value(u"channel_txn_id"_s).toString().isEmpty());

        r = ctl({ u"refund"_s,
                    id,
                    u"--amount"_s,
                    u"1.00"_s,
                    u"--reason"_s,
                    u"customer_request"_s,
                    u"--user"_s,
                    u"cashier1"_s },
            kCashierPw);
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(errorCode(r), u"PermissionDenied"_s);
        const QJsonObject first = ok({ u"refund"_s,
                                         id,
                                         u"--amount"_s,
                                         u"2.00"_s,
                                         u"--reason"_s,
                                         u"customer_request"_s,
                                         u"--user"_s,
                                         u"finance1"_s,
                                         u"--request-key"_s,
                                         u"rq-1"_s },
            kFinancePw);
        QVERIFY(QStringList({ u"PROCESSING"_s, u"SUCCEEDED"_s }).contains(first.value(u"status"_s).toString()));
        const QJsonObject second = ok(
            { u"refund"_s, id, u"--amount"_s, u"3.00"_s, u"--reason"_s, u"wrong_amount"_s, u"--user"_s, u"finance1"_s },
            kFinancePw);
        QVERIFY(!second.isEmpty());
        // The same request key again is the same refund, not a third one.
        const QJsonObject again = ok({ u"refund"_s,
                                         id,
                                         u"--amount"_s,
                                         u"2.00"_s,
                                         u"--reason"_s,
                                         u"customer_request"_s,
                                         u"--user"_s,
                                         u"finance1"_s,
                                         u"--request-key"_s,
                                         u"rq-1"_s },
            kFinancePw);
        QCOMPARE(again.value(u"id"_s).toInteger(), first.value(u"id"_s).toInteger());
        r = ctl({ u"refund"_s,
                    id,
                    u"--amount"_s,
                    u"7.35"_s,
                    u"--reason"_s,
                    u"customer_request"_s,
                    u"--user"_s,
                    u"finance1"_s },
            kFinancePw);
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(errorCode(r), u"RefundExceedsBalance"_s);

        // The simulator completes refunds by itself; the refund job learns it.
        const auto refundedAfterSync = [&] {
            ok({ u"jobs"_s, u"run"_s, u"sync_refunds"_s });
            return ok({ u"status"_s, id }).value(u"refunded_minor"_s).toInteger() == 500;
        };
        QTRY_VERIFY_WITH_TIMEOUT(refundedAfterSync(), 30000);
        status = ok({ u"status"_s, id });
        QCOMPARE(status.value(u"status"_s).toString(), u"PARTIALLY_REFUNDED"_s);
        QCOMPARE(status.value(u"refundable_minor"_s).toInteger(), 734);

        const QJsonObject history = ok({ u"history"_s, id });
        QCOMPARE(history.value(u"refunds"_s).toArray().size(), 2);
        QStringList steps;
        for (const QJsonValue& h : history.value(u"history"_s).toArray()) {
            const QJsonObject o = h.toObject();
            steps << o.value(u"entity"_s).toString() + u":"_s + o.value(u"from"_s).toString() + u">"_s
                    + o.value(u"to"_s).toString();
        }
        for (const QString& step : { u"payment:CREATED>PENDING"_s,
                 u"payment:PENDING>SUCCEEDED"_s,
                 u"payment:SUCCEEDED>PARTIALLY_REFUNDED"_s,
                 u"refund:REQUESTED>PROCESSING"_s,
                 u"refund:PROCESSING>SUCCEEDED"_s })
            QVERIFY2(steps.contains(step), qPrintable(steps.join(u", "_s)));
        QVERIFY(ctl({ u"history"_s, id }).out.size() > 0);
    }

    void largeRefundNeedsASecondPerson()
    {
        QJsonObject charged = ok({ u"charge"_s,
                                     u"--channel"_s,
                                     u"alipay"_s,
                                     u"--amount"_s,
                                     u"600.00"_s,
                                     u"--description"_s,
                                     u"Tea set"_s,
                                     u"--user"_s,
                                     u"cashier1"_s },
            kCashierPw);
        QCOMPARE(charged.value(u"status"_s).toString(), u"PENDING"_s);
        QVERIFY(charged.value(u"code_url"_s).toString().startsWith(u"https://qr.alipay.com/"_s));
        const QString id = QString::number(charged.value(u"id"_s).toInteger());
        QCOMPARE(runProgram(
                     u"paydesk-sim"_s, { u"pay"_s, charged.value(u"out_trade_no"_s).toString(), u"--url"_s, m_simUrl })
                     .exitCode,
            0);
        // A manual sync asks the channel now.
        const QJsonObject synced = ok({ u"status"_s, id, u"--sync"_s, u"--user"_s, u"cashier1"_s }, kCashierPw);
        QCOMPARE(synced.value(u"status"_s).toString(), u"SUCCEEDED"_s);

        QJsonObject refund = ok({ u"refund"_s,
                                    id,
                                    u"--amount"_s,
                                    u"550.00"_s,
                                    u"--reason"_s,
                                    u"customer_request"_s,
                                    u"--user"_s,
                                    u"finance1"_s },
            kFinancePw);
        QCOMPARE(refund.value(u"status"_s).toString(), u"AWAITING_APPROVAL"_s);
        const QString rejectedId = QString::number(refund.value(u"id"_s).toInteger());
        ProgramRun r = ctl({ u"approve"_s, rejectedId, u"--user"_s, u"finance1"_s }, kFinancePw);
        QCOMPARE(errorCode(r), u"PermissionDenied"_s);
        refund =
            ok({ u"reject"_s, rejectedId, u"--reason"_s, u"not our goods"_s, u"--user"_s, u"manager1"_s }, kManagerPw);
        QCOMPARE(refund.value(u"status"_s).toString(), u"FAILED"_s);

        refund = ok({ u"refund"_s,
                        id,
                        u"--amount"_s,
                        u"520.00"_s,
                        u"--reason"_s,
                        u"customer_request"_s,
                        u"--user"_s,
                        u"finance1"_s },
            kFinancePw);
        QCOMPARE(refund.value(u"status"_s).toString(), u"AWAITING_APPROVAL"_s);
        refund = ok({ u"approve"_s, QString::number(refund.value(u"id"_s).toInteger()), u"--user"_s, u"manager1"_s },
            kManagerPw);
        QVERIFY(QStringList({ u"PROCESSING"_s, u"SUCCEEDED"_s }).contains(refund.value(u"status"_s).toString()));
    }

    void refundPolicyIsTheDatabasesForEveryProgram()
    {
        QJsonObject policy = ok({ u"policy"_s, u"show"_s });
        QCOMPARE(policy.value(u"approval_threshold_minor"_s).toInteger(), 50000);
        QCOMPARE(policy.value(u"daily_cap_per_user_minor"_s).toInteger(), 0);
        ProgramRun r =
            ctl({ u"policy"_s, u"set"_s, u"--approval-threshold"_s, u"1"_s, u"--user"_s, u"finance1"_s }, kFinancePw);
        QCOMPARE(errorCode(r), u"PermissionDenied"_s);
        r = ctl({ u"policy"_s, u"set"_s, u"--daily-cap"_s, u"-1"_s, u"--user"_s, u"admin1"_s }, kAdminPw);
        QCOMPARE(r.exitCode, 2);
        policy = ok({ u"policy"_s,
                        u"set"_s,
                        u"--approval-threshold"_s,
                        u"1000"_s,
                        u"--daily-cap"_s,
                        u"100.00"_s,
                        u"--user"_s,
                        u"admin1"_s },
            kAdminPw);
        QCOMPARE(policy.value(u"daily_cap_per_user_minor"_s).toInteger(), 10000);

        const QJsonObject charged =
            ok({ u"charge"_s, u"--channel"_s, u"wechatpay"_s, u"--amount"_s, u"300.00"_s, u"--user"_s, u"cashier1"_s },
                kCashierPw);
        const QString id = QString::number(charged.value(u"id"_s).toInteger());
        QCOMPARE(runProgram(
                     u"paydesk-sim"_s, { u"pay"_s, charged.value(u"out_trade_no"_s).toString(), u"--url"_s, m_simUrl })
                     .exitCode,
            0);
        QCOMPARE(
            ok({ u"status"_s, id, u"--sync"_s, u"--user"_s, u"cashier1"_s }, kCashierPw).value(u"status"_s).toString(),
            u"SUCCEEDED"_s);
        // The command line is held to the same cap as a console: past 100 yuan today, a second person approves.
        const QStringList refund {
            u"refund"_s, id, u"--reason"_s, u"customer_request"_s, u"--user"_s, u"manager1"_s, u"--amount"_s
        };
        QVERIFY(QStringList({ u"PROCESSING"_s, u"SUCCEEDED"_s })
                    .contains(ok(refund + QStringList { u"60.00"_s }, kManagerPw).value(u"status"_s).toString()));
        QCOMPARE(
            ok(refund + QStringList { u"60.00"_s }, kManagerPw).value(u"status"_s).toString(), u"AWAITING_APPROVAL"_s);
        ok({ u"policy"_s,
               u"set"_s,
               u"--approval-threshold"_s,
               u"500"_s,
               u"--daily-cap"_s,
               u"0"_s,
               u"--user"_s,
               u"admin1"_s },
            kAdminPw);
    }

    void opsViews()
    {
        const QJsonObject jobs = ok({ u"jobs"_s });
        QStringList names;
        for (const QJsonValue& j : jobs.value(u"jobs"_s).toArray())
            names << j.toObject().value(u"job"_s).toString();
        QVERIFY(names.contains(u"poll_pending"_s));
        QVERIFY(names.contains(u"sync_refunds"_s));
        QVERIFY(ok({ u"notifications"_s, u"--limit"_s, u"5"_s }).value(u"notifications"_s).isArray());
        QVERIFY(ok({ u"notifications"_s, u"--rejected"_s }).value(u"notifications"_s).isArray());
        QCOMPARE(ctl({ u"jobs"_s, u"run"_s, u"no_such_job"_s }).exitCode, 2);
        const QJsonObject channels = ok({ u"channel"_s, u"show"_s });
        QCOMPARE(channels.value(u"channels"_s).toArray().size(), 2);
        const QJsonObject audit = ok({ u"audit"_s, u"verify"_s });
        QVERIFY(audit.value(u"ok"_s).toBool());
    }
};

QTEST_GUILESS_MAIN(TestPaydeskctlPayments)
#include "tst_paydeskctl_payments.moc"
