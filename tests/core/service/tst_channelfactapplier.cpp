// ChannelFactApplier: the one apply path. Exactly one transition under concurrency, exact cross-checks, no-ops for
// duplicates and stale facts, and paid-after-close recovery, on both engines.
#include <atomic>
#include <barrier>
#include <memory>

#include <QTest>
#include <QThread>

#include "core/domain/StateMachine.h"
#include "core/service/ChannelFactApplier.h"
#include "core/store/PaymentRepository.h"
#include "core/store/Sql.h"
#include "tests/support/FakeClock.h"
#include "tests/support/Fixtures.h"
#include "tests/support/ScriptedChannel.h"
#include "tests/support/TestDatabase.h"

using namespace paydesk;
using namespace paydesk::test;
using namespace Qt::StringLiterals;

namespace {

/// A pending payment as PaymentService would leave it, with our merchant and app ids.
Payment pendingPayment(const Database& db,
    const ScriptedChannel& channel,
    qint64 amount,
    domain::PaymentStatus status = domain::PaymentStatus::Pending)
{
    const qint64 id = insertPayment(db, status, amount);
    auto conn = db.connection();
    auto q = sql::exec(*conn,
        u"UPDATE payments SET merchant_id = :m, app_id = :a, expires_at = :e WHERE id = :id"_s,
        { { u":m"_s, channel.merchantId() },
            { u":a"_s, channel.appId() },
            { u":e"_s, qint64(1700000300000) },
            { u":id"_s, id } });
    if (!q)
        qFatal("%s", qPrintable(q.error().detail));
    return *PaymentRepository(db).find(id);
}

domain::PaymentStatus statusOf(const Database& db, qint64 id)
{
    return PaymentRepository(db).find(id)->status;
}

} // namespace

