// The payments browser over 1,000,000 payments, on SQLite (temporary file) and PostgreSQL ($PD_TEST_PG_URL, a fresh
// database; skipped with a note when unset). Prints, through PaymentQuery (what opening the browser's model costs):
// open (first page), apply a filter, find one order number (and one channel transaction id), jump to the last row,
// plus each query's plan, so an index that stops being used shows here. Goal: each under 200 ms.
//
//   bench_browser [--rows N] [--repeat R]
//
// Times are the median of R runs after one untimed warm-up; "cold" is the very first run.

#include <algorithm>
#include <cstdio>
#include <functional>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QSqlQuery>

#include "core/store/PaymentQuery.h"
#include "core/store/Sql.h"
#include "core/store/SqlTransaction.h"
#include "tests/support/FakeClock.h"
#include "tests/support/TestDatabase.h"

using namespace paydesk;
using namespace paydesk::test;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 kT0 = 1700000000000;
constexpr qint64 kStepMs = 30000; // one payment every 30 s: 1M rows span about a year
constexpr int kUsers = 8;

QString generator(bool pg, qint64 first, qint64 last)
{
    // Deterministic rows: a third Alipay, 5% pending (no transaction id yet), 5% closed, refunds sprinkled in.
    // Tokens are replaced by name (QString::arg would read printf's "%010d" as a placeholder).
    QString select = u"SELECT {NO}, CASE WHEN {I} % 3 = 0 THEN 'alipay' ELSE 'wechatpay' END, "
                     u"CASE {I} % 20 WHEN 0 THEN 'CLOSED' WHEN 1 THEN 'PENDING' WHEN 2 THEN 'REFUNDED' "
                     u"WHEN 3 THEN 'PARTIALLY_REFUNDED' ELSE 'SUCCEEDED' END, {AMOUNT}, 'CNY', "
                     u"CASE {I} % 20 WHEN 2 THEN {AMOUNT} WHEN 3 THEN 100 ELSE 0 END, "
                     u"CASE WHEN {I} % 20 IN (0, 1) THEN NULL ELSE {TXN} END, "
                     u"CASE WHEN {I} % 20 IN (0, 1) THEN NULL ELSE {T0} + {I} * {STEP} + 4000 END, "
                     u"1 + {I} % {USERS}, {T0} + {I} * {STEP}, {T0} + {I} * {STEP}"_s;
    select.replace(u"{NO}"_s, pg ? u"'PD' || lpad(g.i::text, 10, '0')"_s : u"printf('PD%010d', s.i)"_s)
        .replace(u"{TXN}"_s, pg ? u"'42' || lpad(g.i::text, 12, '0')"_s : u"printf('42%012d', s.i)"_s)
        .replace(u"{AMOUNT}"_s, u"(100 + ({I} * 7919) % 100000)"_s)
        .replace(u"{I}"_s, pg ? u"g.i::bigint"_s : u"s.i"_s)
        .replace(u"{T0}"_s, QString::number(kT0))
        .replace(u"{STEP}"_s, QString::number(kStepMs))
        .replace(u"{USERS}"_s, QString::number(kUsers));
    const QString insert = u"INSERT INTO payments (out_trade_no, channel, status, amount_minor, currency, "
                           u"refunded_minor, channel_txn_id, paid_at, cashier_id, created_at, updated_at) "_s;
    if (pg)
        return insert + select + u" FROM generate_series(%1, %2) AS g(i)"_s.arg(first).arg(last);
    return u"WITH RECURSIVE s(i) AS (SELECT %1 UNION ALL SELECT i + 1 FROM s WHERE i < %2) "_s.arg(first).arg(last)
        + insert + select + u" FROM s"_s;
}

bool generate(const Database& db, qint64 rows)
{
    auto conn = db.connection();
    const bool pg = db.engine() == DbEngine::Postgres;
    for (int u = 1; u <= kUsers; ++u) {
        if (!sql::exec(*conn,
                u"INSERT INTO users (id, username, display_name, role, password_hash, created_at, updated_at) "
                u"VALUES (:id, :name, :display, 'cashier', 'x', 0, 0)"_s,
                { { u":id"_s, u }, { u":name"_s, u"cashier%1"_s.arg(u) }, { u":display"_s, u"收银员%1"_s.arg(u) } }))
            return false;
    }
    constexpr qint64 kChunk = 200000; // big transactions: one per 200k rows
    for (qint64 first = 1; first <= rows; first += kChunk) {
        SqlTransaction tx(*conn, db.dialect());
        if (auto s = sql::execRaw(*conn, generator(pg, first, std::min(rows, first + kChunk - 1))); !s) {
            std::fprintf(stderr, "generate: %s\n", qPrintable(s.error().detail));
            return false;
        }
        if (!tx.commit())
            return false;
        std::printf("  generated %lld rows\r", static_cast<long long>(std::min(rows, first + kChunk - 1)));
        std::fflush(stdout);
    }
    std::printf("\n");
    if (pg) // the planner needs statistics for a table that grew by a million rows at once
        return bool(sql::execRaw(*conn, u"ANALYZE payments"_s));
    return true;
}

