// NotificationService: verify -> store raw with verdict -> apply in the same transaction -> acknowledge after commit.
#include "core/domain/StateMachine.h"
#include "core/service/ChannelRegistry.h"
#include "core/service/NotificationService.h"
#include "core/store/AuditLog.h"
#include "core/store/PaymentRepository.h"
#include "core/store/Sql.h"
#include "core/store/SqlDialect.h"
#include "core/store/SqlTransaction.h"
#include "core/store/Transitions.h"
#include "tests/support/FakeClock.h"
#include "tests/support/Fixtures.h"
#include "tests/support/ScriptedChannel.h"
#include "tests/support/TestDatabase.h"

#include <QTest>
#include <QThread>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

using namespace paydesk;
using namespace paydesk::test;
using namespace Qt::StringLiterals;

namespace {

struct Rig {
    explicit Rig(const Database& database)
        : db(database)
        , applier(db, clock)
        , service(db, clock, registry, applier)
    {
        registry.add(&channel);
        // The scripted "verification": a body starting with "ok:" verifies; it names the order, amount and id.
        channel.onParse = [this](const InboundHttp& req) -> Result<ChannelNotification> {
            const QList<QByteArray> parts = req.body.split(':');
            if (parts.size() != 4 || parts[0] != "ok")
                return fail(ErrorCode::SignatureInvalid, u"signature does not verify"_s);
            ChannelNotification n;
            n.kind = ChannelNotification::Kind::Payment;
            n.notificationId = QString::fromUtf8(parts[3]);
            n.eventType = u"TRANSACTION.SUCCESS"_s;
            n.trade = channel.paid(QString::fromUtf8(parts[1]), parts[2].toLongLong(), u"TX-"_s + n.notificationId);
            return n;
        };
    }
    Payment pending(qint64 amount)
    {
        const qint64 id = insertPayment(db, domain::PaymentStatus::Pending, amount);
        (void)sql::exec(*db.connection(), u"UPDATE payments SET merchant_id = :m, app_id = :a WHERE id = :id"_s,
                        {{u":m"_s, channel.merchantId()}, {u":a"_s, channel.appId()}, {u":id"_s, id}});
        return *PaymentRepository(db).find(id);
    }
    static InboundHttp request(const QByteArray& body)
    {
        InboundHttp r;
        r.method = "POST";
        r.path = "/notify/wechatpay";
        r.headers.insert("wechatpay-serial", "SERIAL1");
        r.headers.insert("content-type", "application/json");
        r.body = body;
        return r;
    }
    const Database& db;
    FakeClock clock;
    ScriptedChannel channel;
    ChannelRegistry registry;
    ChannelFactApplier applier;
    NotificationService service;
};

/// Hands `bodies` to the service from as many threads at once while a transaction on this thread holds up the
/// first group's commit (SQLite: the write lock; PostgreSQL: the audit head), so the rest queue into one group.
QList<Result<NotificationResult>> handleTogether(const TestDatabase& t, Rig& rig, const QList<QByteArray>& bodies)
{
    auto conn = *t.db()->connection();
    auto blocker = std::make_unique<SqlTransaction>(conn, t.db()->dialect());
    if (t.db()->dialect().engine() == DbEngine::Postgres)
        (void)sql::exec(conn, u"SELECT last_id FROM audit_head WHERE id = 1 FOR UPDATE"_s);
    QThreadPool pool;
    pool.setMaxThreadCount(int(bodies.size()));
    QList<QFuture<Result<NotificationResult>>> running;
    for (const QByteArray& body : bodies) {
        running << QtConcurrent::run(&pool, [&rig, body] {
            return rig.service.handle(ChannelKind::WeChatPay, Rig::request(body));
        });
        // Not timing assertions: the first body leads a group of its own and waits on the blocker, the others then
        // queue behind it into the next group.
        if (running.size() == 1)
            QThread::msleep(150);
    }
    QThread::msleep(500);
    blocker->rollback();
    blocker.reset();
    QList<Result<NotificationResult>> results;
    for (auto& f : running)
        results << f.result();
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
        Rig rig(*t->db());
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
        auto r = rig.service.handle(ChannelKind::WeChatPay, Rig::request("ok:" + p.outTradeNo.toUtf8() + ":1000:N1"));
        QVERIFY2(r, r ? "" : qPrintable(r.error().detail));
        QCOMPARE(r->verdict, u"accepted"_s);
        QCOMPARE(r->ack.httpStatus, 204);
        QCOMPARE(statusAtAck, domain::PaymentStatus::Succeeded);
        QCOMPARE(storedAtAck, qint64(1));
        QCOMPARE(countRows(*t->db(), u"notifications"_s,
                           u"verdict = 'accepted' AND notification_id = 'N1' AND payment_id = %1 AND out_trade_no = '%2'"_s
                               .arg(p.id).arg(p.outTradeNo)),
                 qint64(1));
    }

