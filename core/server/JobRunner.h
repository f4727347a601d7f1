#pragma once

#include <atomic>
#include <memory>

#include <QList>
#include <QObject>
#include <QString>
#include <QThreadPool>

class QTimer;

namespace paydesk {

class Metrics;
class SyncService;

/// How often each background job runs (milliseconds; 0 switches that job off).
struct JobSchedule
{
    int pollPendingMs = 1500;
    int expirePendingMs = 5000;
    int syncRefundsMs = 5000;
    int outboxMs = 2000;
};

/// Runs SyncService's jobs at their cadence: a timer on the owning (event loop) thread starts each run on a worker
/// thread of its own pool, so a job waiting on a slow channel never blocks the HTTP server, and a job never overlaps
/// itself. Several processes may run the same jobs against one database: SyncService's leases make that safe.
class JobRunner final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(JobRunner)
public:
    JobRunner(SyncService& sync, Metrics& metrics, JobSchedule schedule, QObject* parent = nullptr);
    ~JobRunner() override;

    void start();
    /// Stops the timers and waits up to `timeoutMs` for runs in progress. True when none is left running.
    bool stop(int timeoutMs);

private:
    struct Job
    {
        QString name;
        int intervalMs = 0;
        QTimer* timer = nullptr;
        std::atomic<bool> running { false };
    };
    void launch(Job& job);

    SyncService& m_sync;
    Metrics& m_metrics;
    std::atomic<bool> m_stopping { false };
    QList<std::shared_ptr<Job>> m_jobs;
    QThreadPool m_pool;
};

} // namespace paydesk
