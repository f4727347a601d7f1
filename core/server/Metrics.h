#pragma once

#include <array>
#include <atomic>

#include <QByteArray>
#include <QMap>
#include <QMutex>
#include <QString>

#include "core/service/GroupCommitCounts.h"
#include "core/util/Result.h"

namespace paydesk {

class Clock;
class Database;

/// The gauges read from the database at scrape time (several daemons share one database, so no process can keep
/// them in memory).
struct PendingGauges
{
    qint64 pending = 0; ///< payments in PENDING
    double oldestAgeSecs = 0.0; ///< age of the oldest PENDING payment; 0 when there is none
};
[[nodiscard]] Result<PendingGauges> readPendingGauges(const Database& database, const Clock& clock);

/// paydeskd's counters and the apply-latency histogram. Thread-safe: notification handlers on the worker pool and
/// the job runner record into it while /metrics renders it.
class Metrics final
{
public:
    /// Upper bounds (seconds) of the apply-latency histogram buckets; +Inf is implied.
    static constexpr std::array<double, 12> kLatencyBuckets = {
        0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0
    };

    Metrics() = default;
    Metrics(const Metrics&) = delete;
    Metrics& operator=(const Metrics&) = delete;

    /// One notification handled: verdict is accepted, duplicate, rejected, throttled (rejected before its signature
    /// verified, past the sender's allowance: answered 429, not stored) or error (not stored: answered 500).
    void recordNotification(const QString& channel, const QString& verdict, double seconds);
    /// One connection of a listener ("public", "admin") closed by its guard before QHttpServer read a request
    /// whole; reason is header_too_large, body_too_large, length_required, bad_request, pipelined, timeout or
    /// too_many_connections.
    void recordRefused(const QString& listener, const QString& reason);
    /// Open HTTP connections of a listener ("public" or "admin"), as GuardedTcpServer counts them.
    void addOpenConnections(const QString& listener, int delta);
    /// One job run: result is ran, skipped (another owner holds the lease) or failed.
    void recordJob(const QString& job, const QString& result, int processed, int failedItems);

    /// The Prometheus text exposition (format 0.0.4) of the counters, the histogram and the given gauges.
    [[nodiscard]] QByteArray render(const PendingGauges* gauges, const GroupCommitCounts* groups = nullptr) const;

    [[nodiscard]] qint64 notificationCount(const QString& channel, const QString& verdict) const;

private:
    mutable QMutex m_mutex;
    QMap<QPair<QString, QString>, qint64> m_notifications; ///< (channel, verdict) -> count
    QMap<QPair<QString, QString>, qint64> m_refused; ///< (listener, reason) -> connections refused
    QMap<QString, qint64> m_openConnections; ///< listener -> open connections
    QMap<QPair<QString, QString>, qint64> m_jobRuns; ///< (job, result) -> count
    QMap<QString, qint64> m_jobItems; ///< job -> items processed
    QMap<QString, qint64> m_jobItemFailures; ///< job -> items that failed
    std::array<qint64, kLatencyBuckets.size() + 1> m_buckets {}; ///< non-cumulative; the last is +Inf
    qint64 m_latencyCount = 0;
    double m_latencySum = 0.0;
};

} // namespace paydesk
