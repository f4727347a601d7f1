// Alipay through the services on a real database: the real adapter against the simulator over loopback HTTP where it
// matters. Partial refunds, whose notifications report the trade's running total; a QR cancelled before anyone scanned
// it, which Alipay keeps payable until its time_expire, so it is watched and a late payment becomes PAID_AFTER_CLOSE;
// and the running-total and expiry checks on their own.
#include <QTest>

#include "core/channels/alipay/AlipayChannel.h"
#include "core/domain/StateMachine.h"
#include "core/service/ChannelFactApplier.h"
#include "core/service/ChannelRegistry.h"
#include "core/service/NotificationService.h"
#include "core/service/PaymentService.h"
#include "core/service/RefundService.h"
#include "core/service/SyncService.h"
#include "core/store/Sql.h"
#include "tests/core/sim/SimReceiver.h"
#include "tests/core/sim/SimTestSupport.h"
#include "tests/support/FakeClock.h"
#include "tests/support/Fixtures.h"
#include "tests/support/ScriptedChannel.h"
#include "tests/support/ServiceRig.h"
#include "tests/support/TestDatabase.h"

using namespace paydesk;
using namespace paydesk::test;
using namespace Qt::StringLiterals;

namespace {

/// The rig's services on the simulator's clock, with no scripted channel: addAlipay() adds the real adapter.
ServiceRig::Options overSimulator(simtest::SimFixture& sim, const QString& notifyUrl)
{
    ServiceRig::Options o;
    o.clock = &sim.clock;
    o.registerScriptedChannel = false;
    o.payments.notifyUrl = notifyUrl;
    return o;
}

/// The real Alipay adapter pointed at the in-process simulator, on the same clock as the services.
void addAlipay(ServiceRig& rig, simtest::SimFixture& sim)
{
    alipay::AlipayConfig c;
    c.appId = simtest::kAlipayAppId;
    c.sellerId = simtest::kAlipayPid;
    c.appPrivateKey = simtest::privateKey(u"alipay/keys/java-prodcert-app-private-key.pem"_s);
    c.alipayPublicKey = simtest::publicKey(sim.server->keys().alipayPublicKeyPem());
    c.gatewayUrl = QUrl(sim.server->alipayGatewayUrl());
    c.timeoutMs = 5000;
    c.retryDelayMs = 0;
    c.clock = &sim.clock;
    auto channel = alipay::AlipayChannel::create(c);
    if (!channel)
        qFatal("the Alipay adapter: %s", qPrintable(channel.error().detail));
    rig.registry.add(std::shared_ptr<Channel>(std::move(*channel)));
}

/// The service's verdict on a notification the simulator sent.
QString handle(ServiceRig& rig, const simtest::Received& r)
{
    InboundHttp in;
    in.method = "POST";
    in.path = r.path;
    for (const auto& [k, v] : r.headers)
        in.headers.insert(k.toLower(), v);
    in.body = r.body;
    auto result = rig.notifications.handle(ChannelKind::Alipay, in);
    if (!result)
        return u"error: "_s + result.error().detail;
    return result->verdict + (result->reason.isEmpty() ? QString() : u": "_s + result->reason);
}

/// Runs the poll job and says how many payments it looked at.
int poll(ServiceRig& rig)
{
    auto r = rig.sync.runJob(SyncService::kPollPending);
    if (!r || !r->ran)
        qFatal("poll did not run");
    return r->processed;
}

} // namespace

