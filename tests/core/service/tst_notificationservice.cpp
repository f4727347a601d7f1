// NotificationService: verify -> store raw with verdict -> apply in the same transaction -> acknowledge after commit.
#include <atomic>

#include <QSet>
#include <QTest>
#include <QThread>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include "core/domain/StateMachine.h"
#include "core/service/ChannelRegistry.h"
#include "core/service/NotificationService.h"
#include "core/store/AuditLog.h"
#include "core/store/PaymentRepository.h"
#include "core/store/Sql.h"
#include "core/store/SqlDialect.h"
#include "core/store/SqlTransaction.h"
#include "tests/support/FakeClock.h"
#include "tests/support/Fixtures.h"
#include "tests/support/ScriptedChannel.h"
#include "tests/support/ServiceRig.h"
#include "tests/support/TestDatabase.h"

using namespace paydesk;
using namespace paydesk::test;
using namespace Qt::StringLiterals;

namespace {

/// The scripted "verification": a body starting with "ok:" verifies; it names the order, amount and notification id.
void verifyOkBodies(ServiceRig& rig)
{
    rig.channel.onParse = [&rig](const InboundHttp& req) -> Result<ChannelNotification> {
        const QList<QByteArray> parts = req.body.split(':');
        if (parts.size() != 4 || parts[0] != "ok")
            return fail(ErrorCode::SignatureInvalid, u"signature does not verify"_s);
        ChannelNotification n;
        n.kind = ChannelNotification::Kind::Payment;
        n.notificationId = QString::fromUtf8(parts[3]);
        n.eventType = u"TRANSACTION.SUCCESS"_s;
        n.trade = rig.channel.paid(QString::fromUtf8(parts[1]), parts[2].toLongLong(), u"TX-"_s + n.notificationId);
        return n;
    };
}

InboundHttp request(const QByteArray& body)
{
    InboundHttp r;
    r.method = "POST";
    r.path = "/notify/wechatpay";
    r.headers.insert("wechatpay-serial", "SERIAL1");
    r.headers.insert("content-type", "application/json");
    r.body = body;
    return r;
}

/// Whether a session of this database waits for a lock now (PostgreSQL). Asked inside the caller's transaction,
/// whose view of the statistics is a snapshot until cleared.
bool aSessionWaitsForALock(QSqlDatabase& conn)
{
    (void)sql::exec(conn, u"SELECT pg_stat_clear_snapshot()"_s);
    auto q = sql::exec(conn,
        u"SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() "
        u"AND wait_event_type = 'Lock'"_s);
    return q && q->next() && q->value(0).toLongLong() > 0;
}

/// Hands `bodies` to the service from as many threads at once while a transaction on this thread holds up the
/// first group's commit (SQLite: the write lock; PostgreSQL: the audit head), so the rest queue into one group.
/// No sleeps: the first body is handed over alone and seen taken by the group writer (verified, and nothing queued;
/// on PostgreSQL also seen waiting for the blocker's lock), so it leads a group of its own; then the blocker is
/// released once all the others are seen queued behind it.
QList<Result<NotificationResult>> handleTogether(
    const TestDatabase& t, ServiceRig& rig, const QList<QByteArray>& bodies)
{
    auto conn = *t.db()->connection();
    auto blocker = std::make_unique<SqlTransaction>(conn, t.db()->dialect());
    const bool pg = t.db()->dialect().engine() == DbEngine::Postgres;
    if (pg)
        (void)sql::exec(conn, u"SELECT last_id FROM audit_head WHERE id = 1 FOR UPDATE"_s);
    // The channel's verification is a caller's last step before it queues for the group writer.
    std::atomic<int> verified { 0 };
    const auto verify = rig.channel.onParse;
    rig.channel.onParse = [&verified, verify](const InboundHttp& req) {
        auto parsed = verify(req);
        ++verified;
        return parsed;
    };
    const auto queued = [&rig] {
        return rig.notifications.groupCommitCounts().queued;
    };
    QThreadPool pool;
    pool.setMaxThreadCount(int(bodies.size()));
    QList<QFuture<Result<NotificationResult>>> running;
    bool firstTaken = true;
    for (const QByteArray& body : bodies) {
        running << QtConcurrent::run(&pool, [&rig, body] {
            return rig.notifications.handle(ChannelKind::WeChatPay, request(body));
        });
        if (running.size() == 1) {
            firstTaken = QTest::qWaitFor(
                             [&] {
                                 return verified.load() == 1 && queued() == 0;
                             },
                             30000)
                && (!pg
                    || QTest::qWaitFor(
                        [&] {
                            return aSessionWaitsForALock(conn);
                        },
                        30000));
        }
    }
    const bool restQueued = QTest::qWaitFor(
        [&] {
            return queued() == bodies.size() - 1;
        },
        30000);
    blocker->rollback();
    blocker.reset();
    QList<Result<NotificationResult>> results;
    for (auto& f : running)
        results << f.result();
    rig.channel.onParse = verify;
    if (!firstTaken || !restQueued)
        results.prepend(fail(ErrorCode::Internal,
            u"the first body did not lead a group of its own, with the others "
            u"queued behind it"_s));
    return results;
}
} // namespace