void explain(const Database& db, const QString& label, const QString& where, const QString& order)
{
    auto conn = db.connection();
    const bool pg = db.engine() == DbEngine::Postgres;
    const QString statement = (pg ? u"EXPLAIN "_s : u"EXPLAIN QUERY PLAN "_s)
        + u"SELECT p.id FROM payments p LEFT JOIN users u ON u.id = p.cashier_id "_s + where + order + u" LIMIT 200"_s;
    QSqlQuery q(*conn);
    if (!q.exec(statement))
        return;
    std::printf("    plan %-10s:", qPrintable(label));
    while (q.next())
        std::printf(" %s |", qPrintable(q.value(pg ? 0 : 3).toString().simplified()));
    std::printf("\n");
}

struct Timing
{
    double coldMs = 0;
    double medianMs = 0;
    qsizetype rows = 0;
};

Timing measure(int repeat, const std::function<qsizetype()>& run)
{
    Timing t;
    QElapsedTimer timer;
    timer.start();
    t.rows = run();
    t.coldMs = double(timer.nsecsElapsed()) / 1e6;
    QList<double> times;
    for (int i = 0; i < repeat; ++i) {
        timer.restart();
        run();
        times << double(timer.nsecsElapsed()) / 1e6;
    }
    std::sort(times.begin(), times.end());
    t.medianMs = times.isEmpty() ? t.coldMs : times[times.size() / 2];
    return t;
}

