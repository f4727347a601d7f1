// Notification ingest on PostgreSQL (prints figures; not a test). Signed WeChat Pay notifications from 8
// concurrent senders, 20% of them duplicates, into a real paydeskd; notifications per second and p50/p99 latency,
// beside pgbench running the same row writes one notification makes (and, for scale, just two writes per
// transaction, -c 8 -j 2 -T 10) on the same server in the same run. Goal: >= 3,000/s on 2 cores and >= 70% of
// the pgbench figure. Needs PD_TEST_PG_URL (scripts/bench sets it).
//
// Everything shares the machine's cores: the senders (raw kept-alive sockets with prebuilt requests, standing in for
// the channel's machines), paydeskd and PostgreSQL; the CPU line says where the time went, and "other" is whatever
// else ran (a busy machine makes the figures worthless). PD_BENCH_DAEMON_ARGS adds paydeskd options, e.g.
// "--group-commit 1" for one transaction per notification.
#include <algorithm>
#include <atomic>
#include <cstdio>
#include <numeric>
#include <unistd.h>

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTextStream>
#include <QThread>
#include <QtConcurrent/QtConcurrentMap>
#include <QtConcurrent/QtConcurrentRun>

#include "core/store/Sql.h"
#include "tests/support/PaydeskdRig.h"
#include "tests/support/RawHttpSender.h"

using namespace paydesk;
using namespace paydesk::test;
using namespace Qt::StringLiterals;

namespace {

/// The 8 concurrent senders; PD_BENCH_SENDERS changes it to see how ingest scales with concurrency.
const int kSenders =
    qEnvironmentVariableIsSet("PD_BENCH_SENDERS") ? qMax(1, qEnvironmentVariableIntValue("PD_BENCH_SENDERS")) : 8;
constexpr int kUnique = 8000; ///< distinct notifications (one payment each)
constexpr int kTotal = kUnique * 5 / 4; ///< plus 25% of that again as duplicates = 20% of all posts

QTextStream& out()
{
    static QTextStream s(stdout);
    return s;
}

/// Clones the charged template payment `count` times as PENDING rows with their own order numbers.
bool clonePayments(const Database& db, const Payment& templ, int count, QList<Payment>* made)
{
    auto conn = db.connection();
    if (!conn)
        return false;
    auto cols = sql::exec(*conn,
        u"SELECT column_name FROM information_schema.columns WHERE table_name = 'payments' "
        u"AND column_name NOT IN ('id', 'out_trade_no', 'idempotency_key')"_s);
    if (!cols)
        return false;
    QStringList names;
    while (cols->next())
        names.append(cols->value(0).toString());
    const QString list = names.join(u", "_s);
    auto ins = sql::execRaw(*conn,
        u"INSERT INTO payments (out_trade_no, %1) SELECT '%2' || '-' || g, %1 FROM "
        u"payments, generate_series(1, %3) AS g WHERE id = %4"_s.arg(list, templ.outTradeNo)
            .arg(count)
            .arg(templ.id));
    if (!ins)
        return false;
    for (int i = 1; i <= count; ++i) {
        Payment p = templ;
        p.outTradeNo = templ.outTradeNo + u'-' + QString::number(i);
        made->append(p);
    }
    return true;
}

/// CPU time (clock ticks, user + system) a process has used, from /proc/PID/stat; 0 when it is gone.
qint64 processTicks(const QString& pid)
{
    QFile f(u"/proc/"_s + pid + u"/stat"_s);
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray line = f.readAll();
    // Fields after the ")" that closes the command name: state is field 3, utime 14 and stime 15.
    const QList<QByteArray> rest = line.mid(line.lastIndexOf(')') + 2).split(' ');
    return rest.size() > 12 ? rest[11].toLongLong() + rest[12].toLongLong() : 0;
}

/// Where the machine's CPU went while the senders ran: this process (the senders and their HTTP clients),
/// paydeskd, all postgres processes, and everything else. Read from /proc before and after.
struct CpuSplit
{
    qint64 self = 0, daemon = 0, postgres = 0, total = 0;

