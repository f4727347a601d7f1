// Saving channel settings reloads the channels while they are in use: the console's in-process notification server
// (its HTTP workers and the group writer), cashier polling, refunds and the sync jobs all keep talking to them. The
// console runs in training mode, so every call is real HTTP on loopback to the in-process simulator, and every
// notification is real HTTP back to the console's own server. Run under AddressSanitizer, this catches a channel
// destroyed while a call was still on it.
#include <algorithm>
#include <atomic>
#include <memory>

#include <QMutex>
#include <QScopeGuard>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include "app/paydesk/ConsoleServices.h"
#include "core/crypto/Random.h"
#include "core/crypto/SecretBox.h"
#include "core/domain/StateMachine.h"
#include "core/service/PaymentService.h"
#include "core/service/RefundService.h"
#include "core/service/SyncService.h"
#include "core/sim/SimServer.h"
#include "core/store/UserRepository.h"
#include "tests/support/FakeClock.h"
#include "tests/support/Fixtures.h"
#include "tests/support/TestDatabase.h"

using namespace paydesk;
using namespace paydesk::test;
using namespace paydesk::ui;
using namespace Qt::StringLiterals;

namespace {

constexpr int kWorkers = 3;
constexpr int kPaymentsPerWorker = 4;
constexpr int kReloads = 50;
constexpr qint64 kRefundMinor = 1;

/// What the worker threads share with the test's (main) thread.
struct Shared
{
    std::atomic<qint64> calls { 0 }; ///< service calls finished, each of which used a channel
    std::atomic<bool> reloadsDone { false };
    std::atomic<bool> abandon { false }; ///< the test failed: stop now
    std::atomic<int> finished { 0 };
    QMutex mutex;
    QStringList errors;
    QList<qint64> paymentIds;

    void error(const QString& what, const Error& e)
    {
        QMutexLocker lock(&mutex);
        errors << what + u": "_s + errorCodeName(e.code) + u" "_s + e.detail;
    }
};

/// One cashier-and-finance thread: charges, polls each payment as the cashier screen does until it is paid (the
/// customer pays on the simulator, on the main thread), refunds a fen of it and follows the refund until it is
/// done. It keeps asking the channel until the test has finished reloading, so every reload meets calls in flight.
void work(app::ConsoleServices& services, const Actor& actor, QObject* payer, int worker, Shared& shared)
{
    struct Order
    {
        qint64 id = 0;
        bool paid = false;
        qint64 refundId = 0;
        bool refunded = false;
    };
    QList<Order> orders;
    for (int i = 0; i < kPaymentsPerWorker; ++i) {
        CreatePaymentRequest request;
        request.channel = (worker + i) % 2 ? ChannelKind::Alipay : ChannelKind::WeChatPay;
        request.amount = Money::fen(1000 + 100 * worker + i);
        request.description = u"reload test"_s;
        request.idempotencyKey = u"reload-%1-%2"_s.arg(worker).arg(i);
        request.terminal = u"T%1"_s.arg(worker);
        auto created = services.payments().create(request, actor);
        shared.calls.fetch_add(1);
        if (!created) {
            shared.error(u"create"_s, created.error());
            continue;
        }
        orders.append(Order { created->id });
        {
            QMutexLocker lock(&shared.mutex);
            shared.paymentIds << created->id;
        }
        // The customer scans and pays: the simulator lives on the main thread.
        QMetaObject::invokeMethod(
            payer,
            [&services, &shared, no = created->outTradeNo] {
                if (auto paid = services.simulator()->pay(no); !paid)
                    shared.error(u"pay "_s + no, paid.error());
            },
            Qt::QueuedConnection);
    }
    bool done = false;
    while (!shared.abandon.load() && !(done && shared.reloadsDone.load())) {
        done = true;
        for (Order& o : orders) {
            if (!o.paid) {
                auto p = services.payments().syncWithChannel(o.id, actor, u"cashier.poll"_s);
                if (!p)
                    shared.error(u"poll"_s, p.error());
                else
                    o.paid = p->status != domain::PaymentStatus::Pending;
            } else if (!o.refundId) {
                RefundInput input {
                    o.id, Money::fen(kRefundMinor), u"customer_request"_s, {}, u"reload-refund-%1"_s.arg(o.id)
                };
                auto r = services.refunds().request(input, actor);
                if (!r) {
                    shared.error(u"refund"_s, r.error());
                    o.refundId = -1;
                } else {
                    o.refundId = r->id;
                }
            } else if (o.refundId > 0) {
                // Once done, asked again: an answer that changes nothing, but a call on the channel all the same.
                auto r = services.refunds().syncWithChannel(o.refundId, actor.username);
                if (!r)
                    shared.error(u"refund sync"_s, r.error());
                else
                    o.refunded = r->status == domain::RefundStatus::Succeeded;
            }
            shared.calls.fetch_add(1);
            done = done && (o.refunded || o.refundId < 0);
        }
        // The background job's path to the channels (a standalone console runs it on a timer).
        if (auto polled = services.sync().pollPending(); !polled)
            shared.error(u"pollPending"_s, polled.error());
        else if (polled->failed > 0)
            shared.error(u"pollPending"_s, Error { ErrorCode::Internal, u"%1 failed"_s.arg(polled->failed) });
    }
    shared.finished.fetch_add(1);
}

} // namespace

