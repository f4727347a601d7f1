// SyncService: leases held by one owner at a time, polling, query-then-close at expiry, refund sync, outbox retries.
#include <atomic>
#include <barrier>

#include <QTest>
#include <QThread>

#include "core/domain/StateMachine.h"
#include "core/service/ChannelRegistry.h"
#include "core/service/PaymentService.h"
#include "core/service/RefundService.h"
#include "core/service/SyncService.h"
#include "core/store/JobLeases.h"
#include "tests/support/FakeClock.h"
#include "tests/support/Fixtures.h"
#include "tests/support/ScriptedChannel.h"
#include "tests/support/ServiceRig.h"
#include "tests/support/TestDatabase.h"

using namespace paydesk;
using namespace paydesk::test;
using namespace Qt::StringLiterals;

class TestServiceSync final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void aLeaseHasOneOwnerAtATime()
    {
        PD_TEST_DATABASE(t);
        JobLeases leases(*t->db());
        const qint64 now = 1700000000000;
        QVERIFY(*leases.claim(u"poll_pending"_s, u"a"_s, now, 1000));
        QVERIFY(!*leases.claim(u"poll_pending"_s, u"b"_s, now + 10, 1000));
        QVERIFY(*leases.claim(u"poll_pending"_s, u"a"_s, now + 500, 1000)); // renewal by its owner
        QVERIFY(!*leases.claim(u"poll_pending"_s, u"b"_s, now + 1400, 1000));
        QVERIFY(*leases.claim(u"poll_pending"_s, u"b"_s, now + 1501, 1000)); // a's lease ran out
        QVERIFY(!*leases.claim(u"poll_pending"_s, u"a"_s, now + 1600, 1000));
        QVERIFY(leases.release(u"poll_pending"_s, u"b"_s, now + 1700, u"ok"_s));
        QVERIFY(*leases.claim(u"poll_pending"_s, u"a"_s, now + 1701, 1000));

        // Eight processes race for a fresh job: exactly one wins.
        constexpr int kRacers = 8;
        std::barrier start(kRacers);
        std::atomic<int> winners { 0 };
        std::atomic<int> errors { 0 };
        std::vector<std::unique_ptr<QThread>> threads;
        for (int i = 0; i < kRacers; ++i) {
            threads.emplace_back(QThread::create([&, i] {
                start.arrive_and_wait();
                auto r = leases.claim(u"expire_pending"_s, u"owner-%1"_s.arg(i), now, 60000);
                if (!r)
                    ++errors;
                else if (*r)
                    ++winners;
            }));
            threads.back()->start();
        }
        for (auto& th : threads)
            QVERIFY(th->wait(QDeadlineTimer(60000)));
        QCOMPARE(errors.load(), 0);
        QCOMPARE(winners.load(), 1);
    }

    void aJobHeldElsewhereDoesNotRun()
    {
        PD_TEST_DATABASE(t);
        ServiceRig rig(*t->db());
        QVERIFY(*JobLeases(*t->db()).claim(SyncService::kPollPending, u"node-b"_s, rig.clock.nowMSecs(), 60000));
        rig.charge(100);
        rig.channel.clearCalls();
        auto r = rig.sync.runJob(SyncService::kPollPending);
        QVERIFY(r);
        QVERIFY(!r->ran);
        QCOMPARE(rig.channel.count(u"query"_s), 0);
    }

    void pollAppliesPaidAndWaitsBetweenQueries()
    {
        PD_TEST_DATABASE(t);
        ServiceRig rig(*t->db());
        const Payment p = rig.charge(990);
        auto first = rig.sync.runJob(SyncService::kPollPending);
        QVERIFY(first && first->ran);
        QCOMPARE(rig.channel.count(u"query"_s), 1);
        QCOMPARE(rig.status(p.id), domain::PaymentStatus::Pending);
        QVERIFY(rig.sync.runJob(SyncService::kPollPending)); // not due again yet
        QCOMPARE(rig.channel.count(u"query"_s), 1);
        rig.channel.onQuery = [&](const QString& no) -> Result<TradeStatus> {
            return rig.channel.paid(no, 990);
        };
        rig.clock.advanceSecs(3);
        QVERIFY(rig.sync.runJob(SyncService::kPollPending));
        QCOMPARE(rig.channel.count(u"query"_s), 2);
        QCOMPARE(rig.status(p.id), domain::PaymentStatus::Succeeded);
    }

    void expiryQueriesThenCloses()
    {
        PD_TEST_DATABASE(t);
        ServiceRig rig(*t->db());
        const Payment unpaid = rig.charge(100);
        const Payment paid = rig.charge(200);
        rig.channel.onQuery = [&](const QString& no) -> Result<TradeStatus> {
            if (no == paid.outTradeNo)
                return rig.channel.paid(no, 200);
            TradeStatus s;
            s.outTradeNo = no;
            s.state = TradeState::NotPaid;
            return s;
        };
        rig.channel.clearCalls();
        QVERIFY(rig.sync.runJob(SyncService::kExpirePending)->processed == 0); // not expired yet
        rig.clock.advanceSecs(301);
        auto r = rig.sync.runJob(SyncService::kExpirePending);
        QVERIFY(r && r->ran);
        QCOMPARE(r->failed, 0);
        QCOMPARE(rig.status(unpaid.id), domain::PaymentStatus::Closed);
        QCOMPARE(rig.status(paid.id), domain::PaymentStatus::Succeeded);
        QStringList order;
        for (const auto& c : rig.channel.calls())
            if (c.key == unpaid.outTradeNo)
                order << c.method;
        QCOMPARE(order, (QStringList { u"query"_s, u"close"_s }));
        QCOMPARE(rig.channel.count(u"close"_s), 1); // the paid one was never closed
    }

    void expiryBacksOffWhenTheCloseFails()
    {
        PD_TEST_DATABASE(t);
        ServiceRig rig(*t->db());
        const Payment p = rig.charge(100);
        rig.channel.onClose = [](const QString&) -> Status {
            return fail(ErrorCode::ChannelSystemError);
        };
        rig.clock.advanceSecs(301);
        QCOMPARE(rig.sync.runJob(SyncService::kExpirePending)->failed, 1);
        QCOMPARE(rig.status(p.id), domain::PaymentStatus::Pending);
        QCOMPARE(rig.sync.runJob(SyncService::kExpirePending)->processed, 0); // backing off
        rig.channel.onClose = nullptr;
        rig.clock.advanceSecs(11);
        QCOMPARE(rig.sync.runJob(SyncService::kExpirePending)->failed, 0);
        QCOMPARE(rig.status(p.id), domain::PaymentStatus::Closed);
    }

    void refundSyncAndOutboxRetry()
    {
        PD_TEST_DATABASE(t);
        ServiceRig rig(*t->db());
        const Payment p = rig.charge(1000);
        rig.channel.onQuery = [&](const QString& no) -> Result<TradeStatus> {
            return rig.channel.paid(no, 1000);
        };
        QVERIFY(rig.sync.runJob(SyncService::kPollPending));
        QCOMPARE(rig.status(p.id), domain::PaymentStatus::Succeeded);
        rig.channel.onRefund = [](const RefundRequest&) -> Result<RefundStatus> {
            return fail(ErrorCode::NetworkError, u"reset"_s);
        };
        auto r =
            rig.refunds.request(RefundInput { p.id, Money::fen(250), u"customer_request"_s, {}, {} }, rig.finance());
        QVERIFY(r);
        QCOMPARE(r->status, domain::RefundStatus::Processing);
        rig.channel.onRefund = nullptr;
        QCOMPARE(rig.sync.runJob(SyncService::kOutbox)->processed, 0); // not due yet
        rig.clock.advanceSecs(6);
        // The outbox asks first; only a verified "no such refund" sends it again.
        rig.channel.onQueryRefund = [](const QString&, const QString&) -> Result<RefundStatus> {
            return refusal(ErrorCode::OrderNotExist, u"RESOURCE_NOT_EXISTS"_s);
        };
        QCOMPARE(rig.sync.runJob(SyncService::kOutbox)->processed, 1);
        QCOMPARE(rig.channel.count(u"queryRefund"_s), 1);
        QCOMPARE(rig.channel.count(u"refund"_s), 2);
        QCOMPARE(rig.channel.refundRequests().last().outRefundNo, r->outRefundNo);
        rig.channel.onQueryRefund = [&](const QString& no, const QString& rno) -> Result<RefundStatus> {
            return rig.channel.refundState(
                RefundRequest { no, {}, rno, Money::fen(250), Money::fen(1000), {}, {} }, RefundState::Succeeded);
        };
        QCOMPARE(rig.sync.runJob(SyncService::kSyncRefunds)->processed, 1);
        QCOMPARE(rig.refunds.find(r->id)->status, domain::RefundStatus::Succeeded);
        QCOMPARE(rig.payments.status(p.id, rig.cashier())->status, domain::PaymentStatus::PartiallyRefunded);
        QCOMPARE(rig.payments.status(p.id, rig.cashier())->refundedMinor, qint64(250));
    }

    void outboxClosesAnOrderWhoseCreateTimedOut()
    {
        PD_TEST_DATABASE(t);
        ServiceRig rig(*t->db());
        rig.channel.onCreate = [](const CreateQrRequest&) -> Result<CreateQrResult> {
            return fail(ErrorCode::NetworkTimeout);
        };
        QVERIFY(!rig.payments.create(
            CreatePaymentRequest { ChannelKind::WeChatPay, Money::fen(100), u"Tea"_s, {}, 0, {} }, rig.cashier()));
        QCOMPARE(countRows(*t->db(), u"payments"_s, u"status = 'CREATED'"_s), qint64(1));
        // A close whose own answer is unknown settles nothing: the order stays CREATED and the item comes back.
        rig.channel.onClose = [](const QString&) -> Status {
            return fail(ErrorCode::NetworkTimeout);
        };
        QCOMPARE(rig.sync.runJob(SyncService::kOutbox)->processed, 1);
        QCOMPARE(countRows(*t->db(), u"outbox"_s, u"status = 'pending' AND attempts = 1"_s), qint64(1));
        QCOMPARE(countRows(*t->db(), u"payments"_s, u"status = 'CREATED'"_s), qint64(1));
        rig.channel.onClose = nullptr;
        rig.clock.advanceSecs(6);
        QCOMPARE(rig.sync.runJob(SyncService::kOutbox)->processed, 1);
        QCOMPARE(rig.channel.count(u"query"_s), 2); // asked before each close
        QCOMPARE(rig.channel.count(u"close"_s), 2);
        QCOMPARE(countRows(*t->db(), u"outbox"_s, u"status = 'done'"_s), qint64(1));
        // Closed for certain: now the create's failure is a fact.
        QCOMPARE(
            countRows(*t->db(), u"payments"_s, u"status = 'FAILED' AND failure_code = 'NetworkTimeout'"_s), qint64(1));
    }

    void orderPaidAfterAnUnknownCreateIsBookedNotClosed()
    {
        PD_TEST_DATABASE(t);
        ServiceRig rig(*t->db());
        QString created;
        rig.channel.onCreate = [&](const CreateQrRequest& r) -> Result<CreateQrResult> {
            created = r.outTradeNo;
            return fail(ErrorCode::ResponseSignatureInvalid, u"the channel's key rotated"_s);
        };
        QVERIFY(!rig.payments.create(
            CreatePaymentRequest { ChannelKind::WeChatPay, Money::fen(100), u"Tea"_s, {}, 0, {} }, rig.cashier()));
        rig.channel.onQuery = [&](const QString& no) -> Result<TradeStatus> {
            return rig.channel.paid(no, 100);
        };
        QVERIFY(rig.sync.runJob(SyncService::kOutbox));
        QCOMPARE(rig.channel.count(u"close"_s), 0);
        QCOMPARE(countRows(*t->db(), u"payments"_s, u"status = 'SUCCEEDED'"_s), qint64(1));
        QCOMPARE(countRows(*t->db(), u"events"_s, u"kind = 'outbox.dead'"_s), qint64(1)); // a person looks at it
    }
};

QTEST_GUILESS_MAIN(TestServiceSync)
#include "tst_syncservice.moc"