    static CpuSplit now(qint64 daemonPid)
    {
        CpuSplit c;
        c.self = processTicks(u"self"_s);
        c.daemon = processTicks(QString::number(daemonPid));
        const QStringList pids = QDir(u"/proc"_s).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
        for (const QString& pid : pids) {
            QFile comm(u"/proc/"_s + pid + u"/comm"_s);
            if (pid.front().isDigit() && comm.open(QIODevice::ReadOnly) && comm.readAll().trimmed() == "postgres")
                c.postgres += processTicks(pid);
        }
        QFile stat(u"/proc/stat"_s);
        if (stat.open(QIODevice::ReadOnly)) {
            // "cpu  user nice system idle iowait irq softirq steal ...": busy = all but idle and iowait.
            const QList<QByteArray> f = stat.readLine().simplified().split(' ');
            for (int i = 1; i < f.size() && i <= 8; ++i) {
                if (i != 4 && i != 5)
                    c.total += f[i].toLongLong();
            }
        }
        return c;
    }
};

QString cpuReport(const CpuSplit& a, const CpuSplit& b, double seconds)
{
    const double hz = double(sysconf(_SC_CLK_TCK));
    const auto cores = [&](qint64 ticks) {
        return QString::number(double(ticks) / hz / seconds, 'f', 2);
    };
    const qint64 other = (b.total - a.total) - (b.self - a.self) - (b.daemon - a.daemon) - (b.postgres - a.postgres);
    return u"CPU while sending, in cores of %1: senders %2, paydeskd %3, postgres %4, other %5, busy %6"_s.arg(
        QString::number(QThread::idealThreadCount()),
        cores(b.self - a.self),
        cores(b.daemon - a.daemon),
        cores(b.postgres - a.postgres),
        cores(qMax<qint64>(0, other)),
        cores(b.total - a.total));
}

struct PgbenchResult
{
    double tps = 0;
    QString detail;
};

// Creates the tables both pgbench scripts write to.
void createPgbenchTables(const Database& db)
{
    auto conn = db.connection();
    for (const QString& statement :
        { u"CREATE TABLE bench_notifications (id BIGSERIAL PRIMARY KEY, channel TEXT NOT NULL, notification_id TEXT, "
          u"verdict TEXT NOT NULL, headers TEXT NOT NULL, body BYTEA NOT NULL, received_at BIGINT NOT NULL)"_s,
            u"CREATE UNIQUE INDEX bench_notifications_uq ON bench_notifications (channel, notification_id)"_s,
            u"CREATE TABLE bench_payments (id BIGINT PRIMARY KEY, status TEXT NOT NULL, version BIGINT NOT NULL, "
            u"updated_at BIGINT NOT NULL)"_s,
            u"INSERT INTO bench_payments SELECT g, 'PENDING', 0, 0 FROM generate_series(1, 100000) g"_s,
            u"CREATE TABLE bench_history (id BIGSERIAL PRIMARY KEY, entity_id BIGINT NOT NULL, from_status TEXT, "
            u"to_status TEXT, cause TEXT, actor TEXT, detail TEXT, created_at BIGINT)"_s,
            u"CREATE TABLE bench_audit (id BIGINT PRIMARY KEY, actor TEXT, action TEXT, detail TEXT, prev_hash TEXT, "
            u"hash TEXT)"_s,
            u"CREATE TABLE bench_audit_head (id INT PRIMARY KEY, last_id BIGINT NOT NULL, last_hash TEXT NOT NULL)"_s,
            u"INSERT INTO bench_audit_head VALUES (1, 0, '')"_s,
            u"CREATE TABLE bench_event_counter (id INT PRIMARY KEY, last_seq BIGINT NOT NULL)"_s,
            u"INSERT INTO bench_event_counter VALUES (1, 0)"_s,
            u"CREATE TABLE bench_events (seq BIGINT PRIMARY KEY, kind TEXT, entity_id BIGINT, payload TEXT, "
            u"created_at BIGINT)"_s })
        (void)sql::execRaw(*conn, statement);
}

PgbenchResult runPgbench(const QString& url, const QByteArray& script)
{
    QTemporaryDir dir;
    const QString file = dir.filePath(u"ingest.sql"_s);
    QFile f(file);
    if (!f.open(QIODevice::WriteOnly))
        return { 0, u"cannot write the pgbench script"_s };
    f.write(script);
    f.close();
    QProcess pgbench;
    pgbench.start(u"/usr/lib/postgresql/15/bin/pgbench"_s,
        { u"-n"_s, u"-c"_s, u"8"_s, u"-j"_s, u"2"_s, u"-T"_s, u"10"_s, u"-f"_s, file, url });
    if (!pgbench.waitForFinished(60000))
        return { 0, u"pgbench did not finish"_s };
    const QString text = QString::fromUtf8(pgbench.readAllStandardOutput() + pgbench.readAllStandardError());
    const auto m = QRegularExpression(u"tps = ([0-9.]+)"_s).match(text);
    if (!m.hasMatch())
        return { 0, text };
    return { m.captured(1).toDouble(), {} };
}

// Two row writes: what a plain "insert the notification, update the payment" service would do.
const QByteArray kTwoWrites = "\\set pid random(1, 100000)\n"
                              "BEGIN;\n"
                              "INSERT INTO bench_notifications (channel, notification_id, verdict, headers, body, "
                              "received_at) VALUES ('wechatpay', md5(random()::text || clock_timestamp()::text), "
                              "'accepted', repeat('h', 400), convert_to(repeat('b', 900), 'UTF8'), 0);\n"
                              "UPDATE bench_payments SET status = 'SUCCEEDED', version = version + 1, updated_at = 1 "
                              "WHERE id = :pid;\n"
                              "END;\n";

// The writes one accepted notification makes in PayDesk, in the same order: the payment row locked, the raw
// notification, the guarded update, the history row, then the two single-row heads every writer serialises on (the
// audit chain's and the event sequence's) with their rows, and the NOTIFY. This is the comparable floor.
const QByteArray kSameWrites = "\\set pid random(1, 100000)\n"
                               "BEGIN;\n"
                               "SELECT status FROM bench_payments WHERE id = :pid FOR UPDATE;\n"
                               "INSERT INTO bench_notifications (channel, notification_id, verdict, headers, body, "
                               "received_at) VALUES ('wechatpay', md5(random()::text || clock_timestamp()::text), "
                               "'accepted', repeat('h', 400), convert_to(repeat('b', 900), 'UTF8'), 0);\n"
                               "UPDATE bench_payments SET status = 'SUCCEEDED', version = version + 1, updated_at = 1 "
                               "WHERE id = :pid;\n"
                               "INSERT INTO bench_history (entity_id, from_status, to_status, cause, actor, detail, "
                               "created_at) VALUES (:pid, 'PENDING', 'SUCCEEDED', 'channel.notification', 'system', "
                               "'{}', 0);\n"
                               "UPDATE bench_audit_head SET last_id = last_id + 1, last_hash = md5(last_hash || :pid) "
                               "WHERE id = 1;\n"
                               "INSERT INTO bench_audit SELECT last_id, 'system', 'payment.paid', '{}', '', last_hash "
                               "FROM bench_audit_head WHERE id = 1;\n"
                               "UPDATE bench_event_counter SET last_seq = last_seq + 1 WHERE id = 1;\n"
                               "INSERT INTO bench_events SELECT last_seq, 'payment.status', :pid, '{}', 0 "
                               "FROM bench_event_counter WHERE id = 1;\n"
                               "SELECT pg_notify('bench_events', :pid::text);\n"
                               "END;\n";

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    if (qEnvironmentVariableIsEmpty("PD_TEST_PG_URL")) {
        out() << "bench_notify_ingest: PD_TEST_PG_URL is not set (scripts/bench sets it); skipped\n";
        return 0;
    }
    QFile loadavg(u"/proc/loadavg"_s);
    const QString loadBefore =
        loadavg.open(QIODevice::ReadOnly) ? QString::fromLatin1(loadavg.readAll().left(14)).trimmed() : u"?"_s;
    qputenv("PD_TEST_DB", "pg");
    QString why;
    auto t = TestDatabase::create(&why);
    if (!t) {
        out() << "bench_notify_ingest: " << why << "\n";
        return 1;
    }
    PaydeskdRig rig(*t);
    // No jobs: this measures the notification path alone.
    // PD_BENCH_DAEMON_ARGS adds paydeskd options, to compare settings ("--group-commit 1" turns grouping off).
    const QStringList daemonArgs = QStringList { u"--no-jobs"_s, u"--workers"_s, u"8"_s }
        + QProcess::splitCommand(qEnvironmentVariable("PD_BENCH_DAEMON_ARGS"));
    out() << "paydeskd " << daemonArgs.join(u' ') << "\n";
    if (auto st = rig.start(daemonArgs); !st) {
        out() << "bench_notify_ingest: " << st.error().detail << "\n";
        return 1;
    }
    auto templ = rig.charge(ChannelKind::WeChatPay, 1000);
    QList<Payment> payments;
    if (!templ || !clonePayments(rig.db(), *templ, kUnique, &payments)) {
        out() << "bench_notify_ingest: cannot create the payments\n";
        return 1;
    }
    out() << "signing " << kUnique << " notifications...\n";
    out().flush();
    QList<NotificationPost> unique(kUnique);
    QList<int> indexes(kUnique);
    std::iota(indexes.begin(), indexes.end(), 0);
    QtConcurrent::blockingMap(indexes, [&](int i) {
        unique[i] = rig.wechatPaid(payments[i]);
    });
    // Every fifth post repeats one sent earlier (20% duplicates), as a channel's retries do.
    QList<int> order;
    order.reserve(kTotal);
    int next = 0;
    for (int i = 0; i < kTotal; ++i)
        order.append((i % 5 == 4 && next > 0) ? int(QRandomGenerator::global()->bounded(next)) : next++);

