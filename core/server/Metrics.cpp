#include "core/server/Metrics.h"

#include <QMutexLocker>

#include "core/store/Database.h"
#include "core/store/Sql.h"
#include "core/util/Clock.h"

using namespace Qt::StringLiterals;

namespace paydesk {

namespace {

QByteArray number(double v)
{
    return QByteArray::number(v, 'g', 12);
}

/// Label values are escaped as the exposition format asks (backslash, quote, newline).
QByteArray label(const QString& v)
{
    QByteArray out = v.toUtf8();
    out.replace('\\', "\\\\").replace('"', "\\\"").replace('\n', "\\n");
    return out;
}

void header(QByteArray& out, const char* name, const char* help, const char* type)
{
    out += "# HELP ";
    out += name;
    out += ' ';
    out += help;
    out += "\n# TYPE ";
    out += name;
    out += ' ';
    out += type;
    out += '\n';
}

} // namespace

Result<PendingGauges> readPendingGauges(const Database& database, const Clock& clock)
{
    auto db = database.connection();
    if (!db)
        return tl::unexpected(db.error());
    auto q = sql::exec(*db, u"SELECT COUNT(*), MIN(created_at) FROM payments WHERE status = 'PENDING'"_s);
    if (!q)
        return tl::unexpected(q.error());
    PendingGauges g;
    if (q->next()) {
        g.pending = q->value(0).toLongLong();
        if (g.pending > 0 && !q->value(1).isNull())
            g.oldestAgeSecs = qMax(0.0, double(clock.nowMSecs() - q->value(1).toLongLong()) / 1000.0);
    }
    return g;
}

void Metrics::recordNotification(const QString& channel, const QString& verdict, double seconds)
{
    QMutexLocker lock(&m_mutex);
    ++m_notifications[{ channel, verdict }];
    std::size_t i = 0;
    while (i < kLatencyBuckets.size() && seconds > kLatencyBuckets[i])
        ++i;
    ++m_buckets[i];
    ++m_latencyCount;
    m_latencySum += seconds;
}

void Metrics::recordRefused(const QString& listener, const QString& reason)
{
    QMutexLocker lock(&m_mutex);
    ++m_refused[{ listener, reason }];
}

void Metrics::addOpenConnections(const QString& listener, int delta)
{
    QMutexLocker lock(&m_mutex);
    m_openConnections[listener] += delta;
}

void Metrics::recordJob(const QString& job, const QString& result, int processed, int failedItems)
{
    QMutexLocker lock(&m_mutex);
    ++m_jobRuns[{ job, result }];
    m_jobItems[job] += processed;
    m_jobItemFailures[job] += failedItems;
}

qint64 Metrics::notificationCount(const QString& channel, const QString& verdict) const
{
    QMutexLocker lock(&m_mutex);
    return m_notifications.value({ channel, verdict });
}

QByteArray Metrics::render(const PendingGauges* gauges, const GroupCommitCounts* groups) const
{
    QMutexLocker lock(&m_mutex);
    QByteArray out;
    out.reserve(4096);
    header(out, "paydesk_notifications_total", "Channel notifications handled, by channel and verdict", "counter");
    for (auto it = m_notifications.cbegin(); it != m_notifications.cend(); ++it) {
        out += "paydesk_notifications_total{channel=\"" + label(it.key().first) + "\",verdict=\""
            + label(it.key().second) + "\"} " + QByteArray::number(it.value()) + '\n';
    }

    header(out, "paydesk_apply_seconds", "Time from receiving a notification to its committed verdict", "histogram");
    qint64 cumulative = 0;
    for (std::size_t i = 0; i < kLatencyBuckets.size(); ++i) {
        cumulative += m_buckets[i];
        out += "paydesk_apply_seconds_bucket{le=\"" + number(kLatencyBuckets[i]) + "\"} "
            + QByteArray::number(cumulative) + '\n';
    }
    cumulative += m_buckets.back();
    out += "paydesk_apply_seconds_bucket{le=\"+Inf\"} " + QByteArray::number(cumulative) + '\n';
    out += "paydesk_apply_seconds_sum " + number(m_latencySum) + '\n';
    out += "paydesk_apply_seconds_count " + QByteArray::number(m_latencyCount) + '\n';

    header(out,
        "paydesk_http_refused_total",
        "Connections closed before a whole request was read (limits, deadline, pipelining)",
        "counter");
    for (auto it = m_refused.cbegin(); it != m_refused.cend(); ++it) {
        out += "paydesk_http_refused_total{listener=\"" + label(it.key().first) + "\",reason=\""
            + label(it.key().second) + "\"} " + QByteArray::number(it.value()) + '\n';
    }
    header(out, "paydesk_http_open_connections", "HTTP connections open now, by listener", "gauge");
    for (auto it = m_openConnections.cbegin(); it != m_openConnections.cend(); ++it) {
        out += "paydesk_http_open_connections{listener=\"" + label(it.key()) + "\"} " + QByteArray::number(it.value())
            + '\n';
    }

    header(out, "paydesk_job_runs_total", "Background job runs, by job and result (ran, skipped, failed)", "counter");
    for (auto it = m_jobRuns.cbegin(); it != m_jobRuns.cend(); ++it) {
        out += "paydesk_job_runs_total{job=\"" + label(it.key().first) + "\",result=\"" + label(it.key().second)
            + "\"} " + QByteArray::number(it.value()) + '\n';
    }
    header(out, "paydesk_job_items_total", "Items processed by background jobs", "counter");
    for (auto it = m_jobItems.cbegin(); it != m_jobItems.cend(); ++it)
        out += "paydesk_job_items_total{job=\"" + label(it.key()) + "\"} " + QByteArray::number(it.value()) + '\n';
    header(out, "paydesk_job_item_failures_total", "Items a background job could not complete this run", "counter");
    for (auto it = m_jobItemFailures.cbegin(); it != m_jobItemFailures.cend(); ++it) {
        out +=
            "paydesk_job_item_failures_total{job=\"" + label(it.key()) + "\"} " + QByteArray::number(it.value()) + '\n';
    }

    if (groups) {
        header(out, "paydesk_notification_groups_total", "Group commits of payment notifications", "counter");
        out += "paydesk_notification_groups_total " + QByteArray::number(groups->groups) + '\n';
        header(out,
            "paydesk_notification_grouped_total",
            "Payment notifications that went through a group commit",
            "counter");
        out += "paydesk_notification_grouped_total " + QByteArray::number(groups->notifications) + '\n';
        header(out,
            "paydesk_notification_group_fallbacks_total",
            "Groups rolled back and committed one notification at a time",
            "counter");
        out += "paydesk_notification_group_fallbacks_total " + QByteArray::number(groups->fallbacks) + '\n';
    }
    if (gauges) {
        header(out, "paydesk_payments_pending", "Payments waiting for the customer or the channel", "gauge");
        out += "paydesk_payments_pending " + QByteArray::number(gauges->pending) + '\n';
        header(out, "paydesk_oldest_pending_age_seconds", "Age of the oldest pending payment", "gauge");
        out += "paydesk_oldest_pending_age_seconds " + number(gauges->oldestAgeSecs) + '\n';
    }
    header(out, "paydesk_database_up", "Whether the database answered the scrape's query", "gauge");
    out += "paydesk_database_up " + QByteArray(gauges ? "1" : "0") + '\n';
    return out;
}

} // namespace paydesk
