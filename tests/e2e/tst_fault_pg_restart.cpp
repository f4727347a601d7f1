// PostgreSQL restarted under paydeskd while the simulator streams payment notifications and the poll job runs:
// once with -m fast (sessions told to go), once with -m immediate (the server dies as in a crash). paydeskd reconnects
// by itself; every notification it acknowledged is in the database, and nothing is applied twice (each payment
// SUCCEEDED once, one history row per transition). On a cluster of the test's own, so it runs on PostgreSQL only
// (skipped on SQLite; under PD_REQUIRE_PG=1 a missing PostgreSQL is a failure).
#include <QJsonDocument>
#include <QTest>

#include "core/domain/StateMachine.h"
#include "core/store/Database.h"
#include "core/store/Sql.h"
#include "tests/support/FaultRig.h"
#include "tests/support/PaydeskdProcess.h"
#include "tests/support/PgCluster.h"
#include "tests/support/TestDatabase.h"

using namespace paydesk;
using namespace paydesk::test;
using namespace Qt::StringLiterals;

namespace {

constexpr int kPayments = 36;
constexpr int kSettleMs = 60000;

/// The simulator's notifications ({out_trade_no, state, last_http_status}); state 1 is delivered (acknowledged).
QJsonArray simNotifications(SimProcess& sim)
{
    auto r = sim.control("GET", u"/sim/notifications"_s);
    return r && r->status == 200 ? QJsonDocument::fromJson(r->body).array() : QJsonArray();
}

qint64 scalar(const Database& db, const QString& statement)
{
    auto c = db.connection();
    if (!c)
        return -1;
    auto q = sql::exec(*c, statement);
    return q && q->next() ? q->value(0).toLongLong() : -1;
}

} // namespace

class TestFaultPgRestart final : public QObject
{
    Q_OBJECT

    PgCluster m_cluster;
    QString m_url;

private Q_SLOTS:
    void initTestCase()
    {
        if (TestDatabase::engineUnderTest() != u"pg"_s)
            QSKIP("PostgreSQL only: this test restarts a PostgreSQL server of its own");
        QString why;
        if (!PgCluster::available(&why)) {
            if (TestDatabase::postgresRequired())
                QFAIL(qPrintable(why));
            QSKIP(qPrintable(why));
        }
        auto started = m_cluster.start();
        QVERIFY2(started, started ? "" : qPrintable(started.error().detail));
        auto created = m_cluster.createDatabase(u"paydesk_restart"_s);
        QVERIFY2(created, created ? "" : qPrintable(created.error().detail));
        m_url = m_cluster.url(u"paydesk_restart"_s);
    }

    void notificationsAndPollsSurviveRestarts()
    {
        auto db = Database::open(m_url);
        QVERIFY2(db, db ? "" : qPrintable(db.error().detail));
        auto migrated = (*db)->migrate();
        QVERIFY2(migrated, migrated ? "" : qPrintable(migrated.error().detail));
        FaultRig rig(**db, m_url);
        PaydeskdProcess daemon(m_url, rig.env());
        FaultRig::Options o;
        o.notifyBaseUrl = daemon.url();
        o.dropNotifications = false;
        auto started = rig.start(o);
        QVERIFY2(started, started ? "" : qPrintable(started.error().detail));
        started = daemon.start({ u"--poll-every-ms"_s,
            u"300"_s,
            u"--query-interval-ms"_s,
            u"300"_s,
            u"--backoff-base-ms"_s,
            u"100"_s,
            u"--expire-every-ms"_s,
            u"0"_s,
            u"--lease-ms"_s,
            u"2000"_s });
        QVERIFY2(started, started ? "" : qPrintable(started.error().detail));
        QList<Payment> payments;
        for (int i = 0; i < kPayments; ++i) {
            auto p = rig.charge(i % 2 ? ChannelKind::Alipay : ChannelKind::WeChatPay, 100 + i);
            QVERIFY2(p, p ? "" : qPrintable(p.error().detail));
            payments << *p;
        }
        streamWithRestarts(rig.sim(), payments);
        if (QTest::currentTestFailed())
            return;
        checkEverythingLanded(rig.sim(), payments);
        if (QTest::currentTestFailed())
            return;
        QVERIFY(daemon.isRunning());
        QCOMPARE(daemon.getAdmin(u"/healthz"_s)->status, 200);
        QCOMPARE(daemon.terminate(), 0);
        // This process's own connection (a console's) comes back as well: the session the restarts cut is replaced
        // on its next use.
        QTRY_VERIFY(rig.payment(payments.last().id).has_value());
        QCOMPARE(rig.payment(payments.last().id)->status, domain::PaymentStatus::Succeeded);
    }

private:
    /// Customers pay in waves; the server restarts -m fast while the first wave's notifications are in flight and
    /// the second is paid, and -m immediate during the fourth; the last wave is paid once it is back.
    void streamWithRestarts(SimProcess& sim, const QList<Payment>& payments)
    {
        const int wave = kPayments / 5;
        auto payWave = [&](int from, int to) {
            for (int i = from; i < to && i < payments.size(); ++i)
                QVERIFY(sim.pay(payments.at(i).outTradeNo));
        };
        payWave(0, wave);
        QVERIFY(m_cluster.beginRestart(u"fast"_s));
        payWave(wave, 2 * wave);
        auto restarted = m_cluster.waitForRestart();
        QVERIFY2(restarted, restarted ? "" : qPrintable(restarted.error().detail));
        payWave(2 * wave, 3 * wave);
        QVERIFY(m_cluster.beginRestart(u"immediate"_s));
        payWave(3 * wave, 4 * wave);
        restarted = m_cluster.waitForRestart();
        QVERIFY2(restarted, restarted ? "" : qPrintable(restarted.error().detail));
        payWave(4 * wave, kPayments);
    }

