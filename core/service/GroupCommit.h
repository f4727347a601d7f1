#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include <QList>

namespace paydesk {

/// Group commit for work that arrives on many threads and ends in a database transaction: instead of one
/// transaction per item, items queue up while a transaction is running, and the next one takes them all.
///
/// `concurrentBatches` writer threads of its own: submit() queues the item and waits; a free writer takes up to
/// `maxBatch` queued items (oldest first) and runs them. Under light load a batch is one item; under heavy load
/// batches grow by themselves, up to maxBatch.
///
/// Why writers of their own rather than letting a waiting caller run the batch: each thread has its own database
/// connection, and a group's statements differ with its size and contents. Written from one connection, each such
/// statement is prepared and planned once; spread over every caller's connection, it was prepared and planned
/// again and again (about a millisecond each on PostgreSQL), which made larger groups slower than small ones.
///
/// `run` must finish every item it is given (it runs on a writer thread, outside the lock); submit() returns when
/// the item's batch returned, so what `run` wrote into the item is visible to its submitter. A writer's database
/// connection is released by the thread's own cleanup when it ends.
///
/// Destroying it finishes what is queued, joins the writers and waits until every submitter has left submit(), so
/// that none touches the lock after it is gone. `run` usually calls into the object that owns this one: that owner
/// must destroy (or stop) this object first, before its own members go.
template <typename Item>
class GroupCommit final
{
public:
    using Run = std::function<void(const QList<Item*>& batch)>;

    GroupCommit(int maxBatch, int concurrentBatches, Run run)
        : m_maxBatch(maxBatch < 1 ? 1 : maxBatch)
        , m_run(std::move(run))
    {
        const int writers = concurrentBatches < 1 ? 1 : concurrentBatches;
        for (int i = 0; i < writers; ++i)
            m_writers.emplace_back([this] {
                write();
            });
    }
    /// Waits for the writers to finish what is queued, and for the submitters of it to take their items back.
    ~GroupCommit()
    {
        {
            std::scoped_lock lock(m_mutex);
            m_stopping = true;
        }
        m_work.notify_all();
        for (std::thread& t : m_writers)
            t.join();
        std::unique_lock lock(m_mutex);
        m_left.wait(lock, [this] {
            return m_submitters == 0;
        });
    }
    GroupCommit(const GroupCommit&) = delete;
    GroupCommit& operator=(const GroupCommit&) = delete;

    void submit(Item& item)
    {
        Node node(&item);
        std::unique_lock lock(m_mutex);
        ++m_submitters;
        m_queue.push_back(&node);
        m_work.notify_one();
        node.wake.wait(lock, [&node] {
            return node.done;
        });
        if (--m_submitters == 0)
            m_left.notify_all();
    }

    /// Items waiting for a writer right now.
    [[nodiscard]] qsizetype queued() const
    {
        std::scoped_lock lock(m_mutex);
        return qsizetype(m_queue.size());
    }

    /// Batches run and items in them so far (their ratio is the mean batch size).
    [[nodiscard]] std::pair<qint64, qint64> counts() const
    {
        std::scoped_lock lock(m_mutex);
        return { m_batches, m_items };
    }

private:
    struct Node
    {
        explicit Node(Item* i)
            : item(i)
        {
        }
        Item* item;
        bool done = false;
        std::condition_variable wake; ///< on the submitter's stack; guarded by m_mutex
    };

    void write()
    {
        std::unique_lock lock(m_mutex);
        for (;;) {
            m_work.wait(lock, [this] {
                return m_stopping || !m_queue.empty();
            });
            if (m_queue.empty())
                break; // stopping, and nothing left to write
            QList<Node*> nodes;
            QList<Item*> batch;
            while (!m_queue.empty() && batch.size() < m_maxBatch) {
                nodes.append(m_queue.front());
                batch.append(m_queue.front()->item);
                m_queue.pop_front();
            }
            lock.unlock();
            m_run(batch);
            lock.lock();
            m_batches += 1;
            m_items += batch.size();
            for (Node* n : nodes) {
                n->done = true;
                n->wake.notify_one();
            }
        }
    }

    const qsizetype m_maxBatch;
    const Run m_run;
    mutable std::mutex m_mutex;
    std::condition_variable m_work;
    std::condition_variable m_left; ///< the last submitter left submit()
    std::deque<Node*> m_queue;
    int m_submitters = 0;
    bool m_stopping = false;
    qint64 m_batches = 0;
    qint64 m_items = 0;
    std::vector<std::thread> m_writers; ///< last: started once everything above exists
};

} // namespace paydesk