    // The requests' bytes are built before the clock starts: the senders stand in for the channel's machines.
    QList<QByteArray> requests;
    {
        RawHttpSender builder("127.0.0.1", rig.daemon().port());
        for (const NotificationPost& post : unique)
            requests.append(builder.build("/notify/wechatpay", post.headers, post.body));
    }
    std::atomic<int> cursor { 0 };
    std::atomic<int> failures { 0 };
    QList<QList<qint64>> latencies(kSenders);
    const CpuSplit cpuBefore = CpuSplit::now(rig.daemon().processId());
    QElapsedTimer wall;
    wall.start();
    QList<QFuture<void>> senders;
    QThreadPool pool;
    pool.setMaxThreadCount(kSenders);
    for (int s = 0; s < kSenders; ++s) {
        senders.append(QtConcurrent::run(&pool, [&, s] {
            RawHttpSender client("127.0.0.1", rig.daemon().port());
            for (int i = cursor.fetch_add(1); i < order.size(); i = cursor.fetch_add(1)) {
                QElapsedTimer one;
                one.start();
                auto r = client.send(requests[order[i]]);
                latencies[s].append(one.nsecsElapsed());
                if (!r || (*r != 200 && *r != 204))
                    failures.fetch_add(1);
            }
        }));
    }
    for (auto& f : senders)
        f.waitForFinished();
    const double seconds = double(wall.nsecsElapsed()) / 1e9;
    const CpuSplit cpuAfter = CpuSplit::now(rig.daemon().processId());
    QList<qint64> all;
    for (const auto& l : latencies)
        all += l;
    std::sort(all.begin(), all.end());
    const auto pct = [&all](double q) {
        return all.isEmpty() ? 0.0 : double(all[qsizetype(q * (all.size() - 1))]) / 1e6;
    };
    const double rate = double(all.size()) / seconds;
    const qint64 succeeded = rig.count(u"payments"_s, u"status = 'SUCCEEDED'"_s);