    void duplicateIsStoredAndAcknowledged()
    {
        PD_TEST_DATABASE(t);
        Rig rig(*t->db());
        const Payment p = rig.pending(1000);
        const QByteArray body = "ok:" + p.outTradeNo.toUtf8() + ":1000:N2";
        QVERIFY(rig.service.handle(ChannelKind::WeChatPay, Rig::request(body)));
        auto again = rig.service.handle(ChannelKind::WeChatPay, Rig::request(body));
        QVERIFY(again);
        QCOMPARE(again->verdict, u"duplicate"_s);
        QCOMPARE(again->ack.httpStatus, 204);
        QCOMPARE(countRows(*t->db(), u"notifications"_s, u"verdict = 'duplicate'"_s), qint64(1));
        QCOMPARE(countRows(*t->db(), u"state_history"_s), qint64(1));
    }

    void rejectedIsStoredAndChangesNothingElse()
    {
        PD_TEST_DATABASE(t);
        Rig rig(*t->db());
        const Payment p = rig.pending(1000);
        bool ackedOk = false;
        rig.channel.onAcknowledge = [&](bool ok) { ackedOk = ackedOk || ok; };
        auto forged = rig.service.handle(ChannelKind::WeChatPay, Rig::request("forged:" + p.outTradeNo.toUtf8()));
        QVERIFY(forged);
        QCOMPARE(forged->verdict, u"rejected"_s);
        QVERIFY(forged->reason.startsWith(u"SignatureInvalid"_s));
        QCOMPARE(forged->ack.httpStatus, 500);
        auto wrongAmount = rig.service.handle(ChannelKind::WeChatPay, Rig::request("ok:" + p.outTradeNo.toUtf8() + ":999:N3"));
        QVERIFY(wrongAmount);
        QCOMPARE(wrongAmount->verdict, u"rejected"_s);
        QVERIFY(wrongAmount->reason.startsWith(u"AmountMismatch"_s));
        auto unknown = rig.service.handle(ChannelKind::WeChatPay, Rig::request("ok:PD_UNKNOWN_ORDER:1000:N4"));
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
        auto genuine = rig.service.handle(ChannelKind::WeChatPay, Rig::request("ok:" + p.outTradeNo.toUtf8() + ":1000:N3"));
        QVERIFY(genuine);
        QCOMPARE(genuine->verdict, u"accepted"_s);
        QCOMPARE(PaymentRepository(*t->db()).find(p.id)->status, domain::PaymentStatus::Succeeded);
    }

