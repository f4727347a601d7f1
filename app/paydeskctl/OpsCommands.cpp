// paydeskctl notifications and jobs: what the channels sent and what the background jobs did, for ops.
#include <QJsonArray>

#include "core/store/Sql.h"

#include "Ctl.h"
#include "CtlServices.h"

using namespace Qt::StringLiterals;

namespace paydesk::ctl {

int runNotifications(Ctl& ctl)
{
    bool ok = false;
    const int limit = ctl.args().value(u"limit"_s, u"50"_s).toInt(&ok);
    if (!ok || limit < 1 || limit > 10000)
        return ctl.usage(u"--limit must be 1-10000"_s);
    auto db = ctl.database();
    if (!db)
        return ctl.failed(db.error());
    auto conn = (*db)->connection();
    if (!conn)
        return ctl.failed(conn.error());
    // The raw body and headers stay in the database (forensics); the list shows what happened to each.
    const QString where = ctl.args().has(u"rejected"_s) ? u" WHERE verdict = 'rejected'"_s : QString();
    auto q = sql::exec(*conn,
        u"SELECT id, channel, notification_id, verdict, reason, event_type, out_trade_no, payment_id, "
        u"received_at FROM notifications"_s
            + where + u" ORDER BY id DESC LIMIT :limit"_s,
        { { u":limit"_s, limit } });
    if (!q)
        return ctl.failed(q.error());
    QJsonArray rows;
    QStringList lines;
    while (q->next()) {
        const QJsonObject row { { u"id"_s, q->value(0).toLongLong() },
            { u"channel"_s, q->value(1).toString() },
            { u"notification_id"_s, q->value(2).toString() },
            { u"verdict"_s, q->value(3).toString() },
            { u"reason"_s, q->value(4).toString() },
            { u"event_type"_s, q->value(5).toString() },
            { u"out_trade_no"_s, q->value(6).toString() },
            { u"payment_id"_s, q->value(7).toLongLong() },
            { u"received_at"_s, isoTime(q->value(8).toLongLong()) } };
        rows.append(row);
        lines << u"%1  %2  %3  %4  %5  %6 %7"_s.arg(row.value(u"id"_s).toInteger())
                     .arg(row.value(u"received_at"_s).toString(),
                         row.value(u"channel"_s).toString(),
                         row.value(u"verdict"_s).toString(),
                         row.value(u"event_type"_s).toString(),
                         row.value(u"out_trade_no"_s).toString(),
                         row.value(u"reason"_s).toString());
    }
    return ctl.ok({ { u"notifications"_s, rows } }, lines.isEmpty() ? u"no notifications"_s : lines.join(u'\n'));
}

int runJobs(Ctl& ctl)
{
    const QStringList& w = ctl.args().words;
    auto db = ctl.database();
    if (!db)
        return ctl.failed(db.error());
    if (w.value(1) == u"run"_s) {
        const QString job = w.value(2);
        const QStringList known {
            SyncService::kPollPending, SyncService::kExpirePending, SyncService::kSyncRefunds, SyncService::kOutbox
        };
        if (!known.contains(job))
            return ctl.usage(u"jobs run: one of %1"_s.arg(known.join(u", "_s)));
        auto lease = leaseOption(ctl.args());
        if (!lease)
            return ctl.failed(lease.error());
        auto services = CtlServices::open(*db, true, *lease);
        if (!services)
            return ctl.failed(services.error());
        auto report = (*services)->sync().runJob(job);
        if (!report)
            return ctl.failed(report.error());
        const QJsonObject json { { u"job"_s, job },
            { u"ran"_s, report->ran },
            { u"processed"_s, report->processed },
            { u"failed"_s, report->failed } };
        if (!report->ran)
            return ctl.ok(json, u"%1 not run: another process holds its lease"_s.arg(job));
        return ctl.ok(json, u"%1: processed %2, failed %3"_s.arg(job).arg(report->processed).arg(report->failed));
    }
    if (!w.value(1).isEmpty())
        return ctl.usage(u"jobs [run NAME]"_s);
    auto conn = (*db)->connection();
    if (!conn)
        return ctl.failed(conn.error());
    auto q =
        sql::exec(*conn, u"SELECT job, owner, lease_until, last_run_at, last_result FROM job_leases ORDER BY job"_s);
    if (!q)
        return ctl.failed(q.error());
    QJsonArray rows;
    QStringList lines;
    while (q->next()) {
        const QJsonObject row { { u"job"_s, q->value(0).toString() },
            { u"owner"_s, q->value(1).toString() },
            { u"lease_until"_s, isoTime(q->value(2).toLongLong()) },
            { u"last_run_at"_s, isoTime(q->value(3).toLongLong()) },
            { u"last_result"_s, q->value(4).toString() } };
        rows.append(row);
        lines << u"%1  owner %2  lease until %3  last run %4: %5"_s.arg(row.value(u"job"_s).toString(),
            row.value(u"owner"_s).toString(),
            row.value(u"lease_until"_s).toString(),
            row.value(u"last_run_at"_s).toString(),
            row.value(u"last_result"_s).toString());
    }
    return ctl.ok({ { u"jobs"_s, rows } }, lines.isEmpty() ? u"no job has run yet"_s : lines.join(u'\n'));
}

} // namespace paydesk::ctl
