#pragma once

#include <QList>

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>

namespace paydesk {

/// Group commit for work that arrives on many threads and ends in a database transaction: instead of one
/// transaction per item, items queue up while a transaction is running, and the next one takes them all.
///
/// Leader/follower, no thread of its own: submit() queues the item; when fewer than `concurrentBatches` batches
/// are running, the calling thread becomes a leader, takes up to `maxBatch` queued items (oldest first) and runs
/// them; every other caller waits until a leader has run its item. A leader whose own item was not in the batch it
/// ran (the queue was longer than maxBatch) goes on leading or waiting like anyone else. Under light load a batch
/// is one item and costs nothing extra; under heavy load batches grow by themselves, up to maxBatch.
///
/// `run` must finish every item it is given (it is called outside the lock, on the leader's thread); submit()
/// returns when the item's batch returned, so what `run` wrote into the item is visible to its submitter.
template<typename Item>
class GroupCommit final
{
public:
    using Run = std::function<void(const QList<Item*>& batch)>;

    GroupCommit(int maxBatch, int concurrentBatches, Run run)
        : m_maxBatch(maxBatch < 1 ? 1 : maxBatch)
        , m_concurrentBatches(concurrentBatches < 1 ? 1 : concurrentBatches)
        , m_run(std::move(run))
    {
    }
    GroupCommit(const GroupCommit&) = delete;
    GroupCommit& operator=(const GroupCommit&) = delete;

    void submit(Item& item)
    {
        Node node(&item);
        std::unique_lock lock(m_mutex);
        m_queue.push_back(&node);
        for (;;) {
            if (node.done)
                return;
            if (m_running < m_concurrentBatches && !m_queue.empty()) {
                QList<Node*> nodes;
                QList<Item*> batch;
                while (!m_queue.empty() && batch.size() < m_maxBatch) {
                    nodes.append(m_queue.front());
                    batch.append(m_queue.front()->item);
                    m_queue.pop_front();
                }
                ++m_running;
                lock.unlock();
                m_run(batch);
                lock.lock();
                --m_running;
                m_batches += 1;
                m_items += batch.size();
                // Wake exactly who has something to do: the batch's submitters, and the oldest waiter, which now
                // may lead (a notify_all would wake every waiting thread for every batch).
                for (Node* n : nodes) {
                    n->done = true;
                    if (n != &node)
                        n->wake.notify_one();
                }
                if (!m_queue.empty() && m_queue.front() != &node)
                    m_queue.front()->wake.notify_one();
                continue;
            }
            node.wake.wait(lock);
        }
    }

    /// Batches run and items in them so far (their ratio is the mean batch size).
    [[nodiscard]] std::pair<qint64, qint64> counts() const
    {
        std::scoped_lock lock(m_mutex);
        return {m_batches, m_items};
    }

private:
    struct Node {
        explicit Node(Item* i)
            : item(i)
        {
        }
        Item* item;
        bool done = false;
        std::condition_variable wake; ///< on the submitter's stack; guarded by m_mutex
    };

    const qsizetype m_maxBatch;
    const int m_concurrentBatches;
    const Run m_run;
    mutable std::mutex m_mutex;
    std::deque<Node*> m_queue;
    int m_running = 0;
    qint64 m_batches = 0;
    qint64 m_items = 0;
};

} // namespace paydesk
