// RefundService: roles in the core, reason required, reservation under the row lock (racing refunds never exceed
// the paid amount), one out_refund_no per refund, only a verified refusal releases (unknown is not failed), a
// success for a failed refund is booked with an alert, four-eyes approval above the threshold on the running total
// and past a user's daily cap.
#include <atomic>
#include <barrier>

#include <QTest>
#include <QThread>

#include "core/domain/StateMachine.h"
#include "core/service/ChannelRegistry.h"
#include "core/service/RefundService.h"
#include "core/store/PaymentRepository.h"
#include "core/store/Sql.h"
#include "tests/support/FakeClock.h"
#include "tests/support/Fixtures.h"
#include "tests/support/ScriptedChannel.h"
#include "tests/support/ServiceRig.h"
#include "tests/support/TestDatabase.h"

using namespace paydesk;
using namespace paydesk::test;
using namespace Qt::StringLiterals;

class TestServiceRefund final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void rolesAndReasonAreCheckedInTheCore()
    {
        PD_TEST_DATABASE(t);
        ServiceRig rig(*t->db());
        const Payment p = rig.paid(1000);
        auto byCashier = rig.refunds.request(rig.refundInput(p, 100), rig.cashier());
        QVERIFY(!byCashier);
        QCOMPARE(byCashier.error().code, ErrorCode::PermissionDenied);
        RefundInput noReason = rig.refundInput(p, 100);
        noReason.reasonCode = u"  "_s;
        QCOMPARE(rig.refunds.request(noReason, rig.finance()).error().code, ErrorCode::ReasonRequired);
        // A zero amount is an invalid amount, not a balance question.
        QCOMPARE(rig.refunds.request(rig.refundInput(p, 0), rig.finance()).error().code, ErrorCode::InvalidAmount);
        QCOMPARE(countRows(*t->db(), u"refunds"_s), qint64(0));
        QCOMPARE(rig.payment(p.id).reservedMinor, qint64(0));
        QCOMPARE(rig.channel.count(u"refund"_s), 0);
    }

    void partialThenSecondRefundThenOverRefundRefused()
    {
        PD_TEST_DATABASE(t);
        ServiceRig rig(*t->db());
        rig.channel.onRefund = [&](const RefundRequest& r) -> Result<RefundStatus> {
            return rig.channel.refundState(r, RefundState::Succeeded);
        };
        const Payment p = rig.paid(1000);
        auto first = rig.refunds.request(rig.refundInput(p, 300), rig.finance());
        QVERIFY2(first, first ? "" : qPrintable(first.error().detail));
        QCOMPARE(first->status, domain::RefundStatus::Succeeded);
        QCOMPARE(rig.payment(p.id).status, domain::PaymentStatus::PartiallyRefunded);
        QCOMPARE(rig.payment(p.id).refundedMinor, qint64(300));
        QCOMPARE(rig.payment(p.id).reservedMinor, qint64(0));
        auto over = rig.refunds.request(rig.refundInput(p, 701), rig.manager());
        QVERIFY(!over);
        QCOMPARE(over.error().code, ErrorCode::RefundExceedsBalance);
        auto rest = rig.refunds.request(rig.refundInput(p, 700), rig.manager());
        QVERIFY(rest);
        QCOMPARE(rest->status, domain::RefundStatus::Succeeded);
        QCOMPARE(rig.payment(p.id).status, domain::PaymentStatus::Refunded);
        QCOMPARE(rig.payment(p.id).refundedMinor, qint64(1000));
        QCOMPARE(rig.refunds.request(rig.refundInput(p, 1), rig.finance()).error().code, ErrorCode::IllegalTransition);
        QCOMPARE(rig.channel.count(u"refund"_s), 2);
        QCOMPARE(countRows(*t->db(), u"audit_log"_s, u"action = 'refund.request'"_s), qint64(2));
        QCOMPARE(countRows(*t->db(), u"audit_log"_s, u"action = 'refund.succeeded'"_s), qint64(2));
    }

    void sameRequestKeyIsIdempotentAndOutRefundNoIsReused()
    {
        PD_TEST_DATABASE(t);
        ServiceRig rig(*t->db());
        const Payment p = rig.paid(1000);
        int calls = 0;
        rig.channel.onRefund = [&](const RefundRequest&) -> Result<RefundStatus> {
            ++calls;
            return fail(ErrorCode::NetworkTimeout, u"no answer"_s);
        };
        auto r = rig.refunds.request(rig.refundInput(p, 200, u"rk-1"_s), rig.finance());
        QVERIFY(r);
        QCOMPARE(r->status, domain::RefundStatus::Processing); // retry queued
        QCOMPARE(countRows(*t->db(), u"outbox"_s, u"kind = 'refund.submit' AND status = 'pending' AND attempts = 1"_s),
            qint64(1));
        auto same = rig.refunds.request(rig.refundInput(p, 200, u"rk-1"_s), rig.finance());
        QVERIFY(same);
        QCOMPARE(same->id, r->id);
        QCOMPARE(rig.refunds.request(rig.refundInput(p, 201, u"rk-1"_s), rig.finance()).error().code,
            ErrorCode::IdempotencyConflict);
        QCOMPARE(rig.payment(p.id).reservedMinor, qint64(200));
        rig.channel.onRefund = nullptr;
        rig.channel.onQueryRefund = [](const QString&, const QString&) -> Result<RefundStatus> {
            return refusal(ErrorCode::OrderNotExist, u"RESOURCE_NOT_EXISTS"_s);
        };
        QVERIFY(rig.refunds.submit(r->id, u"system:test"_s));
        const auto sent = rig.channel.refundRequests();
        QCOMPARE(sent.size(), 2);
        QCOMPARE(sent[0].outRefundNo, r->outRefundNo);
        QCOMPARE(sent[1].outRefundNo, r->outRefundNo);
        QCOMPARE(sent[1].total.minorUnits(), qint64(1000));
        QCOMPARE(countRows(*t->db(), u"outbox"_s, u"status = 'done'"_s), qint64(1));
    }

    void failureReleasesTheReservation()
    {
        PD_TEST_DATABASE(t);
        ServiceRig rig(*t->db());
        const Payment p = rig.paid(1000);
        rig.channel.onRefund = [](const RefundRequest&) -> Result<RefundStatus> {
            return refusal(ErrorCode::NotEnoughBalance, u"merchant balance"_s); // verified NOT_ENOUGH
        };
        auto r = rig.refunds.request(rig.refundInput(p, 400), rig.finance());
        QVERIFY(r);
        QCOMPARE(r->status, domain::RefundStatus::Failed);
        QCOMPARE(r->failureCode, u"NotEnoughBalance"_s);
        QCOMPARE(rig.payment(p.id).reservedMinor, qint64(0));
        QCOMPARE(rig.payment(p.id).status, domain::PaymentStatus::Succeeded);
        // The channel later closing an accepted refund releases as well.
        rig.channel.onRefund = nullptr;
        auto second = rig.refunds.request(rig.refundInput(p, 400), rig.finance());
        QVERIFY(second);
        QCOMPARE(rig.payment(p.id).reservedMinor, qint64(400));
        rig.channel.onQueryRefund = [&](const QString& no, const QString& rno) -> Result<RefundStatus> {
            RefundRequest req { no, {}, rno, Money::fen(400), Money::fen(1000), {}, {} };
            return rig.channel.refundState(req, RefundState::Closed);
        };
        auto synced = rig.refunds.syncWithChannel(second->id, u"system:sync"_s);
        QVERIFY(synced);
        QCOMPARE(synced->status, domain::RefundStatus::Failed);
        QCOMPARE(rig.payment(p.id).reservedMinor, qint64(0));
        QCOMPARE(rig.payment(p.id).refundedMinor, qint64(0));
    }

    void racingRefundsForTheLastYuan()
    {
        PD_TEST_DATABASE(t);
        ServiceRig rig(*t->db());
        constexpr int kRounds = 20;
        for (int round = 0; round < kRounds; ++round) {
            const Payment p = rig.paid(500);
            // 4 yuan already refunded: one yuan is left and two requests race for it.
            (void)sql::exec(*t->db()->connection(),
                u"UPDATE payments SET refunded_minor = 400, status = 'PARTIALLY_REFUNDED' WHERE id = :id"_s,
                { { u":id"_s, p.id } });
            std::barrier start(2);
            std::atomic<int> accepted { 0 };
            std::atomic<int> refused { 0 };
            std::atomic<int> other { 0 };
            const auto racer = [&](const Actor& who) {
                start.arrive_and_wait();
                auto r = rig.refunds.request(rig.refundInput(p, 100), who);
                if (r)
                    ++accepted;
                else if (r.error().code == ErrorCode::RefundExceedsBalance)
                    ++refused;
                else {
                    ++other;
                    qWarning("%s", qPrintable(r.error().detail));
                }
            };
            std::unique_ptr<QThread> a(QThread::create(racer, rig.finance()));
            std::unique_ptr<QThread> b(QThread::create(racer, rig.manager()));
            a->start();
            b->start();
            QVERIFY(a->wait(QDeadlineTimer(60000)));
            QVERIFY(b->wait(QDeadlineTimer(60000)));
            QCOMPARE(other.load(), 0);
            QCOMPARE(accepted.load(), 1);
            QCOMPARE(refused.load(), 1);
            const Payment after = rig.payment(p.id);
            QVERIFY(after.refundedMinor + after.reservedMinor <= after.amount.minorUnits());
            QCOMPARE(after.reservedMinor, qint64(100));
            QCOMPARE(countRows(*t->db(), u"refunds"_s, u"payment_id = %1"_s.arg(p.id)), qint64(1));
        }
    }

    void aboveThresholdNeedsAnotherManager()
    {
        PD_TEST_DATABASE(t);
        ServiceRig rig(*t->db(), { .approvalThresholdMinor = 1000 });
        const Payment p = rig.paid(5000);
        auto r = rig.refunds.request(rig.refundInput(p, 1001), rig.manager());
        QVERIFY(r);
        QCOMPARE(r->status, domain::RefundStatus::AwaitingApproval);
        QCOMPARE(rig.payment(p.id).reservedMinor, qint64(1001));
        QCOMPARE(rig.channel.count(u"refund"_s), 0);
        auto self = rig.refunds.approve(r->id, rig.manager());
        QVERIFY(!self);
        QCOMPARE(self.error().code, ErrorCode::PermissionDenied);
        QCOMPARE(rig.refunds.approve(r->id, rig.finance()).error().code, ErrorCode::PermissionDenied);
        auto approved = rig.refunds.approve(r->id, rig.manager2());
        QVERIFY2(approved, approved ? "" : qPrintable(approved.error().detail));
        QCOMPARE(approved->status, domain::RefundStatus::Processing);
        QCOMPARE(approved->approvedBy, rig.manager2().userId);
        QCOMPARE(rig.channel.count(u"refund"_s), 1);
        // At or below the threshold goes straight through; a rejection releases.
        const Payment other = rig.paid(5000);
        auto small = rig.refunds.request(rig.refundInput(other, 1000), rig.finance());
        QCOMPARE(small->status, domain::RefundStatus::Processing);
        auto big = rig.refunds.request(rig.refundInput(p, 2000), rig.finance());
        QCOMPARE(big->status, domain::RefundStatus::AwaitingApproval);
        auto rejected = rig.refunds.reject(big->id, u"not justified"_s, rig.manager());
        QVERIFY(rejected);
        QCOMPARE(rejected->status, domain::RefundStatus::Failed);
        QCOMPARE(rejected->failureCode, u"REJECTED"_s);
        QCOMPARE(rig.payment(p.id).reservedMinor, qint64(1001));
    }

    void thresholdAppliesToThePaymentsRunningTotal()
    {
        PD_TEST_DATABASE(t);
        ServiceRig rig(*t->db(), { .approvalThresholdMinor = 1000 });
        const Payment p = rig.paid(5000);
        // Three refunds just under the threshold are one refund above it: the third waits for a second person.
        QCOMPARE(rig.refunds.request(rig.refundInput(p, 400), rig.finance())->status, domain::RefundStatus::Processing);
        QCOMPARE(rig.refunds.request(rig.refundInput(p, 400), rig.finance())->status, domain::RefundStatus::Processing);
        QCOMPARE(rig.refunds.request(rig.refundInput(p, 400), rig.finance())->status,
            domain::RefundStatus::AwaitingApproval);
        QCOMPARE(rig.channel.count(u"refund"_s), 2);
    }

    void dailyCapPerUserNeedsApproval()
    {
        PD_TEST_DATABASE(t);
        ServiceRig rig(*t->db(), { .approvalThresholdMinor = 100000, .dailyCapPerUserMinor = 1000 });
        const Payment a = rig.paid(900);
        const Payment b = rig.paid(900);
        const Payment c = rig.paid(900);
        QCOMPARE(rig.refunds.request(rig.refundInput(a, 600), rig.finance())->status, domain::RefundStatus::Processing);
        // The same user's 600 more today passes the cap of 1000, on another payment too.
        QCOMPARE(rig.refunds.request(rig.refundInput(b, 600), rig.finance())->status,
            domain::RefundStatus::AwaitingApproval);
        // Another user has a cap of their own.
        QCOMPARE(rig.refunds.request(rig.refundInput(c, 600), rig.manager())->status, domain::RefundStatus::Processing);
        // A new China-time day starts a new total.
        rig.clock.advanceSecs(24 * 3600);
        QCOMPARE(rig.refunds.request(rig.refundInput(c, 200), rig.finance())->status, domain::RefundStatus::Processing);
    }

    void unknownOutcomeNeverReleasesTheReservation_data()
    {
        QTest::addColumn<int>("code");
        // Each of these can happen after the channel accepted the refund (money on its way to the buyer).
        QTest::newRow("response signature") << int(ErrorCode::ResponseSignatureInvalid);
        QTest::newRow("unknown serial (key rotated)") << int(ErrorCode::UnknownSerial);
        QTest::newRow("stale timestamp") << int(ErrorCode::TimestampStale);
        QTest::newRow("malformed answer") << int(ErrorCode::MalformedInput);
        QTest::newRow("amount mismatch in answer") << int(ErrorCode::AmountMismatch);
        QTest::newRow("body too large") << int(ErrorCode::BodyTooLarge);
        QTest::newRow("unverified NOT_ENOUGH") << int(ErrorCode::NotEnoughBalance);
        QTest::newRow("unverified PARAM_ERROR") << int(ErrorCode::ChannelRejected);
        QTest::newRow("system error") << int(ErrorCode::ChannelSystemError);
        QTest::newRow("timeout") << int(ErrorCode::NetworkTimeout);
    }

    void unknownOutcomeNeverReleasesTheReservation()
    {
        QFETCH(int, code);
        PD_TEST_DATABASE(t);
        ServiceRig rig(*t->db());
        const Payment p = rig.paid(1000);
        rig.channel.onRefund = [code](const RefundRequest&) -> Result<RefundStatus> {
            return fail(ErrorCode(code), u"answer not trustworthy"_s);
        };
        auto r = rig.refunds.request(rig.refundInput(p, 400), rig.finance());
        QVERIFY(r);
        QCOMPARE(r->status, domain::RefundStatus::Processing);
        QCOMPARE(rig.payment(p.id).reservedMinor, qint64(400));
        QCOMPARE(countRows(*t->db(), u"outbox"_s, u"kind = 'refund.submit' AND status = 'pending' AND attempts = 1"_s),
            qint64(1));
        // The balance is not free: a second refund of the same money is refused.
        QCOMPARE(
            rig.refunds.request(rig.refundInput(p, 700), rig.finance()).error().code, ErrorCode::RefundExceedsBalance);
        // The outbox asks the channel: it has the refund, and it succeeded. No second submission.
        rig.channel.onQueryRefund = [&](const QString& no, const QString& rno) -> Result<RefundStatus> {
            return rig.channel.refundState(
                RefundRequest { no, {}, rno, Money::fen(400), Money::fen(1000), {}, {} }, RefundState::Succeeded);
        };
        auto settled = rig.refunds.submit(r->id, u"system:outbox"_s);
        QVERIFY2(settled, settled ? "" : qPrintable(settled.error().detail));
        QCOMPARE(settled->status, domain::RefundStatus::Succeeded);
        QCOMPARE(rig.channel.count(u"refund"_s), 1);
        QCOMPARE(rig.payment(p.id).refundedMinor, qint64(400));
        QCOMPARE(rig.payment(p.id).reservedMinor, qint64(0));
    }

    void unknownQueryAnswerSendsNothing()
    {
        PD_TEST_DATABASE(t);
        ServiceRig rig(*t->db());
        const Payment p = rig.paid(1000);
        rig.channel.onRefund = [](const RefundRequest&) -> Result<RefundStatus> {
            return fail(ErrorCode::NetworkTimeout, u"no answer"_s);
        };
        auto r = rig.refunds.request(rig.refundInput(p, 400), rig.finance());
        QVERIFY(r);
        rig.channel.onRefund = nullptr;
        // "No such refund" without a verified signature is no proof: nothing is sent again, nothing released.
        rig.channel.onQueryRefund = [](const QString&, const QString&) -> Result<RefundStatus> {
            return fail(ErrorCode::OrderNotExist, u"RESOURCE_NOT_EXISTS, signature not verified"_s);
        };
        auto again = rig.refunds.submit(r->id, u"system:outbox"_s);
        QVERIFY(!again);
        QCOMPARE(rig.channel.count(u"refund"_s), 1);
        QCOMPARE(rig.refunds.find(r->id)->status, domain::RefundStatus::Processing);
        QCOMPARE(rig.payment(p.id).reservedMinor, qint64(400));
        QCOMPARE(countRows(*t->db(), u"outbox"_s, u"status = 'pending' AND attempts = 2"_s), qint64(1));
    }

    void channelSuccessForAFailedRefundIsBookedWithAnAlert()
    {
        PD_TEST_DATABASE(t);
        ServiceRig rig(*t->db());
        const Payment p = rig.paid(1000);
        rig.channel.onRefund = [](const RefundRequest&) -> Result<RefundStatus> {
            return refusal(ErrorCode::NotEnoughBalance, u"NOT_ENOUGH"_s);
        };
        auto r = rig.refunds.request(rig.refundInput(p, 400), rig.finance());
        QCOMPARE(r->status, domain::RefundStatus::Failed);
        // Whatever the reason, the channel later says the money went out: that fact is never dropped.
        const RefundStatus fact = rig.channel.refundState(
            RefundRequest { p.outTradeNo, {}, r->outRefundNo, Money::fen(400), Money::fen(1000), {}, {} },
            RefundState::Succeeded);
        auto applied = rig.applier.applyRefund(ChannelKind::WeChatPay, fact, u"notify"_s, u"system:notify"_s);
        QVERIFY2(applied, applied ? "" : qPrintable(applied.error().detail));
        QVERIFY(applied->alert);
        QCOMPARE(rig.refunds.find(r->id)->status, domain::RefundStatus::Succeeded);
        QCOMPARE(rig.refunds.find(r->id)->failureCode, u"NotEnoughBalance"_s); // kept as the marker
        QCOMPARE(rig.payment(p.id).refundedMinor, qint64(400));
        QCOMPARE(rig.payment(p.id).status, domain::PaymentStatus::PartiallyRefunded);
        QCOMPARE(countRows(*t->db(), u"events"_s, u"kind = 'refund.succeeded_after_failure'"_s), qint64(1));
        QCOMPARE(countRows(*t->db(), u"audit_log"_s, u"action = 'refund.succeeded_after_failure'"_s), qint64(1));
        // The duplicate of that notification changes nothing.
        auto again = rig.applier.applyRefund(ChannelKind::WeChatPay, fact, u"notify"_s, u"system:notify"_s);
        QVERIFY(again);
        QVERIFY(!again->changed);
        QCOMPARE(rig.payment(p.id).refundedMinor, qint64(400));
    }

    void racingRequestsWithOneKeyGetOneRefund()
    {
        PD_TEST_DATABASE(t);
        ServiceRig rig(*t->db());
        for (int round = 0; round < 10; ++round) {
            const Payment p = rig.paid(1000);
            const QString key = u"race-%1"_s.arg(round);
            std::barrier start(2);
            std::atomic<qint64> ids[2] = { 0, 0 };
            std::atomic<int> errors { 0 };
            const auto racer = [&](int i, const Actor& who) {
                start.arrive_and_wait();
                auto r = rig.refunds.request(rig.refundInput(p, 300, key), who);
                if (r)
                    ids[i] = r->id;
                else
                    ++errors;
            };
            std::unique_ptr<QThread> a(QThread::create(racer, 0, rig.finance()));
            std::unique_ptr<QThread> b(QThread::create(racer, 1, rig.manager()));
            a->start();
            b->start();
            QVERIFY(a->wait(QDeadlineTimer(60000)));
            QVERIFY(b->wait(QDeadlineTimer(60000)));
            QCOMPARE(errors.load(), 0);
            QCOMPARE(ids[0].load(), ids[1].load());
            QCOMPARE(countRows(*t->db(), u"refunds"_s, u"payment_id = %1"_s.arg(p.id)), qint64(1));
            QCOMPARE(rig.channel.count(u"refund"_s), round + 1); // one submission per key
            QCOMPARE(rig.payment(p.id).reservedMinor + rig.payment(p.id).refundedMinor, qint64(300));
        }
    }
};

QTEST_GUILESS_MAIN(TestServiceRefund)
#include "tst_refundservice.moc"
