// paydeskd: the headless service for shared deployments. Composition root: database, channels, the notification
// server, the background jobs, signals.
//
//   paydeskd --db URL --listen HOST:PORT [--admin-listen HOST:PORT|off] [--notify-base-url URL] [--no-jobs]
//            [--workers N] [--group-commit N] [--max-body-bytes N] [--max-header-bytes N] [--request-timeout-ms N]
//            [--max-connections N] [--rejected-burst N] [--rejected-per-minute N]
//            [--poll-every-ms N] [--expire-every-ms N] [--refund-sync-every-ms N] [--outbox-every-ms N]
//            [--query-interval-ms N] [--backoff-base-ms N] [--lease-ms N]
#include <cstdio>
#include <cstdlib>
#include <optional>

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QHostInfo>
#include <QThreadPool>

#include "app/paydeskd/DaemonChannels.h"
#include "core/log/Log.h"
#include "core/server/JobRunner.h"
#include "core/server/Metrics.h"
#include "core/server/ServiceHttpServer.h"
#include "core/service/ChannelFactApplier.h"
#include "core/service/ChannelRegistry.h"
#include "core/service/NotificationService.h"
#include "core/service/RefundService.h"
#include "core/service/SyncService.h"
#include "core/store/ChannelConfigStore.h"
#include "core/store/Database.h"
#include "core/store/DatabaseUrl.h"
#include "core/util/Clock.h"
#include "core/util/TermSignals.h"

using namespace Qt::StringLiterals;
using namespace paydesk;