bool runEngine(const QString& engine, qint64 rows, int repeat)
{
    qputenv("PD_TEST_DB", engine.toUtf8());
    QString why;
    auto t = TestDatabase::create(&why);
    if (!t) {
        std::printf("%s: skipped (%s)\n", qPrintable(engine), qPrintable(why));
        return engine == u"pg"_s && !TestDatabase::postgresRequired();
    }
    const Database& db = *t->db();
    std::printf("%s: generating %lld payments...\n", qPrintable(engine), static_cast<long long>(rows));
    QElapsedTimer gen;
    gen.start();
    if (!generate(db, rows))
        return false;
    std::printf("  generated in %.1f s\n", double(gen.elapsed()) / 1000.0);

    FakeClock clock;
    PaymentQuery query(db, clock);
    PaymentFilter filter;
    filter.channel = ChannelKind::Alipay;
    filter.statuses = { domain::PaymentStatus::Succeeded, domain::PaymentStatus::PartiallyRefunded };
    filter.cashierId = 3;
    filter.minAmountMinor = 50000;
    PaymentFilter lastMonth;
    lastMonth.from = QDateTime::fromMSecsSinceEpoch(kT0 + (rows - 86400) * kStepMs, Qt::UTC);
    PaymentFilter oneOldDay; // a narrow range far from the newest rows: the id order alone would scan to it
    oneOldDay.from = QDateTime::fromMSecsSinceEpoch(kT0 + (rows / 4) * kStepMs, Qt::UTC);
    oneOldDay.to = oneOldDay.from.addDays(1);
    PaymentFilter oneOldDayAlipay = oneOldDay;
    oneOldDayAlipay.channel = ChannelKind::Alipay;
    // With a date range the pages follow (created_at, id); page 2 starts after the first page's last row.
    const auto firstOfDay = query.page(oneOldDay, std::nullopt, 200);
    const std::optional<qint64> oneOldDayPage2 =
        firstOfDay && !firstOfDay->isEmpty() ? std::optional<qint64>(firstOfDay->last().id) : std::nullopt;
    PaymentFilter byNo;
    byNo.search = u"PD%1"_s.arg(rows / 2 + 7, 10, 10, QLatin1Char('0'));
    PaymentFilter byTxn;
    byTxn.search = u"42%1"_s.arg(rows / 3 + 5, 12, 10, QLatin1Char('0'));

    auto pageRows = [](const Result<QList<PaymentRow>>& r) {
        return r ? r->size() : qsizetype(-1);
    };
    const QList<std::pair<QString, std::function<qsizetype()>>> cases {
        { u"open (first 200)"_s,
            [&] {
                return pageRows(query.page({}, std::nullopt, 200));
            } },
        { u"scroll (page 2)"_s,
            [&] {
                return pageRows(query.page({}, rows - 200 + 1, 200));
            } },
        { u"filter (alipay+status+cashier+amount)"_s,
            [&] {
                return pageRows(query.page(filter, std::nullopt, 200));
            } },
        { u"filter (last 30 days)"_s,
            [&] {
                return pageRows(query.page(lastMonth, std::nullopt, 200));
            } },
        { u"filter (one day, long ago)"_s,
            [&] {
                return pageRows(query.page(oneOldDay, std::nullopt, 200));
            } },
        { u"scroll (one day, page 2)"_s,
            [&] {
                return pageRows(query.page(oneOldDay, oneOldDayPage2, 200));
            } },
        { u"filter (one day, long ago, alipay)"_s,
            [&] {
                return pageRows(query.page(oneOldDayAlipay, std::nullopt, 200));
            } },
        { u"jump to last (one day)"_s,
            [&] {
                return pageRows(query.lastPage(oneOldDay, 200));
            } },
        { u"find order no."_s,
            [&] {
                return pageRows(query.page(byNo, std::nullopt, 200));
            } },
        { u"find channel txn id"_s,
            [&] {
                return pageRows(query.page(byTxn, std::nullopt, 200));
            } },
        { u"jump to last row"_s,
            [&] {
                return pageRows(query.lastPage({}, 200));
            } },
        { u"jump to last (filtered)"_s,
            [&] {
                return pageRows(query.lastPage(filter, 200));
            } },
    };
    bool ok = true;
    for (const auto& [label, run] : cases) {
        const Timing timing = measure(repeat, run);
        const bool fast = timing.medianMs < 200.0 && timing.coldMs < 200.0;
        ok = ok && fast && timing.rows >= 0;
        std::printf("  %-40s %8.2f ms median  %8.2f ms cold  %4lld rows  %s\n",
            qPrintable(label),
            timing.medianMs,
            timing.coldMs,
            static_cast<long long>(timing.rows),
            fast ? "ok" : "SLOW");
    }
    explain(db, u"open"_s, {}, u" ORDER BY p.id DESC"_s);
    explain(db,
        u"filter"_s,
        u"WHERE p.channel = 'alipay' AND p.status IN ('SUCCEEDED', 'PARTIALLY_REFUNDED') AND p.cashier_id = 3 "
        u"AND p.amount_minor >= 50000"_s,
        u" ORDER BY p.id DESC"_s);
    // Date-filtered pages are ordered by (created_at, id) (PaymentQuery::orderedByTime).
    explain(db,
        u"30 days"_s,
        u"WHERE p.created_at >= %1"_s.arg(lastMonth.from.toMSecsSinceEpoch()),
        u" ORDER BY p.created_at DESC, p.id DESC"_s);
    explain(db,
        u"one day"_s,
        u"WHERE p.created_at >= %1 AND p.created_at < %2"_s.arg(oneOldDay.from.toMSecsSinceEpoch())
            .arg(oneOldDay.to.toMSecsSinceEpoch()),
        u" ORDER BY p.created_at DESC, p.id DESC"_s);
    // As PaymentQuery writes it: on SQLite the unary + keeps the channel index out of a date-ordered plan.
    const QString channelColumn = db.engine() == DbEngine::Sqlite ? u"+p.channel"_s : u"p.channel"_s;
    explain(db,
        u"day+alipay"_s,
        QString(u"WHERE p.created_at >= %1 AND p.created_at < %2 AND "_s + channelColumn + u" = 'alipay'"_s)
            .arg(oneOldDay.from.toMSecsSinceEpoch())
            .arg(oneOldDay.to.toMSecsSinceEpoch()),
        u" ORDER BY p.created_at DESC, p.id DESC"_s);
    explain(db, u"find"_s, u"WHERE (p.out_trade_no = 'PD1' OR p.channel_txn_id = 'PD1')"_s, u" ORDER BY p.id DESC"_s);
    explain(db, u"last"_s, {}, u" ORDER BY p.id ASC"_s);
    return ok;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    qint64 rows = 1000000;
    int repeat = 5;
    if (const auto i = args.indexOf(u"--rows"_s); i > 0 && i + 1 < args.size())
        rows = args[i + 1].toLongLong();
    if (const auto i = args.indexOf(u"--repeat"_s); i > 0 && i + 1 < args.size())
        repeat = args[i + 1].toInt();
    bool ok = runEngine(u"sqlite"_s, rows, repeat);
    if (qEnvironmentVariableIsEmpty("PD_TEST_PG_URL"))
        std::printf("pg: skipped (PD_TEST_PG_URL is not set)\n");
    else
        ok = runEngine(u"pg"_s, rows, repeat) && ok;
    std::printf("%s\n", ok ? "all under 200 ms" : "SOME ABOVE 200 ms");
    return ok ? 0 : 1;
}