class TestServiceApply final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void paidMovesPendingToSucceededOnce()
    {
        PD_TEST_DATABASE(t);
        const Database& db = *t->db();
        FakeClock clock;
        ScriptedChannel channel;
        ChannelFactApplier applier(db, clock);
        const Payment p = pendingPayment(db, channel, 1000);
        auto first = applier.applyTrade(
            ChannelKind::WeChatPay, channel.paid(p.outTradeNo, 1000, u"4200TX1"_s), u"poll"_s, u"system:test"_s);
        QVERIFY2(first, first ? "" : qPrintable(first.error().detail));
        QVERIFY(first->changed);
        QCOMPARE(first->after, domain::PaymentStatus::Succeeded);
        const Payment after = *PaymentRepository(db).find(p.id);
        QCOMPARE(after.channelTxnId, u"4200TX1"_s);
        QCOMPARE(after.paidAtMs, qint64(1700000001000));
        auto again = applier.applyTrade(
            ChannelKind::WeChatPay, channel.paid(p.outTradeNo, 1000, u"4200TX1"_s), u"poll"_s, u"system:test"_s);
        QVERIFY(again);
        QVERIFY(!again->changed);
        // A stale NotPaid after the success changes nothing either.
        TradeStatus stale = channel.paid(p.outTradeNo, 1000);
        stale.state = TradeState::NotPaid;
        QVERIFY(!applier.applyTrade(ChannelKind::WeChatPay, stale, u"poll"_s, u"system:test"_s)->changed);
        QCOMPARE(countRows(db, u"state_history"_s, u"entity_id = %1"_s.arg(p.id)), qint64(1));
        QCOMPARE(countRows(db, u"audit_log"_s, u"action = 'payment.paid'"_s), qint64(1));
    }

    void tenConcurrentApplicationsMakeOneTransition()
    {
        PD_TEST_DATABASE(t);
        const Database& db = *t->db();
        FakeClock clock;
        ScriptedChannel channel;
        ChannelFactApplier applier(db, clock);
        constexpr int kThreads = 10;
        constexpr int kRounds = 5;
        for (int round = 0; round < kRounds; ++round) {
            const Payment p = pendingPayment(db, channel, 2500);
            const TradeStatus fact = channel.paid(p.outTradeNo, 2500, u"TX%1"_s.arg(p.id));
            std::barrier start(kThreads);
            std::atomic<int> changed { 0 };
            std::atomic<int> errors { 0 };
            std::vector<std::unique_ptr<QThread>> threads;
            for (int i = 0; i < kThreads; ++i) {
                threads.emplace_back(QThread::create([&] {
                    start.arrive_and_wait();
                    auto r = applier.applyTrade(ChannelKind::WeChatPay, fact, u"channel.notification"_s, u"system:t"_s);
                    if (!r) {
                        ++errors;
                        qWarning("apply failed: %s", qPrintable(r.error().detail));
                    } else if (r->changed) {
                        ++changed;
                    }
                }));
                threads.back()->start();
            }
            for (auto& th : threads)
                QVERIFY(th->wait(QDeadlineTimer(60000)));
            QCOMPARE(errors.load(), 0);
            QCOMPARE(changed.load(), 1);
            QCOMPARE(statusOf(db, p.id), domain::PaymentStatus::Succeeded);
            QCOMPARE(countRows(db, u"state_history"_s, u"entity_type = 'payment' AND entity_id = %1"_s.arg(p.id)),
                qint64(1));
            QCOMPARE(countRows(db, u"events"_s, u"entity_type = 'payment' AND entity_id = %1"_s.arg(p.id)), qint64(1));
            QCOMPARE(
                countRows(db, u"audit_log"_s, u"entity_type = 'payment' AND entity_id = '%1'"_s.arg(p.id)), qint64(1));
        }
    }

    void amountOffByOneFenIsRefused()
    {
        PD_TEST_DATABASE(t);
        const Database& db = *t->db();
        FakeClock clock;
        ScriptedChannel channel;
        ChannelFactApplier applier(db, clock);
        const Payment p = pendingPayment(db, channel, 1000);
        for (qint64 off : { qint64(999), qint64(1001) }) {
            auto r = applier.applyTrade(ChannelKind::WeChatPay, channel.paid(p.outTradeNo, off), u"poll"_s, u"t"_s);
            QVERIFY(!r);
            QCOMPARE(r.error().code, ErrorCode::AmountMismatch);
        }
        TradeStatus noAmount = channel.paid(p.outTradeNo, 1000);
        noAmount.total.reset();
        QCOMPARE(applier.applyTrade(ChannelKind::WeChatPay, noAmount, u"poll"_s, u"t"_s).error().code,
            ErrorCode::AmountMismatch);
        QCOMPARE(statusOf(db, p.id), domain::PaymentStatus::Pending);
        QCOMPARE(countRows(db, u"state_history"_s), qint64(0));
        QCOMPARE(countRows(db, u"events"_s), qint64(0));
        QCOMPARE(countRows(db, u"audit_log"_s), qint64(0));
    }

    void otherMerchantAppOrChannelIsRefused()
    {
        PD_TEST_DATABASE(t);
        const Database& db = *t->db();
        FakeClock clock;
        ScriptedChannel channel;
        ChannelFactApplier applier(db, clock);
        const Payment p = pendingPayment(db, channel, 1000);
        TradeStatus other = channel.paid(p.outTradeNo, 1000);
        other.merchantId = u"1900000999"_s;
        QCOMPARE(applier.applyTrade(ChannelKind::WeChatPay, other, u"poll"_s, u"t"_s).error().code,
            ErrorCode::MerchantMismatch);
        TradeStatus otherApp = channel.paid(p.outTradeNo, 1000);
        otherApp.appId = u"wx_someone_else"_s;
        QCOMPARE(applier.applyTrade(ChannelKind::WeChatPay, otherApp, u"poll"_s, u"t"_s).error().code,
            ErrorCode::MerchantMismatch);
        QCOMPARE(
            applier.applyTrade(ChannelKind::Alipay, channel.paid(p.outTradeNo, 1000), u"poll"_s, u"t"_s).error().code,
            ErrorCode::MerchantMismatch);
        QCOMPARE(statusOf(db, p.id), domain::PaymentStatus::Pending);
        QCOMPARE(countRows(db, u"state_history"_s), qint64(0));
    }

    void unknownOrderIsNotFound()
    {
        PD_TEST_DATABASE(t);
        FakeClock clock;
        ScriptedChannel channel;
        ChannelFactApplier applier(*t->db(), clock);
        auto r =
            applier.applyTrade(ChannelKind::WeChatPay, channel.paid(u"PD_NO_SUCH_ORDER"_s, 1000), u"poll"_s, u"t"_s);
        QVERIFY(!r);
        QCOMPARE(r.error().code, ErrorCode::NotFound);
    }

    void successAfterCloseRaisesAnAlert()
    {
        PD_TEST_DATABASE(t);
        const Database& db = *t->db();
        FakeClock clock;
        ScriptedChannel channel;
        ChannelFactApplier applier(db, clock);
        const Payment p = pendingPayment(db, channel, 700);
        TradeStatus closed = channel.paid(p.outTradeNo, 700);
        closed.state = TradeState::Closed;
        closed.total.reset();
        auto c = applier.applyTrade(ChannelKind::WeChatPay, closed, u"expiry.close"_s, u"system:expiry"_s);
        QVERIFY(c && c->changed);
        QCOMPARE(statusOf(db, p.id), domain::PaymentStatus::Closed);
        auto late = applier.applyTrade(ChannelKind::WeChatPay,
            channel.paid(p.outTradeNo, 700, u"TXLATE"_s),
            u"channel.notification"_s,
            u"system:notify"_s);
        QVERIFY(late);
        QVERIFY(late->changed);
        QVERIFY(late->alert);
        QCOMPARE(statusOf(db, p.id), domain::PaymentStatus::PaidAfterClose);
        QCOMPARE(PaymentRepository(db).find(p.id)->channelTxnId, u"TXLATE"_s);
        QCOMPARE(countRows(db, u"events"_s, u"kind = 'payment.paid_after_close'"_s), qint64(1));
        // Its repeat is a no-op and raises no second alert.
        QVERIFY(
            !applier
                 .applyTrade(ChannelKind::WeChatPay, channel.paid(p.outTradeNo, 700, u"TXLATE"_s), u"poll"_s, u"t"_s)
                 ->changed);
        QCOMPARE(countRows(db, u"events"_s, u"kind = 'payment.paid_after_close'"_s), qint64(1));
    }

    void closedForPendingClosesAndPaidForCreatedPassesThroughPending()
    {
        PD_TEST_DATABASE(t);
        const Database& db = *t->db();
        FakeClock clock;
        ScriptedChannel channel;
        ChannelFactApplier applier(db, clock);
        const Payment created = pendingPayment(db, channel, 100, domain::PaymentStatus::Created);
        auto r = applier.applyTrade(
            ChannelKind::WeChatPay, channel.paid(created.outTradeNo, 100, u"TXC"_s), u"poll"_s, u"t"_s);
        QVERIFY2(r, r ? "" : qPrintable(r.error().detail));
        QCOMPARE(statusOf(db, created.id), domain::PaymentStatus::Succeeded);
        QCOMPARE(countRows(db, u"state_history"_s, u"entity_id = %1"_s.arg(created.id)), qint64(2));
        const Payment failed = pendingPayment(db, channel, 100, domain::PaymentStatus::Failed);
        auto f = applier.applyTrade(
            ChannelKind::WeChatPay, channel.paid(failed.outTradeNo, 100, u"TXF"_s), u"poll"_s, u"t"_s);
        QVERIFY(!f);
        QCOMPARE(f.error().code, ErrorCode::IllegalTransition);
    }
};

QTEST_GUILESS_MAIN(TestServiceApply)
#include "tst_channelfactapplier.moc"
