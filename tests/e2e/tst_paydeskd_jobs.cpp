// paydeskd's background jobs as real processes on loopback: a dropped notification is made good by the poll job,
// failing queries are retried with backoff, an expired order is queried and then closed, and a success that
// arrives after the close is kept as PAID_AFTER_CLOSE.
#include <QJsonDocument>
#include <QTest>

#include "core/domain/StateMachine.h"
#include "core/store/Sql.h"
#include "tests/support/PaydeskdRig.h"

using namespace paydesk;
using namespace paydesk::test;
using namespace Qt::StringLiterals;

namespace {

/// Fast cadences, so each case takes seconds.
const QStringList kFastJobs = { u"--poll-every-ms"_s,
    u"250"_s,
    u"--expire-every-ms"_s,
    u"250"_s,
    u"--query-interval-ms"_s,
    u"250"_s,
    u"--backoff-base-ms"_s,
    u"200"_s,
    u"--outbox-every-ms"_s,
    u"250"_s,
    u"--refund-sync-every-ms"_s,
    u"250"_s };

qint64 checkAttempts(const Database& db, qint64 paymentId)
{
    auto q = sql::exec(
        *db.connection(), u"SELECT check_attempts FROM payments WHERE id = :id"_s, { { u":id"_s, paymentId } });
    return q && q->next() ? q->value(0).toLongLong() : -1;
}

} // namespace

class TestPaydeskdJobs final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void droppedNotificationIsConfirmedByThePollJob()
    {
        PD_TEST_DATABASE(t);
        PaydeskdRig rig(*t);
        auto started = rig.start(kFastJobs);
        QVERIFY2(started, started ? "" : qPrintable(started.error().detail));
        auto p = rig.charge(ChannelKind::WeChatPay, 880);
        QVERIFY2(p, p ? "" : qPrintable(p.error().detail));
        QVERIFY(rig.sim().setFaults(QJsonObject { { u"drop_notifications"_s, true } }, p->outTradeNo));
        QVERIFY(rig.sim().pay(p->outTradeNo));
        QTRY_COMPARE_WITH_TIMEOUT(rig.status(p->id), domain::PaymentStatus::Succeeded, 20000);
        QCOMPARE(rig.count(u"notifications"_s), qint64(0)); // nothing arrived: the query confirmed it
        QCOMPARE(rig.count(u"state_history"_s,
                     u"entity_id = %1 AND from_status = 'PENDING' AND to_status = 'SUCCEEDED'"_s.arg(p->id)),
            qint64(1));
        QTRY_VERIFY_WITH_TIMEOUT(
            rig.daemon().metric("paydesk_job_runs_total{job=\"poll_pending\",result=\"ran\"}") >= 1, 10000);
        QCOMPARE(rig.daemon().terminate(), 0);
    }

    void failingQueriesAreRetriedWithBackoff()
    {
        PD_TEST_DATABASE(t);
        PaydeskdRig rig(*t);
        auto started = rig.start(kFastJobs);
        QVERIFY2(started, started ? "" : qPrintable(started.error().detail));
        auto p = rig.charge(ChannelKind::Alipay, 990);
        QVERIFY2(p, p ? "" : qPrintable(p.error().detail));
        QVERIFY(rig.sim().setFaults(
            QJsonObject { { u"drop_notifications"_s, true }, { u"query_error"_s, true } }, p->outTradeNo));
        QVERIFY(rig.sim().pay(p->outTradeNo));
        // Every query answers 500: the payment stays PENDING and its failed checks are counted for the backoff.
        QTRY_VERIFY_WITH_TIMEOUT(checkAttempts(rig.db(), p->id) >= 2, 30000);
        QCOMPARE(rig.status(p->id), domain::PaymentStatus::Pending);
        // The channel recovers: the next retry confirms the payment.
        QVERIFY(rig.sim().setFaults(QJsonObject { { u"drop_notifications"_s, true } }, p->outTradeNo));
        QTRY_COMPARE_WITH_TIMEOUT(rig.status(p->id), domain::PaymentStatus::Succeeded, 30000);
        QCOMPARE(rig.count(u"state_history"_s, u"entity_id = %1 AND to_status = 'SUCCEEDED'"_s.arg(p->id)), qint64(1));
        QCOMPARE(rig.daemon().terminate(), 0);
    }

    void expiredOrderIsQueriedThenClosedAndALateSuccessIsKept()
    {
        PD_TEST_DATABASE(t);
        PaydeskdRig rig(*t);
        auto started = rig.start(kFastJobs);
        QVERIFY2(started, started ? "" : qPrintable(started.error().detail));
        auto p = rig.charge(ChannelKind::WeChatPay, 660, 2);
        QVERIFY2(p, p ? "" : qPrintable(p.error().detail));
        QTRY_COMPARE_WITH_TIMEOUT(rig.status(p->id), domain::PaymentStatus::Closed, 30000);
        // Closed at the channel first, so the QR cannot be paid any more.
        QTRY_COMPARE_WITH_TIMEOUT(
            rig.sim().order(p->outTradeNo).value(u"channel_state"_s).toString(), u"CLOSED"_s, 10000);
        QVERIFY(!rig.sim().pay(p->outTradeNo));

        // The channel's success for it arrives anyway (a payment that raced the close): never dropped.
        const NotificationPost late = rig.wechatPaid(*p);
        auto r = rig.daemon().post(u"/notify/wechatpay"_s, late.headers, late.body);
        QVERIFY(r);
        QVERIFY2(r->status == 200 || r->status == 204, r->body.constData());
        QCOMPARE(rig.status(p->id), domain::PaymentStatus::PaidAfterClose);
        QCOMPARE(rig.count(u"events"_s, u"kind = 'payment.paid_after_close'"_s), qint64(1));
        QCOMPARE(rig.count(u"state_history"_s,
                     u"entity_id = %1 AND from_status = 'CLOSED' AND to_status = 'PAID_AFTER_CLOSE'"_s.arg(p->id)),
            qint64(1));
        QCOMPARE(rig.daemon().terminate(), 0);
    }
};

QTEST_GUILESS_MAIN(TestPaydeskdJobs)
#include "tst_paydeskd_jobs.moc"