namespace {

struct IntOption
{
    QCommandLineOption option;
    int fallback;
};

int intValue(const QCommandLineParser& parser, const IntOption& o)
{
    bool ok = false;
    const int v = parser.value(o.option).toInt(&ok);
    return ok && v >= 0 ? v : o.fallback;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"paydesk"_s);
    QCoreApplication::setApplicationVersion(u"0.1.0"_s);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"PayDesk service: channel notifications, background jobs, health, metrics"_s);
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption dbOption(u"db"_s, u"Database URL (or $PAYDESK_DB)"_s, u"url"_s);
    QCommandLineOption listenOption(
        u"listen"_s, u"HOST:PORT for channel notifications (/notify/* only)"_s, u"address"_s, u"127.0.0.1:8780"_s);
    QCommandLineOption adminOption(u"admin-listen"_s,
        u"HOST:PORT for /healthz and /metrics; keep it private (\"off\": none)"_s,
        u"address"_s,
        u"127.0.0.1:8781"_s);
    QCommandLineOption notifyOption(u"notify-base-url"_s,
        u"Public URL of this service; channels are told <url>/notify/<channel> "
        u"(default: the notify URL stored with each channel)"_s,
        u"url"_s);
    QCommandLineOption noJobsOption(u"no-jobs"_s, u"Serve notifications only; run no background jobs"_s);
    const JobSchedule defaults;
    const SyncOptions syncDefaults;
    const ServerOptions serverDefaults;
    const IntOption workers { { u"workers"_s, u"Notification worker threads"_s, u"n"_s },
        serverDefaults.workerThreads };
    const ConnectionLimits& limitDefaults = serverDefaults.connection;
    const IntOption maxBody { { u"max-body-bytes"_s, u"Largest notification body accepted"_s, u"n"_s },
        int(limitDefaults.maxBodyBytes) };
    const IntOption maxHeader { { u"max-header-bytes"_s, u"Largest request line and headers accepted"_s, u"n"_s },
        int(limitDefaults.maxHeaderBytes) };
    const IntOption requestTimeout { { u"request-timeout-ms"_s,
                                         u"Time to receive a whole request (idle connections close after it too)"_s,
                                         u"ms"_s },
        limitDefaults.requestTimeoutMs };
    const IntOption maxConnections { { u"max-connections"_s, u"Open connections per listener"_s, u"n"_s },
        limitDefaults.maxConnections };
    const IntOption rejectedBurst {
        { u"rejected-burst"_s, u"Unverified notifications stored at once from one source address"_s, u"n"_s },
        serverDefaults.rejections.perSourceBurst
    };
    const IntOption rejectedRate {
        { u"rejected-per-minute"_s, u"Unverified notifications stored per minute from one source address"_s, u"n"_s },
        serverDefaults.rejections.perSourcePerMinute
    };
    const IntOption pollEvery { { u"poll-every-ms"_s, u"poll_pending job cadence (0: off)"_s, u"ms"_s },
        defaults.pollPendingMs };
    const IntOption expireEvery { { u"expire-every-ms"_s, u"expire_pending job cadence (0: off)"_s, u"ms"_s },
        defaults.expirePendingMs };
    const IntOption refundEvery { { u"refund-sync-every-ms"_s, u"sync_refunds job cadence (0: off)"_s, u"ms"_s },
        defaults.syncRefundsMs };
    const IntOption outboxEvery { { u"outbox-every-ms"_s, u"outbox job cadence (0: off)"_s, u"ms"_s },
        defaults.outboxMs };
    const IntOption queryInterval { { u"query-interval-ms"_s, u"How often one pending payment is queried"_s, u"ms"_s },
        int(syncDefaults.pollIntervalMs) };
    const IntOption backoffBase { { u"backoff-base-ms"_s, u"First retry delay after a channel failure"_s, u"ms"_s },
        int(syncDefaults.backoffBaseMs) };
    const NotificationBatching batchingDefaults;
    const IntOption groupMax {
        { u"group-commit"_s, u"Most notifications committed in one transaction (1: one at a time)"_s, u"n"_s },
        batchingDefaults.maxBatch
    };
    const IntOption groupConcurrent { { u"group-commits"_s, u"Group commits running at once"_s, u"n"_s },
        batchingDefaults.concurrentBatches };
    const IntOption leaseMs { { u"lease-ms"_s, u"Job lease; a dead owner's job is taken over after it"_s, u"ms"_s },
        int(syncDefaults.leaseMs) };
    parser.addOption(dbOption);
    parser.addOption(listenOption);
    parser.addOption(adminOption);
    parser.addOption(notifyOption);
    parser.addOption(noJobsOption);
    for (const IntOption* o : { &workers,
             &maxBody,
             &maxHeader,
             &requestTimeout,
             &maxConnections,
             &rejectedBurst,
             &rejectedRate,
             &pollEvery,
             &expireEvery,
             &refundEvery,
             &outboxEvery,
             &queryInterval,
             &backoffBase,
             &leaseMs,
             &groupMax,
             &groupConcurrent })
        parser.addOption(o->option);
    parser.process(app);
    log::init({}, spdlog::level::info);

    QString url = parser.value(dbOption);
    if (url.isEmpty())
        url = qEnvironmentVariable("PAYDESK_DB");
    if (url.isEmpty())
        url = defaultDatabaseUrl();
    auto db = Database::open(url);
    if (!db) {
        log::server()->critical("database: {}", db.error().detail);
        return 1;
    }
    if (auto m = (*db)->migrate(); !m) {
        log::server()->critical("migration: {}", m.error().detail);
        return 1;
    }
    // The audit chain's key comes from the master key, as the channels' secrets do. Without it nothing audited
    // can be written: notifications are then refused (and retried by the channels) rather than weakly chained.
    if (auto box = openMasterKey(/*createIfMissing*/ false); !box)
        log::server()->error("audit key: {}", box.error().detail);
    else if (auto k = (*db)->setAuditKey(*box); !k)
        log::server()->error("audit key: {}", k.error().detail);
    auto address = parseListenAddress(parser.value(listenOption));
    if (!address) {
        log::server()->critical("{}", address.error().detail);
        return 2;
    }
    // Health and metrics are for the operator: on their own listener, never on the port the channels reach.
    std::optional<std::pair<QHostAddress, quint16>> adminAddress;
    if (const QString admin = parser.value(adminOption); !admin.isEmpty() && admin != u"off"_s) {
        auto parsed = parseListenAddress(admin);
        if (!parsed) {
            log::server()->critical("--admin-listen: {}", parsed.error().detail);
            return 2;
        }
        adminAddress = *parsed;
    }

    const Clock& clock = SystemClock::instance();
    const QString owner = u"paydeskd@%1:%2"_s.arg(QHostInfo::localHostName()).arg(QCoreApplication::applicationPid());
    ChannelRegistry registry;
    DaemonChannels channels(**db, clock, registry);
    if (auto loaded = channels.load(parser.value(notifyOption)); !loaded) {
        // Health and metrics still serve; notifications are answered 503 so the channels retry later.
        log::server()->error("channels: {} ({})", errorCodeName(loaded.error().code), loaded.error().detail);
    }
    ChannelFactApplier applier(**db, clock);
    NotificationBatching batching;
    batching.maxBatch = qMax(1, intValue(parser, groupMax));
    batching.concurrentBatches = qMax(1, intValue(parser, groupConcurrent));
    NotificationService notifications(**db, clock, registry, applier, batching);
    RefundServiceOptions refundOptions;
    refundOptions.owner = owner;
    RefundService refunds(**db, clock, registry, applier, refundOptions);
    SyncOptions syncOptions;
    syncOptions.owner = owner;
    syncOptions.pollIntervalMs = intValue(parser, queryInterval);
    syncOptions.backoffBaseMs = intValue(parser, backoffBase);
    syncOptions.leaseMs = qMax(1000, intValue(parser, leaseMs));
    SyncService sync(**db, clock, registry, applier, refunds, syncOptions);

    Metrics metrics;
    ServerOptions serverOptions;
    serverOptions.workerThreads = qMax(1, intValue(parser, workers));
    serverOptions.connection.maxBodyBytes = qMax(1024, intValue(parser, maxBody));
    serverOptions.connection.maxHeaderBytes = qMax(1024, intValue(parser, maxHeader));
    serverOptions.connection.requestTimeoutMs = qMax(100, intValue(parser, requestTimeout));
    serverOptions.connection.maxConnections = qMax(1, intValue(parser, maxConnections));
    serverOptions.rejections.perSourceBurst = intValue(parser, rejectedBurst);
    serverOptions.rejections.perSourcePerMinute = intValue(parser, rejectedRate);
    ServiceHttpServer server(*db, metrics, clock, serverOptions);
    server.setNotificationService(&notifications);
    JobSchedule schedule;
    schedule.pollPendingMs = intValue(parser, pollEvery);
    schedule.expirePendingMs = intValue(parser, expireEvery);
    schedule.syncRefundsMs = intValue(parser, refundEvery);
    schedule.outboxMs = intValue(parser, outboxEvery);
    JobRunner jobs(sync, metrics, schedule);

    auto port = server.listen(address->first, address->second);
    if (!port) {
        log::server()->critical("{}", port.error().detail);
        return 1;
    }
    QString adminAt = u"off"_s;
    if (adminAddress) {
        auto adminPort = server.listenAdmin(adminAddress->first, adminAddress->second);
        if (!adminPort) {
            log::server()->critical("--admin-listen: {}", adminPort.error().detail);
            return 1;
        }
        adminAt = u"%1:%2"_s.arg(adminAddress->first.toString()).arg(*adminPort);
    }
    if (!parser.isSet(noJobsOption))
        jobs.start();
    quitOnTermSignals([&server, &jobs] {
        // Stop taking work, let every accepted notification commit and be answered, then leave. A kill at any
        // moment is safe as well: nothing is acknowledged before its commit, and leases expire.
        log::server()->info("SIGTERM: draining");
        const bool drained = server.drain(30000);
        const bool stopped = jobs.stop(30000);
        log::server()->info("shut down ({}{})",
            drained ? "notifications drained" : "notifications left unanswered",
            stopped ? "" : ", a job was still running");
        if (!drained || !stopped) {
            // Something is stuck (a channel call, the database): the destructors would wait for it without limit
            // and SIGTERM would never end the process. Leave now, non-zero; nothing unanswered was acknowledged
            // and leases expire, as after a kill.
            std::fflush(nullptr);
            std::_Exit(3);
        }
        QCoreApplication::quit();
    });
    log::server()->info("paydeskd {} listening on {}:{} (admin: {}) with {} (channels: {}; jobs: {})",
        owner,
        address->first.toString(),
        *port,
        adminAt,
        (*db)->url().redacted(),
        channels.describe(),
        parser.isSet(noJobsOption) ? "off" : "on");
    const int code = app.exec();
    // Let pool threads finish while Qt is still whole: a thread ending during static destruction must not be the
    // last one to touch the database layer.
    QThreadPool::globalInstance()->waitForDone(10000);
    return code;
}
