// NotificationService's lifetime: destroyed while its group writer still has notifications to write, it finishes
// them (every caller gets its answer) before its destruction completes. On both engines.
#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <semaphore>

#include <QTest>
#include <QThread>

#include "core/domain/StateMachine.h"
#include "core/service/ChannelRegistry.h"
#include "core/service/NotificationService.h"
#include "core/store/PaymentRepository.h"
#include "core/store/Sql.h"
#include "tests/support/FakeClock.h"
#include "tests/support/Fixtures.h"
#include "tests/support/ScriptedChannel.h"
#include "tests/support/TestDatabase.h"

using namespace paydesk;
using namespace paydesk::test;
using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

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

} // namespace

class TestNotificationLifetime final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void destructionWaitsForTheGroupWriter()
    {
        PD_TEST_DATABASE(t);
        const Database& db = *t->db();
        FakeClock clock;
        ScriptedChannel channel;
        ChannelRegistry registry;
        registry.add(&channel);
        ChannelFactApplier applier(db, clock);
        // One writer, so the notifications below queue behind the first one.
        auto service =
            std::make_unique<NotificationService>(db, clock, registry, applier, NotificationBatching { 32, 1 });
        channel.onParse = [&channel](const InboundHttp& req) -> Result<ChannelNotification> {
            const QList<QByteArray> parts = req.body.split(':');
            ChannelNotification n;
            n.kind = ChannelNotification::Kind::Payment;
            n.notificationId = QString::fromUtf8(parts[2]);
            n.eventType = u"TRANSACTION.SUCCESS"_s;
            n.trade = channel.paid(QString::fromUtf8(parts[0]), parts[1].toLongLong(), u"TX-"_s + n.notificationId);
            return n;
        };
        // The first acknowledgement is made on the writer thread, after the first notification's commit: it holds
        // the writer there until the test lets it go.
        std::binary_semaphore firstAckEntered { 0 };
        std::binary_semaphore releaseFirstAck { 0 };
        std::atomic<int> acks { 0 };
        channel.onAcknowledge = [&](bool ok) {
            if (ok && acks.fetch_add(1) == 0) {
                firstAckEntered.release();
                releaseFirstAck.acquire();
            }
        };
        QList<QByteArray> bodies;
        for (int i = 0; i < 3; ++i) {
            const qint64 amount = 1000 + i;
            const qint64 id = insertPayment(db, domain::PaymentStatus::Pending, amount);
            QVERIFY(sql::exec(*db.connection(),
                u"UPDATE payments SET merchant_id = :m, app_id = :a WHERE id = :id"_s,
                { { u":m"_s, channel.merchantId() }, { u":a"_s, channel.appId() }, { u":id"_s, id } }));
            bodies << PaymentRepository(db).find(id)->outTradeNo.toUtf8() + ':' + QByteArray::number(amount) + ":N"
                    + QByteArray::number(i);
        }
        std::optional<Result<NotificationResult>> results[3];
        std::vector<std::unique_ptr<QThread>> threads;
        const auto handle = [&](int i) {
            threads.emplace_back(QThread::create([&service, &results, &bodies, i] {
                results[i] = service->handle(ChannelKind::WeChatPay, request(bodies[i]));
            }));
            threads.back()->start();
        };
        handle(0);
        QVERIFY(firstAckEntered.try_acquire_for(30s));
        handle(1);
        handle(2);
        QTRY_COMPARE(service->groupCommitCounts().queued, qint64(2));

        // Destroyed while the writer is busy with the first notification and two more wait for it.
        QThread* destroyer = QThread::create([&service] {
            service.reset();
        });
        threads.emplace_back(destroyer);
        destroyer->start();
        // Destruction must wait for the writer: had it not, it would be over by now. This is a bounded wait for
        // something that must not happen; the passing run spends it whole.
        const bool destroyedWhileWriting = destroyer->wait(QDeadlineTimer(300ms));
        releaseFirstAck.release();
        for (auto& th : threads)
            QVERIFY(th->wait(QDeadlineTimer(60000)));
        QVERIFY2(!destroyedWhileWriting, "the service was destroyed before its group writer finished");

        for (int i = 0; i < 3; ++i) {
            QVERIFY(results[i].has_value());
            QVERIFY2(*results[i], *results[i] ? "" : qPrintable(results[i]->error().detail));
            QCOMPARE((*results[i])->verdict, u"accepted"_s);
            QCOMPARE((*results[i])->ack.httpStatus, 204);
        }
        QCOMPARE(countRows(db, u"payments"_s, u"status = 'SUCCEEDED'"_s), qint64(3));
        QCOMPARE(countRows(db, u"notifications"_s, u"verdict = 'accepted'"_s), qint64(3));
    }
};

QTEST_MAIN(TestNotificationLifetime)
#include "tst_notificationservice_lifetime.moc"