class TestChannelReload final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void reloadWhileNotificationsPollsAndRefundsRun()
    {
        QStandardPaths::setTestModeEnabled(true);
        PD_TEST_DATABASE(t);
        QTemporaryDir simDir;
        FakeClock clock(QDateTime::currentMSecsSinceEpoch());
        app::ConsoleServices::Options options;
        options.training = true;
        options.simStateDir = simDir.path();
        options.runJobs = false; // the workers run the job's code themselves, at a pace the test controls
        app::ConsoleServices services(
            t->db(), clock, std::make_unique<crypto::SecretBox>(crypto::SecureBytes(crypto::randomBytes(32))), options);
        const auto started = services.start();
        QVERIFY2(started, qPrintable(started ? QString() : started.error().detail));
        QCOMPARE(services.configuredChannels().size(), 2);
        services.simulator()->setAutoCompleteRefunds(true, 0);
        const auto account = services.users().ensureServiceAccount(u"system.reloadtest"_s, domain::Role::Manager);
        QVERIFY(account);
        const Actor actor { account->id, account->username, account->role };

        Shared shared;
        QObject payer;
        std::vector<std::unique_ptr<QThread>> workers;
        for (int w = 0; w < kWorkers; ++w) {
            workers.emplace_back(QThread::create(work, std::ref(services), actor, &payer, w, std::ref(shared)));
            workers.back()->start();
        }
        const auto stopWorkers = qScopeGuard([&] {
            shared.abandon.store(true);
            // Their calls need this thread's event loop (the simulator and the notification server live here).
            QTRY_VERIFY_WITH_TIMEOUT(shared.finished.load() == kWorkers, 60000);
            for (auto& w : workers)
                w->wait();
        });

        // Each reload waits for more calls to finish first, so every one of them lands among calls in flight.
        for (int i = 0; i < kReloads; ++i) {
            const qint64 mark = shared.calls.load();
            QTRY_VERIFY_WITH_TIMEOUT(shared.calls.load() >= mark + kWorkers, 30000);
            const auto reloaded = services.reloadChannels();
            QVERIFY2(reloaded, qPrintable(reloaded ? QString() : reloaded.error().detail));
            QCOMPARE(services.configuredChannels().size(), 2);
        }
        shared.reloadsDone.store(true);
        QTRY_VERIFY_WITH_TIMEOUT(shared.finished.load() == kWorkers, 120000);
        {
            QMutexLocker lock(&shared.mutex);
            QVERIFY2(shared.errors.isEmpty(), qPrintable(shared.errors.join(u'\n')));
            QCOMPARE(shared.paymentIds.size(), kWorkers * kPaymentsPerWorker);
        }

        // Every payment was paid and a fen of it refunded, exactly once.
        for (const qint64 id : std::as_const(shared.paymentIds)) {
            const auto p = services.payments().status(id, actor);
            QVERIFY(p);
            QCOMPARE(p->status, domain::PaymentStatus::PartiallyRefunded);
            QCOMPARE(p->refundedMinor, kRefundMinor);
            QCOMPARE(p->reservedMinor, qint64(0));
        }
        // Every notification the simulator sent was answered with success at its first delivery, and was stored as
        // accepted: none was refused for want of a channel, none failed and had to come again.
        sim::SimServer& sim = *services.simulator();
        QTRY_VERIFY_WITH_TIMEOUT(std::ranges::all_of(sim.notifications(),
                                     [](const sim::SimNotification& n) {
                                         return n.state != sim::DeliveryState::Pending;
                                     }),
            30000);
        const QList<sim::SimNotification> sent = sim.notifications();
        QVERIFY(sent.size() >= kWorkers * kPaymentsPerWorker); // a payment notification each, and refund ones
        for (const sim::SimNotification& n : sent) {
            QVERIFY2(n.state == sim::DeliveryState::Delivered && n.attempts == 1,
                qPrintable(u"%1 %2: %3 attempts, last HTTP %4"_s.arg(n.outTradeNo, n.eventKey)
                               .arg(n.attempts)
                               .arg(n.lastHttpStatus)));
        }
        QCOMPARE(countRows(*t->db(), u"notifications"_s, u"verdict = 'rejected'"_s), qint64(0));
        QCOMPARE(countRows(*t->db(), u"notifications"_s, u"verdict = 'accepted'"_s), qint64(sent.size()));
    }
};

QTEST_MAIN(TestChannelReload)
#include "tst_channelreload.moc"