    void concurrentNotificationsShareOneCommit()
    {
        PD_TEST_DATABASE(t);
        Rig rig(*t->db());
        QList<Payment> paid;
        QList<QByteArray> bodies;
        for (int i = 0; i < 5; ++i) {
            paid << rig.pending(1000 + i);
            bodies << "ok:" + paid[i].outTradeNo.toUtf8() + ":" + QByteArray::number(1000 + i) + ":G" + QByteArray::number(i);
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
        for (const Payment& p : paid)
            QCOMPARE(PaymentRepository(*t->db()).find(p.id)->status, domain::PaymentStatus::Succeeded);
        QCOMPARE(countRows(*t->db(), u"state_history"_s), qint64(5));
        QCOMPARE(countRows(*t->db(), u"events"_s), qint64(5));
        QCOMPARE(countRows(*t->db(), u"audit_log"_s), qint64(5));
        auto verdict = AuditLog::verify(*t->db()->connection());
        QVERIFY(verdict && verdict->ok);
        const auto stats = rig.service.groupCommitCounts();
        QVERIFY2(stats.notifications > stats.groups, "the notifications should have been committed in groups");
        QCOMPARE(stats.fallbacks, qint64(0));
    }

    void aBadNotificationInAGroupIsRejectedAlone()
    {
        PD_TEST_DATABASE(t);
        Rig rig(*t->db());
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
        QCOMPARE(countRows(*t->db(), u"notifications"_s, u"verdict = 'rejected' AND notification_id = 'BX'"_s), qint64(1));
        const auto stats = rig.service.groupCommitCounts();
        QVERIFY(stats.notifications > stats.groups);
        QVERIFY(stats.fallbacks >= 1);
    }

    void aGroupWhoseReadsWentStaleIsDoneOneAtATime()
    {
        PD_TEST_DATABASE(t);
        if (t->db()->dialect().engine() != DbEngine::Postgres)
            QSKIP("the optimistic group write is PostgreSQL's");
        QFETCH(QString, change);
        Rig rig(*t->db());
        QList<Payment> paid;
        QList<QByteArray> bodies;
        for (int i = 0; i < 4; ++i) {
            paid << rig.pending(1000);
            bodies << "ok:" + paid[i].outTradeNo.toUtf8() + ":1000:S" + QByteArray::number(i);
        }
        bool changed = false;
        rig.service.setBeforeGroupWriteForTest([&] {
            if (std::exchange(changed, true))
                return;
            auto conn = *t->db()->connection();
            if (change == u"payment"_s) {
                // The cashier's expiry job closed one of them after the group read it.
                QVERIFY(Transitions::apply(*t->db(), rig.clock, {domain::EntityType::Payment, paid[3].id, domain::PaymentStatus::Pending,
                                                                 domain::PaymentStatus::Closed, u"expiry"_s, u"system"_s, {}, {}}));
            } else if (change == u"audit"_s) {
                QVERIFY(AuditLog::append(conn, t->db()->dialect(), u"someone"_s, u"test"_s, u"x"_s, u"1"_s, {}, 1));
            } else {
                // Another delivery of S1 was accepted meanwhile, by another daemon (S0 led a group of its own).
                QVERIFY(sql::exec(conn, u"INSERT INTO notifications (channel, notification_id, verdict, reason, "
                                        u"event_type, headers, body, received_at) VALUES ('wechatpay', 'S1', "
                                        u"'accepted', '', 'TRANSACTION.SUCCESS', '{}', '', 1)"_s));
            }
        });
        const QList<Result<NotificationResult>> results = handleTogether(*t, rig, bodies);
        for (const auto& r : results)
            QVERIFY2(r, r ? "" : qPrintable(r.error().detail));
        QVERIFY(changed);
        QVERIFY(rig.service.groupCommitCounts().fallbacks >= 1);
        // Nothing of the stale group was written; one at a time, each notification met the state as it is.
        for (int i = 0; i < 3; ++i)
            QCOMPARE(PaymentRepository(*t->db()).find(paid[i].id)->status, i == 1 && change == u"accepted"_s ? domain::PaymentStatus::Pending : domain::PaymentStatus::Succeeded);
        QCOMPARE(PaymentRepository(*t->db()).find(paid[3].id)->status,
                 change == u"payment"_s ? domain::PaymentStatus::PaidAfterClose : domain::PaymentStatus::Succeeded);
        auto verdict = AuditLog::verify(*t->db()->connection());
        QVERIFY(verdict && verdict->ok);
        QCOMPARE(countRows(*t->db(), u"notifications"_s, u"notification_id = 'S1' AND verdict = 'accepted'"_s), qint64(1));
    }

    void aGroupWhoseReadsWentStaleIsDoneOneAtATime_data()
    {
        QTest::addColumn<QString>("change");
        QTest::newRow("a payment moved on") << u"payment"_s;
        QTest::newRow("the audit head moved") << u"audit"_s;
        QTest::newRow("a notification id was accepted") << u"accepted"_s;
    }

    void unconfiguredChannelIsAnError()
    {
        PD_TEST_DATABASE(t);
        Rig rig(*t->db());
        auto r = rig.service.handle(ChannelKind::Alipay, Rig::request("ok:x:1:N"));
        QVERIFY(!r);
        QCOMPARE(r.error().code, ErrorCode::NotFound);
        QCOMPARE(countRows(*t->db(), u"notifications"_s), qint64(0));
    }
};

QTEST_GUILESS_MAIN(TestServiceNotification)
#include "tst_service_notification.moc"