    /// Every payment SUCCEEDED; every notification acknowledged is stored (once: accepted once per trade); every
    /// transition happened once (history, audit).
    void checkEverythingLanded(SimProcess& sim, const QList<Payment>& payments)
    {
        // A connection of its own: the checks do not depend on how the test's first one survived the restarts.
        auto fresh = Database::open(m_url);
        QVERIFY2(fresh, fresh ? "" : qPrintable(fresh.error().detail));
        const Database& db = **fresh;
        const QString ids = [&] {
            QStringList list;
            for (const Payment& p : payments)
                list << QString::number(p.id);
            return list.join(u',');
        }();
        QTRY_COMPARE_WITH_TIMEOUT(
            scalar(db, u"SELECT COUNT(*) FROM payments WHERE status = 'SUCCEEDED' AND id IN (%1)"_s.arg(ids)),
            qint64(kPayments),
            kSettleMs);
        // The channels stop sending once acknowledged: all of them must be acknowledged, after the restarts too.
        auto delivered = [&] {
            int n = 0;
            for (const QJsonValue& v : simNotifications(sim))
                n += v.toObject().value(u"state"_s).toInt() == 1;
            return n;
        };
        QTRY_COMPARE_WITH_TIMEOUT(delivered(), kPayments, kSettleMs);
        for (const QJsonValue& v : simNotifications(sim)) {
            const QString trade = v.toObject().value(u"out_trade_no"_s).toString();
            QCOMPARE(scalar(db,
                         u"SELECT COUNT(*) FROM notifications WHERE verdict = 'accepted' AND out_trade_no = '%1'"_s.arg(
                             trade)),
                qint64(1));
        }
        for (const Payment& p : payments) {
            const QString one = u"entity_type = 'payment' AND entity_id = %1"_s.arg(p.id);
            QCOMPARE(scalar(db, u"SELECT COUNT(*) FROM state_history WHERE %1 AND to_status = 'SUCCEEDED'"_s.arg(one)),
                qint64(1));
            QCOMPARE(scalar(db,
                         u"SELECT COUNT(*) FROM (SELECT from_status, to_status FROM state_history WHERE %1 "
                         u"GROUP BY from_status, to_status HAVING COUNT(*) > 1) AS twice"_s.arg(one)),
                qint64(0));
            QCOMPARE(
                scalar(db,
                    u"SELECT COUNT(*) FROM audit_log WHERE action = 'payment.paid' AND entity_id = '%1'"_s.arg(p.id)),
                qint64(1));
        }
    }
};

QTEST_GUILESS_MAIN(TestFaultPgRestart)
#include "tst_fault_pg_restart.moc"