    out() << "paydeskd ingest (PostgreSQL, " << kSenders << " senders, " << kTotal
          << " posts, 20% duplicates): " << QString::number(rate, 'f', 0) << " notifications/s, p50 "
          << QString::number(pct(0.50), 'f', 2) << " ms, p99 " << QString::number(pct(0.99), 'f', 2) << " ms, "
          << failures.load() << " failed, " << succeeded << " payments SUCCEEDED (of " << kUnique
          << " + 1 pending template)\n"
          << cpuReport(cpuBefore, cpuAfter, seconds) << " (load before the run: " << loadBefore << ")\n";
    out().flush();
    const double groups = rig.daemon().metric("paydesk_notification_groups_total");
    const double grouped = rig.daemon().metric("paydesk_notification_grouped_total");
    out() << "group commit: " << grouped << " notifications in " << groups << " transactions (mean "
          << QString::number(groups > 0 ? grouped / groups : 0.0, 'f', 1) << " per commit), "
          << rig.daemon().metric("paydesk_notification_group_fallbacks_total") << " groups done one at a time\n";
    out().flush();
    (void)rig.daemon().terminate();

    createPgbenchTables(rig.db());
    const PgbenchResult same = runPgbench(t->url(), kSameWrites);
    const PgbenchResult two = runPgbench(t->url(), kTwoWrites);
    if (same.tps <= 0 || two.tps <= 0) {
        out() << "pgbench failed: " << same.detail << two.detail << "\n";
        return 1;
    }
    out() << "pgbench, the same writes as one notification (row lock, 4 inserts, 3 updates incl. the two head rows, "
             "NOTIFY; -c 8 -j 2 -T 10): "
          << QString::number(same.tps, 'f', 0) << " tps; ingest is " << QString::number(100.0 * rate / same.tps, 'f', 1)
          << "% of it (goal >= 70%)\n"
          << "pgbench, two writes only (INSERT notification + UPDATE payment): " << QString::number(two.tps, 'f', 0)
          << " tps; ingest is " << QString::number(100.0 * rate / two.tps, 'f', 1) << "% of it\n"
          << "goal >= 3000 notifications/s: " << (rate >= 3000 ? "met" : "not met") << "\n";
    return 0;
}