class TestServiceNotification final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void acceptedIsStoredAppliedAndAcknowledgedAfterCommit()
    {
        PD_TEST_DATABASE(t);
        ServiceRig rig(*t->db());
        verifyOkBodies(rig);
        const Payment p = rig.pending(1000);
        auto statusAtAck = domain::PaymentStatus::Created;
        qint64 storedAtAck = -1;
        rig.channel.onAcknowledge = [&](bool ok) {
            if (!ok)
                return;
            // Read on a separate thread's connection view: what is committed at the moment of acknowledging.
            statusAtAck = PaymentRepository(*t->db()).find(p.id)->status;
            storedAtAck = countRows(*t->db(), u"notifications"_s, u"verdict = 'accepted'"_s);
        };
        auto r = rig.notifications.handle(ChannelKind::WeChatPay, request("ok:" + p.outTradeNo.toUtf8() + ":1000:N1"));
        QVERIFY2(r, r ? "" : qPrintable(r.error().detail));
        QCOMPARE(r->verdict, u"accepted"_s);
        QCOMPARE(r->ack.httpStatus, 204);
        QCOMPARE(statusAtAck, domain::PaymentStatus::Succeeded);
        QCOMPARE(storedAtAck, qint64(1));
        QCOMPARE(countRows(*t->db(),
                     u"notifications"_s,
                     u"verdict = 'accepted' AND notification_id = 'N1' AND payment_id = %1 AND out_trade_no = '%2'"_s
                         .arg(p.id)
                         .arg(p.outTradeNo)),
            qint64(1));
    }

    void duplicateIsStoredAndAcknowledged()
    {
        PD_TEST_DATABASE(t);
        ServiceRig rig(*t->db());
        verifyOkBodies(rig);
        const Payment p = rig.pending(1000);
        const QByteArray body = "ok:" + p.outTradeNo.toUtf8() + ":1000:N2";
        QVERIFY(rig.notifications.handle(ChannelKind::WeChatPay, request(body)));
        auto again = rig.notifications.handle(ChannelKind::WeChatPay, request(body));
        QVERIFY(again);
        QCOMPARE(again->verdict, u"duplicate"_s);
        QCOMPARE(again->ack.httpStatus, 204);
        QCOMPARE(countRows(*t->db(), u"notifications"_s, u"verdict = 'duplicate'"_s), qint64(1));
        QCOMPARE(countRows(*t->db(), u"state_history"_s), qint64(1));
    }

    void rejectedIsStoredAndChangesNothingElse()
    {
        PD_TEST_DATABASE(t);
        ServiceRig rig(*t->db());
        verifyOkBodies(rig);
        const Payment p = rig.pending(1000);
        bool ackedOk = false;
        rig.channel.onAcknowledge = [&](bool ok) {
            ackedOk = ackedOk || ok;
        };
        auto forged = rig.notifications.handle(ChannelKind::WeChatPay, request("forged:" + p.outTradeNo.toUtf8()));
        QVERIFY(forged);
        QCOMPARE(forged->verdict, u"rejected"_s);
        QVERIFY(forged->reason.startsWith(u"SignatureInvalid"_s));
        QCOMPARE(forged->ack.httpStatus, 500);
        auto wrongAmount =
            rig.notifications.handle(ChannelKind::WeChatPay, request("ok:" + p.outTradeNo.toUtf8() + ":999:N3"));
        QVERIFY(wrongAmount);
        QCOMPARE(wrongAmount->verdict, u"rejected"_s);
        QVERIFY(wrongAmount->reason.startsWith(u"AmountMismatch"_s));
        auto unknown = rig.notifications.handle(ChannelKind::WeChatPay, request("ok:PD_UNKNOWN_ORDER:1000:N4"));
        QVERIFY(unknown);
        QVERIFY(unknown->reason.startsWith(u"NotFound"_s));
        QVERIFY(!ackedOk);
        QCOMPARE(PaymentRepository(*t->db()).find(p.id)->status, domain::PaymentStatus::Pending);
        QCOMPARE(countRows(*t->db(), u"notifications"_s, u"verdict = 'rejected'"_s), qint64(3));
        auto first = sql::exec(*t->db()->connection(),
            u"SELECT body, headers FROM notifications WHERE verdict = 'rejected' ORDER BY id"_s);
        QVERIFY(first && first->next());
        QCOMPARE(first->value(0).toByteArray(), "forged:" + p.outTradeNo.toUtf8()); // raw, exactly as received
        QVERIFY(first->value(1).toString().contains(u"SERIAL1"_s));
        first->finish(); // an open SQLite read keeps this connection's snapshot; the group writes on its own thread
        QCOMPARE(countRows(*t->db(), u"state_history"_s), qint64(0));
        QCOMPARE(countRows(*t->db(), u"events"_s), qint64(0));
        QCOMPARE(countRows(*t->db(), u"audit_log"_s), qint64(0));
        // A rejected copy of an id never blocks the genuine notification with that id.
        auto genuine =
            rig.notifications.handle(ChannelKind::WeChatPay, request("ok:" + p.outTradeNo.toUtf8() + ":1000:N3"));
        QVERIFY(genuine);
        QCOMPARE(genuine->verdict, u"accepted"_s);
        QCOMPARE(PaymentRepository(*t->db()).find(p.id)->status, domain::PaymentStatus::Succeeded);
    }

    void concurrentNotificationsShareOneCommit()
    {
        PD_TEST_DATABASE(t);
        ServiceRig rig(*t->db());
        verifyOkBodies(rig);
        QList<Payment> paid;
        QList<QByteArray> bodies;
        for (int i = 0; i < 5; ++i) {
            paid << rig.pending(1000 + i);
            bodies << "ok:" + paid[i].outTradeNo.toUtf8() + ":" + QByteArray::number(1000 + i) + ":G"
                    + QByteArray::number(i);
        }
        bodies << bodies[0] << bodies[0]; // a channel's retries, arriving in the same group
        // Another notification id for a payment paid in the same group: applied after it, so it changes nothing.
        bodies << "ok:" + paid[4].outTradeNo.toUtf8() + ":1004:G4b";
        const QList<Result<NotificationResult>> results = handleTogether(*t, rig, bodies);
        QStringList verdicts;
        for (const auto& r : results) {
            QVERIFY2(r, r ? "" : qPrintable(r.error().detail));
            QCOMPARE(r->ack.httpStatus, 204);
            verdicts << r->verdict;
        }
        QCOMPARE(verdicts.count(u"accepted"_s), 6);
        QCOMPARE(verdicts.count(u"duplicate"_s), 2);
        QCOMPARE(int(results[4]->outcome.changed) + int(results[7]->outcome.changed), 1);
        // Each caller is told the id of its own row: the one holding its body and its verdict.
        QSet<qint64> ids;
        for (int i = 0; i < results.size(); ++i) {
            ids.insert(results[i]->storedId);
            auto row = sql::exec(*t->db()->connection(),
                u"SELECT body, verdict FROM notifications WHERE id = :id"_s,
                { { u":id"_s, results[i]->storedId } });
            QVERIFY(row && row->next());
            QCOMPARE(row->value(0).toByteArray(), bodies[i]);
            QCOMPARE(row->value(1).toString(), results[i]->verdict);
            row->finish();
        }
        QCOMPARE(ids.size(), results.size());
        for (const Payment& p : paid)
            QCOMPARE(PaymentRepository(*t->db()).find(p.id)->status, domain::PaymentStatus::Succeeded);
        QCOMPARE(countRows(*t->db(), u"state_history"_s), qint64(5));
        QCOMPARE(countRows(*t->db(), u"events"_s), qint64(5));
        QCOMPARE(countRows(*t->db(), u"audit_log"_s), qint64(5));
        auto verdict = AuditLog::verify(*t->db()->connection());
        QVERIFY(verdict && verdict->ok);
        const auto stats = rig.notifications.groupCommitCounts();
        QVERIFY2(stats.notifications > stats.groups, "the notifications should have been committed in groups");
        QCOMPARE(stats.fallbacks, qint64(0));
    }

    void aBadNotificationInAGroupIsRejectedAlone()
    {
        PD_TEST_DATABASE(t);
        ServiceRig rig(*t->db());
        verifyOkBodies(rig);
        QList<Payment> paid;
        QList<QByteArray> bodies;
        for (int i = 0; i < 4; ++i) {
            paid << rig.pending(1000);
            bodies << "ok:" + paid[i].outTradeNo.toUtf8() + ":1000:B" + QByteArray::number(i);
        }
        const Payment victim = rig.pending(1000);
        bodies << "ok:" + victim.outTradeNo.toUtf8() + ":999:BX"; // one fen short
        const QList<Result<NotificationResult>> results = handleTogether(*t, rig, bodies);
        for (int i = 0; i < results.size(); ++i) {
            QVERIFY2(results[i], results[i] ? "" : qPrintable(results[i].error().detail));
            QCOMPARE(results[i]->verdict, i < 4 ? u"accepted"_s : u"rejected"_s);
        }
        QVERIFY(results[4]->reason.startsWith(u"AmountMismatch"_s));
        for (const Payment& p : paid)
            QCOMPARE(PaymentRepository(*t->db()).find(p.id)->status, domain::PaymentStatus::Succeeded);
        QCOMPARE(PaymentRepository(*t->db()).find(victim.id)->status, domain::PaymentStatus::Pending);
        QCOMPARE(countRows(*t->db(), u"state_history"_s), qint64(4));
        QCOMPARE(
            countRows(*t->db(), u"notifications"_s, u"verdict = 'rejected' AND notification_id = 'BX'"_s), qint64(1));
        const auto stats = rig.notifications.groupCommitCounts();
        QVERIFY(stats.notifications > stats.groups);
        QVERIFY(stats.fallbacks >= 1);
    }

    void unconfiguredChannelIsAnError()
    {
        PD_TEST_DATABASE(t);
        ServiceRig rig(*t->db());
        verifyOkBodies(rig);
        auto r = rig.notifications.handle(ChannelKind::Alipay, request("ok:x:1:N"));
        QVERIFY(!r);
        QCOMPARE(r.error().code, ErrorCode::NotFound);
        QCOMPARE(countRows(*t->db(), u"notifications"_s), qint64(0));
    }
};

QTEST_GUILESS_MAIN(TestServiceNotification)
#include "tst_notificationservice.moc"
