#include "core/server/JobRunner.h"

#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

#include "core/log/Log.h"
#include "core/server/Metrics.h"
#include "core/service/SyncService.h"

using namespace Qt::StringLiterals;

namespace paydesk {

JobRunner::JobRunner(SyncService& sync, Metrics& metrics, JobSchedule schedule, QObject* parent)
    : QObject(parent)
    , m_sync(sync)
    , m_metrics(metrics)
{
    const QList<std::pair<QString, int>> jobs = { { SyncService::kPollPending, schedule.pollPendingMs },
        { SyncService::kExpirePending, schedule.expirePendingMs },
        { SyncService::kSyncRefunds, schedule.syncRefundsMs },
        { SyncService::kOutbox, schedule.outboxMs } };
    for (const auto& [name, interval] : jobs) {
        if (interval <= 0)
            continue;
        auto job = std::make_shared<Job>();
        job->name = name;
        job->intervalMs = interval;
        job->timer = new QTimer(this);
        job->timer->setInterval(interval);
        connect(job->timer, &QTimer::timeout, this, [this, j = job.get()] {
            launch(*j);
        });
        m_jobs.append(job);
    }
    // One thread per job at most: a job never overlaps itself, and each thread keeps its database connection.
    m_pool.setMaxThreadCount(qMax(1, int(m_jobs.size())));
    m_pool.setExpiryTimeout(-1);
}

JobRunner::~JobRunner()
{
    stop(-1);
}

void JobRunner::start()
{
    m_stopping.store(false);
    for (const auto& job : m_jobs) {
        job->timer->start();
        launch(*job); // at once too: a restarted daemon catches up without waiting a whole interval
    }
}

bool JobRunner::stop(int timeoutMs)
{
    m_stopping.store(true);
    for (const auto& job : m_jobs)
        job->timer->stop();
    return m_pool.waitForDone(timeoutMs);
}

void JobRunner::launch(Job& job)
{
    if (m_stopping.load() || job.running.exchange(true))
        return;
    // The Job outlives the run: m_jobs holds it until the destructor, which waits for the pool first.
    (void)QtConcurrent::run(&m_pool, [this, j = &job] {
        auto report = m_sync.runJob(j->name);
        if (!report) {
            log::server()->warn("job {}: {} ({})", j->name, errorCodeName(report.error().code), report.error().detail);
            m_metrics.recordJob(j->name, u"failed"_s, 0, 0);
        } else if (!report->ran) {
            m_metrics.recordJob(j->name, u"skipped"_s, 0, 0);
        } else {
            if (report->processed > 0 || report->failed > 0)
                log::server()->info("job {}: {} processed, {} failed", j->name, report->processed, report->failed);
            m_metrics.recordJob(j->name, u"ran"_s, report->processed, report->failed);
        }
        j->running.store(false);
    });
}

} // namespace paydesk
