// paydeskd under concurrency and crashes, as real processes on loopback: ten copies of one notification at once,
// two refunds racing for the last yuan, and a SIGKILL in the middle of a stream of notifications.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QThread>
#include <QtConcurrent/QtConcurrentRun>

#include "core/domain/StateMachine.h"
#include "core/store/Sql.h"
#include "tests/support/Eventually.h"
#include "tests/support/PaydeskdRig.h"

using namespace paydesk;
using namespace paydesk::test;
using namespace Qt::StringLiterals;

class TestPaydeskdConcurrency final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void tenConcurrentCopiesMakeOneTransition()
    {
        PD_TEST_DATABASE(t);
        PaydeskdRig rig(*t);
        auto started = rig.start({ u"--no-jobs"_s });
        QVERIFY2(started, started ? "" : qPrintable(started.error().detail));

        // The simulator posts each attempt ten times at once.
        auto p = rig.charge(ChannelKind::WeChatPay, 1000);
        QVERIFY2(p, p ? "" : qPrintable(p.error().detail));
        const qint64 eventsBefore = rig.count(u"events"_s);
        QVERIFY(rig.sim().setFaults(QJsonObject { { u"duplicate_notifications"_s, 10 } }, p->outTradeNo));
        QVERIFY(rig.sim().pay(p->outTradeNo));
        const QString self = u"out_trade_no = '%1'"_s.arg(p->outTradeNo);
        QTRY_VERIFY2_WITH_TIMEOUT(rig.count(u"notifications"_s, self) >= 10,
            qPrintable(u"accepted %1, duplicate %2, rejected %3"_s
                           .arg(rig.count(u"notifications"_s, self + u" AND verdict = 'accepted'"_s))
                           .arg(rig.count(u"notifications"_s, self + u" AND verdict = 'duplicate'"_s))
                           .arg(rig.count(u"notifications"_s, self + u" AND verdict = 'rejected'"_s))),
            20000);
        QCOMPARE(rig.status(p->id), domain::PaymentStatus::Succeeded);
        QCOMPARE(rig.count(u"notifications"_s, self + u" AND verdict = 'accepted'"_s), qint64(1));
        QCOMPARE(rig.count(u"notifications"_s, self + u" AND verdict = 'rejected'"_s), qint64(0));
        QCOMPARE(rig.count(u"state_history"_s, u"entity_id = %1 AND to_status = 'SUCCEEDED'"_s.arg(p->id)), qint64(1));
        QCOMPARE(rig.count(u"events"_s), eventsBefore + 1);

        // The same signed notification posted by ten senders at once: all acknowledged, one transition.
        auto q = rig.charge(ChannelKind::WeChatPay, 2000);
        QVERIFY(q);
        const qint64 eventsBefore2 = rig.count(u"events"_s);
        const NotificationPost post = rig.wechatPaid(*q);
        QList<QFuture<int>> senders;
        for (int i = 0; i < 10; ++i) {
            senders.append(QtConcurrent::run([&rig, &post] {
                auto r = rig.daemon().post(u"/notify/wechatpay"_s, post.headers, post.body);
                return r ? r->status : 0;
            }));
        }
        for (auto& f : senders)
            QVERIFY2(f.result() == 200 || f.result() == 204, qPrintable(QString::number(f.result())));
        QCOMPARE(rig.status(q->id), domain::PaymentStatus::Succeeded);
        const QString other = u"out_trade_no = '%1'"_s.arg(q->outTradeNo);
        QCOMPARE(rig.count(u"notifications"_s, other + u" AND verdict = 'accepted'"_s), qint64(1));
        QCOMPARE(rig.count(u"notifications"_s, other + u" AND verdict = 'duplicate'"_s), qint64(9));
        QCOMPARE(rig.count(u"state_history"_s, u"entity_id = %1 AND to_status = 'SUCCEEDED'"_s.arg(q->id)), qint64(1));
        QCOMPARE(rig.count(u"events"_s), eventsBefore2 + 1);
        // Every verified payment notification went through the group commit, and none of the groups failed.
        const double grouped = rig.daemon().metric("paydesk_notification_grouped_total");
        const double groups = rig.daemon().metric("paydesk_notification_groups_total");
        QVERIFY2(grouped >= 10, qPrintable(QString::number(grouped)));
        QVERIFY(groups >= 1 && groups <= grouped);
        QCOMPARE(rig.daemon().metric("paydesk_notification_group_fallbacks_total"), 0.0);
        QCOMPARE(rig.daemon().terminate(), 0);
    }

    void twoRefundsRaceForTheLastYuan()
    {
        PD_TEST_DATABASE(t);
        PaydeskdRig rig(*t);
        auto started = rig.start({ u"--refund-sync-every-ms"_s, u"300"_s, u"--outbox-every-ms"_s, u"300"_s });
        QVERIFY2(started, started ? "" : qPrintable(started.error().detail));
        auto p = rig.charge(ChannelKind::WeChatPay, 300);
        QVERIFY(p);
        QVERIFY(rig.sim().pay(p->outTradeNo));
        QTRY_COMPARE_WITH_TIMEOUT(rig.status(p->id), domain::PaymentStatus::Succeeded, 20000);
        auto first = rig.refund(p->id, 200, u"r-first"_s);
        QVERIFY2(first, first ? "" : qPrintable(first.error().detail));

        // 1.00 yuan is left; two finance clerks ask for it at the same moment.
        QFuture<bool> a = QtConcurrent::run([&rig, &p] {
            return rig.refund(p->id, 100, u"r-a"_s).has_value();
        });
        QFuture<bool> b = QtConcurrent::run([&rig, &p] {
            return rig.refund(p->id, 100, u"r-b"_s).has_value();
        });
        QCOMPARE(int(a.result()) + int(b.result()), 1);

        // The channel completes the refunds and notifies paydeskd: the payment ends REFUNDED, never beyond.
        QTRY_COMPARE_WITH_TIMEOUT(rig.status(p->id), domain::PaymentStatus::Refunded, 30000);
        QCOMPARE(rig.count(u"refunds"_s, u"payment_id = %1"_s.arg(p->id)), qint64(2));
        QTRY_COMPARE_WITH_TIMEOUT(
            rig.count(u"refunds"_s, u"payment_id = %1 AND status = 'SUCCEEDED'"_s.arg(p->id)), qint64(2), 20000);
        auto sum = sql::exec(*rig.db().connection(),
            u"SELECT SUM(amount_minor) FROM refunds WHERE payment_id = :p AND status <> 'FAILED'"_s,
            { { u":p"_s, p->id } });
        QVERIFY(sum && sum->next());
        QCOMPARE(sum->value(0).toLongLong(), qint64(300));
        QCOMPARE(rig.daemon().terminate(), 0);
    }

    void sigkillMidStreamLosesNothingAndDoublesNothing()
    {
        PD_TEST_DATABASE(t);
        PaydeskdRig rig(*t);
        const QStringList args = { u"--poll-every-ms"_s, u"500"_s, u"--query-interval-ms"_s, u"1000"_s };
        auto started = rig.start(args);
        QVERIFY2(started, started ? "" : qPrintable(started.error().detail));
        constexpr int kOrders = 24;
        QList<Payment> payments;
        for (int i = 0; i < kOrders; ++i) {
            auto p = rig.charge(i % 3 == 2 ? ChannelKind::Alipay : ChannelKind::WeChatPay, 100 + i);
            QVERIFY2(p, p ? "" : qPrintable(p.error().detail));
            payments.append(*p);
        }
        for (int i = 0; i < kOrders; ++i) {
            QVERIFY(rig.sim().pay(payments[i].outTradeNo));
            if (i == kOrders / 2) {
                // Notifications are in flight: no clean-up, no drain.
                rig.daemon().kill();
            }
        }
        QVERIFY(!rig.daemon().isRunning());
        // The simulator's deliveries meet a closed port before the daemon is back: wait until one has failed.
        const auto aDeliveryFailed = [&] {
            auto r = rig.sim().control("GET", u"/sim/notifications"_s);
            if (!r || r->status != 200)
                return false;
            for (const QJsonValue& v : QJsonDocument::fromJson(r->body).array()) {
                const QJsonObject n = v.toObject();
                if (n.value(u"state"_s).toInt() == 0 && n.value(u"attempts"_s).toInt() >= 1) // pending, tried
                    return true;
            }
            return false;
        };
        QVERIFY(eventually(aDeliveryFailed, 30000));
        auto restarted = rig.daemon().start(args);
        QVERIFY2(restarted, restarted ? "" : qPrintable(restarted.error().detail));

        const auto succeeded = [&] {
            return rig.count(u"payments"_s, u"status = 'SUCCEEDED'"_s);
        };
        QTRY_COMPARE_WITH_TIMEOUT(succeeded(), qint64(kOrders), 60000);
        for (const Payment& p : payments) {
            QCOMPARE(rig.count(u"state_history"_s,
                         u"entity_id = %1 AND from_status = 'PENDING' AND to_status = 'SUCCEEDED'"_s.arg(p.id)),
                qint64(1));
            QVERIFY(rig.count(u"notifications"_s, u"payment_id = %1 AND verdict = 'accepted'"_s.arg(p.id)) <= 1);
        }
        QCOMPARE(rig.count(u"state_history"_s, u"to_status = 'SUCCEEDED'"_s), qint64(kOrders));
        QCOMPARE(rig.daemon().terminate(), 0);
    }
};

QTEST_GUILESS_MAIN(TestPaydeskdConcurrency)
#include "tst_paydeskd_concurrency.moc"