class TestServiceAlipay final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // Alipay's refund notification carries refund_fee, the trade's running total refunded. The second partial
    // refund's notification reports both refunds; it must be accepted, not refused as an amount mismatch.
    void secondPartialRefundNotificationIsAccepted()
    {
        PD_TEST_DATABASE(t);
        simtest::Receiver receiver;
        simtest::SimFixture sim(1000);
        ServiceRig rig(*t->db(), overSimulator(sim, receiver.url("/alipay")));
        addAlipay(rig, sim);
        const Payment p = rig.charge(1000, ChannelKind::Alipay);
        QVERIFY(sim.server->pay(p.outTradeNo).has_value());
        QTRY_COMPARE(receiver.received.size(), 1);
        QCOMPARE(handle(rig, receiver.received.at(0)), u"accepted"_s);
        QCOMPARE(rig.payment(p.id).status, domain::PaymentStatus::Succeeded);

        auto first =
            rig.refunds.request(RefundInput { p.id, Money::fen(300), u"customer_request"_s, {}, {} }, rig.finance());
        QVERIFY2(first, first ? "" : qPrintable(first.error().detail));
        QCOMPARE(first->status, domain::RefundStatus::Succeeded); // Alipay refunds synchronously
        QTRY_COMPARE(receiver.received.size(), 2);
        auto second =
            rig.refunds.request(RefundInput { p.id, Money::fen(200), u"customer_request"_s, {}, {} }, rig.finance());
        QVERIFY2(second, second ? "" : qPrintable(second.error().detail));
        QCOMPARE(second->status, domain::RefundStatus::Succeeded);
        QTRY_COMPARE(receiver.received.size(), 3);

        // refund_fee 3.00, then 5.00 (the running total) for the 2.00 refund: both match their refunds.
        QVERIFY(receiver.received.at(2).body.contains("refund_fee=5.00"));
        QCOMPARE(handle(rig, receiver.received.at(1)), u"accepted"_s);
        QCOMPARE(handle(rig, receiver.received.at(2)), u"accepted"_s);
        QCOMPARE(countRows(rig.db, u"notifications"_s, u"verdict = 'rejected'"_s), qint64(0));
        const Payment after = rig.payment(p.id);
        QCOMPARE(after.status, domain::PaymentStatus::PartiallyRefunded);
        QCOMPARE(after.refundedMinor, qint64(500));
        QCOMPARE(after.reservedMinor, qint64(0));
    }

    // A running total that cannot be true for this payment is refused and changes nothing. Refunds A (3.00) and B
    // (2.00) are PROCESSING on a 10.00 payment; a fact for B. The query path (this refund's own amount) stays exact.
    void runningTotalMustFit_data()
    {
        QTest::addColumn<qint64>("total");
        QTest::addColumn<qint64>("own");
        QTest::addColumn<bool>("accepted");
        QTest::newRow("both refunds") << qint64(500) << qint64(-1) << true;
        QTest::newRow("only this one") << qint64(200) << qint64(-1) << true;
        QTest::newRow("below this refund") << qint64(199) << qint64(-1) << false;
        QTest::newRow("more than was sent") << qint64(501) << qint64(-1) << false;
        QTest::newRow("more than was paid") << qint64(1001) << qint64(-1) << false;
        QTest::newRow("own amount exact") << qint64(-1) << qint64(200) << true;
        QTest::newRow("own amount is the total") << qint64(-1) << qint64(500) << false;
    }
    void runningTotalMustFit()
    {
        QFETCH(qint64, total);
        QFETCH(qint64, own);
        QFETCH(bool, accepted);
        PD_TEST_DATABASE(t);
        const Database& db = *t->db();
        ServiceRig rig(db);
        const qint64 user = rig.finance().userId;
        const qint64 pid = insertPayment(db, domain::PaymentStatus::Succeeded, 1000, u"alipay"_s);
        QVERIFY(sql::exec(
            *db.connection(), u"UPDATE payments SET reserved_minor = 500 WHERE id = :id"_s, { { u":id"_s, pid } }));
        insertRefund(db, pid, user, domain::RefundStatus::Processing, 300);
        const qint64 b = insertRefund(db, pid, user, domain::RefundStatus::Processing, 200);
        insertRefund(db, pid, user, domain::RefundStatus::Failed, 400); // released: never part of the total
        auto q =
            sql::exec(*db.connection(), u"SELECT out_refund_no FROM refunds WHERE id = :id"_s, { { u":id"_s, b } });
        QVERIFY(q && q->next());
        RefundStatus fact;
        fact.outRefundNo = q->value(0).toString();
        fact.state = RefundState::Succeeded;
        if (total >= 0)
            fact.refundedTotal = Money::fen(total);
        if (own >= 0)
            fact.refund = Money::fen(own);
        const auto applied = rig.applier.applyRefund(ChannelKind::Alipay, fact, u"notify"_s, u"system:notify:alipay"_s);
        const Payment p = *PaymentRepository(db).find(pid);
        if (accepted) {
            QVERIFY2(applied, applied ? "" : qPrintable(applied.error().detail));
            QCOMPARE(applied->after, domain::RefundStatus::Succeeded);
            QCOMPARE(p.refundedMinor, qint64(200));
            QCOMPARE(p.reservedMinor, qint64(300));
            return;
        }
        QVERIFY(!applied);
        QCOMPARE(applied.error().code, ErrorCode::AmountMismatch);
        QCOMPARE(p.refundedMinor, qint64(0));
        QCOMPARE(p.reservedMinor, qint64(500));
        QCOMPARE(countRows(db, u"refunds"_s, u"status = 'PROCESSING'"_s), qint64(2));
    }

    // Cancelled before anyone scanned it: Alipay answers the close with ACQ.TRADE_NOT_EXIST and the QR stays payable
    // until its time_expire. A buyer who pays it anyway is found by the poll within seconds: PAID_AFTER_CLOSE.
    void latePaymentOfACancelledQrIsFound()
    {
        PD_TEST_DATABASE(t);
        simtest::SimFixture sim(1000);
        ServiceRig rig(*t->db(), overSimulator(sim, {})); // no notify URL: only polling can learn of the payment
        addAlipay(rig, sim);
        const Payment p = rig.charge(1000, ChannelKind::Alipay);
        auto cancelled = rig.payments.cancel(p.id, rig.cashier());
        QVERIFY2(cancelled, cancelled ? "" : qPrintable(cancelled.error().detail));
        QCOMPARE(cancelled->status, domain::PaymentStatus::Closed);
        QCOMPARE(poll(rig), 1); // watched: Alipay still does not know the order
        QCOMPARE(rig.payment(p.id).status, domain::PaymentStatus::Closed);
        QCOMPARE(poll(rig), 0); // not before the poll interval

        QVERIFY(sim.server->pay(p.outTradeNo).has_value());
        sim.clock.offsetMs += 3000;
        QCOMPARE(poll(rig), 1);
        QCOMPARE(rig.payment(p.id).status, domain::PaymentStatus::PaidAfterClose);
        QCOMPARE(countRows(rig.db, u"events"_s, u"kind = 'payment.paid_after_close'"_s), qint64(1));
        sim.clock.offsetMs += 3000;
        QCOMPARE(poll(rig), 0); // no longer CLOSED: the watch is over
    }

    // Not paid: the watch goes on past the order's expiry (Alipay's clock may be behind ours), backing off, and then
    // ends. Past time_expire Alipay itself refuses the payment.
    void watchEndsAfterTheExpiry()
    {
        PD_TEST_DATABASE(t);
        simtest::SimFixture sim(1000);
        ServiceRig rig(*t->db(), overSimulator(sim, {}));
        addAlipay(rig, sim);
        const Payment p = rig.charge(1000, ChannelKind::Alipay);
        QVERIFY(rig.payments.cancel(p.id, rig.cashier()));
        QCOMPARE(poll(rig), 1);
        sim.clock.offsetMs += 3000;
        QCOMPARE(poll(rig), 1);
        sim.clock.offsetMs = p.expiresAtMs - (sim.clock.nowMSecs() - sim.clock.offsetMs) + 1000;
        QVERIFY(!sim.server->pay(p.outTradeNo).has_value()); // past time_expire: the QR is dead at Alipay
        QCOMPARE(poll(rig), 1);
        QCOMPARE(poll(rig), 0); // backing off past the expiry
        sim.clock.offsetMs += 120000;
        QCOMPARE(poll(rig), 0); // the window is over
        QCOMPARE(rig.payment(p.id).status, domain::PaymentStatus::Closed);
    }

    // Scanned after our close: the trade exists at Alipay now, so the watch closes it there; its TRADE_CLOSED then
    // ends the watch.
    void aScanAfterTheCloseIsClosedAtAlipay()
    {
        PD_TEST_DATABASE(t);
        simtest::SimFixture sim(1000);
        ServiceRig rig(*t->db(), overSimulator(sim, {}));
        addAlipay(rig, sim);
        const Payment p = rig.charge(1000, ChannelKind::Alipay);
        QVERIFY(rig.payments.cancel(p.id, rig.cashier()));
        QVERIFY(sim.server->scan(p.outTradeNo).has_value());
        QCOMPARE(poll(rig), 1);
        QVERIFY(!sim.server->pay(p.outTradeNo).has_value()); // closed at Alipay
        sim.clock.offsetMs += 3000;
        QCOMPARE(poll(rig), 1); // TRADE_CLOSED: settled
        sim.clock.offsetMs += 3000;
        QCOMPARE(poll(rig), 0);
        QCOMPARE(rig.payment(p.id).status, domain::PaymentStatus::Closed);
    }

    // The expiry job closes a payment on "does not exist" or "already closed" only when the channel said so for
    // certain (Error::definite); otherwise it stays PENDING and is tried again.
    void expiryTrustsOnlyCertainAnswers_data()
    {
        QTest::addColumn<bool>("fromQuery");
        QTest::addColumn<int>("code");
        QTest::addColumn<bool>("definite");
        QTest::addColumn<QString>("status");
        const int notExist = int(ErrorCode::OrderNotExist), closed = int(ErrorCode::OrderClosed);
        QTest::newRow("query: verified not exist")
            << true << notExist << true << statusName(domain::PaymentStatus::Closed);
        QTest::newRow("query: unverified not exist")
            << true << notExist << false << statusName(domain::PaymentStatus::Pending);
        QTest::newRow("close: verified not exist")
            << false << notExist << true << statusName(domain::PaymentStatus::Closed);
        QTest::newRow("close: unverified not exist")
            << false << notExist << false << statusName(domain::PaymentStatus::Pending);
        QTest::newRow("close: verified closed") << false << closed << true << statusName(domain::PaymentStatus::Closed);
        QTest::newRow("close: unverified closed")
            << false << closed << false << statusName(domain::PaymentStatus::Pending);
    }
    void expiryTrustsOnlyCertainAnswers()
    {
        QFETCH(bool, fromQuery);
        QFETCH(int, code);
        QFETCH(bool, definite);
        QFETCH(QString, status);
        PD_TEST_DATABASE(t);
        ServiceRig rig(*t->db());
        const Payment p = rig.charge(100);
        const Error answer { ErrorCode(code), u"scripted"_s, definite };
        if (fromQuery)
            rig.channel.onQuery = [answer](const QString&) -> Result<TradeStatus> {
                return tl::unexpected(answer);
            };
        else
            rig.channel.onClose = [answer](const QString&) -> Status {
                return tl::unexpected(answer);
            };
        rig.clock.advanceSecs(301);
        auto r = rig.sync.runJob(SyncService::kExpirePending);
        QVERIFY(r && r->ran);
        QCOMPARE(r->failed, status == statusName(domain::PaymentStatus::Pending) ? 1 : 0);
        QCOMPARE(statusName(rig.status(p.id)), status);
    }
};

QTEST_GUILESS_MAIN(TestServiceAlipay)
#include "tst_alipay_services.moc"
