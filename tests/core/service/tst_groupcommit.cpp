// GroupCommit: every item is run exactly once, in batches of at most maxBatch, with at most concurrentBatches
// running at a time, and batches grow when items arrive while one runs.
#include <atomic>

#include <QTest>
#include <QThread>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

#include "core/service/GroupCommit.h"

using namespace paydesk;

namespace {

struct Item
{
    int value = 0;
    int runs = 0;
    int result = 0;
};

} // namespace

class TestGroupCommit final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void everyItemRunsOnceWithinTheBounds()
    {
        QFETCH(int, maxBatch);
        QFETCH(int, concurrent);
        std::atomic<int> running { 0 };
        std::atomic<int> mostRunning { 0 };
        std::atomic<int> largest { 0 };
        GroupCommit<Item> group(maxBatch, concurrent, [&](const QList<Item*>& batch) {
            const int now = running.fetch_add(1) + 1;
            for (int seen = mostRunning.load(); now > seen && !mostRunning.compare_exchange_weak(seen, now);) { }
            for (int seen = largest.load();
                 batch.size() > seen && !largest.compare_exchange_weak(seen, int(batch.size()));) { }
            QThread::usleep(2000); // a commit takes a while: meanwhile more items queue
            for (Item* item : batch) {
                item->runs += 1;
                item->result = item->value * 2;
            }
            running.fetch_sub(1);
        });
        constexpr int kThreads = 16;
        constexpr int kPerThread = 40;
        QList<Item> items(kThreads * kPerThread);
        for (int i = 0; i < items.size(); ++i)
            items[i].value = i;
        QThreadPool pool;
        pool.setMaxThreadCount(kThreads);
        QList<QFuture<void>> threads;
        // Counted on the submitting threads, asserted on this one (QtTest's macros belong to the test's thread).
        std::atomic<int> unseenAfterSubmit { 0 };
        for (int t = 0; t < kThreads; ++t) {
            threads << QtConcurrent::run(&pool, [&, t] {
                for (int i = 0; i < kPerThread; ++i) {
                    Item& item = items[t * kPerThread + i];
                    group.submit(item);
                    // What the batch wrote is visible once submit() returns.
                    if (item.runs != 1 || item.result != item.value * 2)
                        ++unseenAfterSubmit;
                }
            });
        }
        for (auto& f : threads)
            f.waitForFinished();
        QCOMPARE(unseenAfterSubmit.load(), 0);
        for (const Item& item : items)
            QCOMPARE(item.runs, 1);
        const auto [batches, count] = group.counts();
        QCOMPARE(count, qint64(items.size()));
        QVERIFY(largest.load() <= maxBatch);
        QVERIFY(mostRunning.load() <= concurrent);
        if (maxBatch > 1)
            QVERIFY2(batches < count, "16 threads against 2 ms commits should have formed groups");
    }

    void everyItemRunsOnceWithinTheBounds_data()
    {
        QTest::addColumn<int>("maxBatch");
        QTest::addColumn<int>("concurrent");
        QTest::newRow("one at a time") << 1 << 1;
        QTest::newRow("groups of up to 8, one running") << 8 << 1;
        QTest::newRow("groups of up to 32, two running") << 32 << 2;
    }
};

QTEST_GUILESS_MAIN(TestGroupCommit)
#include "tst_groupcommit.moc"
