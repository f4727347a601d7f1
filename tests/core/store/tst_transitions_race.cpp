// Two threads on two connections race the same transition: exactly one wins every time, with exactly one history
// row and one event per win.
#include <atomic>
#include <barrier>

#include <QMutex>
#include <QTest>
#include <QThread>

#include "core/domain/StateMachine.h"
#include "core/store/Transitions.h"
#include "tests/support/FakeClock.h"
#include "tests/support/Fixtures.h"
#include "tests/support/TestDatabase.h"

using namespace paydesk;
using namespace paydesk::test;
using namespace Qt::StringLiterals;
using domain::EntityType;

class TestRace final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void oneWinnerPerRace()
    {
        PD_TEST_DATABASE(t);
        const Database& db = *t->db();
        FakeClock clock;
        constexpr int kRounds = 1000;
        QList<qint64> ids;
        for (int i = 0; i < kRounds; ++i)
            ids << insertPayment(db, domain::PaymentStatus::Pending);

        std::barrier start(2);
        std::atomic<int> wins { 0 };
        std::atomic<int> losses { 0 };
        std::atomic<int> otherErrors { 0 };
        QList<int> winsPerRound(kRounds, 0);
        QMutex winsMutex;
        const auto racer = [&](const QString& who) {
            // Each racer thread gets its own connection from Database on first use.
            for (int i = 0; i < kRounds; ++i) {
                start.arrive_and_wait();
                const auto r = Transitions::apply(db,
                    clock,
                    { EntityType::Payment,
                        ids[i],
                        domain::PaymentStatus::Pending,
                        domain::PaymentStatus::Succeeded,
                        u"race"_s,
                        who,
                        {},
                        {} });
                if (r) {
                    ++wins;
                    QMutexLocker lock(&winsMutex);
                    ++winsPerRound[i];
                } else if (r.error().code == ErrorCode::ConcurrentModification) {
                    ++losses;
                } else {
                    ++otherErrors;
                    qWarning("unexpected error: %s", qPrintable(r.error().detail));
                }
            }
        };
        std::unique_ptr<QThread> a(QThread::create(racer, u"racer-a"_s));
        std::unique_ptr<QThread> b(QThread::create(racer, u"racer-b"_s));
        a->start();
        b->start();
        QVERIFY(a->wait(QDeadlineTimer(240000)));
        QVERIFY(b->wait(QDeadlineTimer(240000)));

        QCOMPARE(otherErrors.load(), 0);
        QCOMPARE(wins.load(), kRounds);
        QCOMPARE(losses.load(), kRounds);
        for (int i = 0; i < kRounds; ++i)
            QCOMPARE(winsPerRound[i], 1);
        QCOMPARE(countRows(db, u"state_history"_s, u"entity_type = 'payment' AND cause = 'race'"_s), qint64(kRounds));
        QCOMPARE(countRows(db, u"events"_s, u"kind = 'payment.status'"_s), qint64(kRounds));
        QCOMPARE(countRows(db, u"payments"_s, u"status = 'SUCCEEDED' AND version = 1"_s), qint64(kRounds));
        // Per payment: one history row and one event, never two.
        QCOMPARE(countRows(db, u"(SELECT entity_id FROM state_history GROUP BY entity_id HAVING COUNT(*) > 1) d"_s),
            qint64(0));
        QCOMPARE(
            countRows(db, u"(SELECT entity_id FROM events GROUP BY entity_id HAVING COUNT(*) > 1) d"_s), qint64(0));
        // The sequence is gapless.
        QCOMPARE(countRows(db, u"events"_s, u"seq BETWEEN 1 AND %1"_s.arg(kRounds)), qint64(kRounds));
    }
};

QTEST_GUILESS_MAIN(TestRace)
#include "tst_transitions_race.moc"
