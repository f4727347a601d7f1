#include "app/paydesk/ConsoleServices.h"

#include <QCoreApplication>
#include <QHostInfo>
#include <QJsonObject>
#include <QtConcurrent>

#include "core/crypto/SecretBox.h"
#include "core/log/Log.h"
#include "core/server/JobRunner.h"
#include "core/server/Metrics.h"
#include "core/server/ServiceHttpServer.h"
#include "core/service/ChannelFactApplier.h"
#include "core/service/ChannelFactory.h"
#include "core/service/ChannelRegistry.h"
#include "core/service/NotificationService.h"
#include "core/service/PaymentService.h"
#include "core/service/RefundService.h"
#include "core/service/SyncService.h"
#include "core/sim/SimServer.h"
#include "core/store/ChannelConfigStore.h"
#include "core/store/Database.h"
#include "core/store/PaymentQuery.h"
#include "core/store/UserRepository.h"
#include "core/training/TrainingSetup.h"
#include "core/util/Clock.h"

using namespace Qt::StringLiterals;

namespace paydesk::app {

ConsoleServices::ConsoleServices(std::shared_ptr<Database> database,
    const Clock& clock,
    std::unique_ptr<crypto::SecretBox> box,
    Options options,
    QObject* parent)
    : QObject(parent)
    , m_database(std::move(database))
    , m_clock(clock)
    , m_box(std::move(box))
    , m_options(std::move(options))
{
    // The audit chain's key, from the same master key as the channel secrets (see Database::setAuditKey).
    if (auto k = m_database->setAuditKey(*m_box); !k)
        log::ui()->error("audit key: {}", k.error().detail);
    const Database& db = *m_database;
    m_users = std::make_unique<UserRepository>(db, m_clock);
    m_channelConfig = std::make_unique<ChannelConfigStore>(db, m_clock, *m_box);
    m_registry = std::make_unique<ChannelRegistry>();
    m_configured = std::make_unique<ConfiguredChannels>(*m_registry);
    m_applier = std::make_unique<ChannelFactApplier>(db, m_clock);
    m_payments = std::make_unique<PaymentService>(db, m_clock, *m_registry, *m_applier);
    RefundServiceOptions refundOptions;
    const QString owner = u"paydesk@%1:%2"_s.arg(QHostInfo::localHostName()).arg(QCoreApplication::applicationPid());
    refundOptions.owner = owner;
    m_refunds = std::make_unique<RefundService>(db, m_clock, *m_registry, *m_applier, refundOptions);
    m_notifications = std::make_unique<NotificationService>(db, m_clock, *m_registry, *m_applier);
    SyncOptions syncOptions;
    syncOptions.owner = owner;
    m_sync = std::make_unique<SyncService>(db, m_clock, *m_registry, *m_applier, *m_refunds, syncOptions);
    m_query = std::make_unique<PaymentQuery>(db, m_clock);
    m_metrics = std::make_unique<Metrics>();
}

ConsoleServices::~ConsoleServices()
{
    // Jobs and in-flight notifications use the services by reference: let them finish first.
    if (m_jobs)
        m_jobs->stop(10000);
    if (m_server)
        m_server->drain(10000);
}

Status ConsoleServices::startNotificationServer(const QString& listen)
{
    auto address = parseListenAddress(listen);
    if (!address)
        return tl::unexpected(address.error());
    m_server = std::make_unique<ServiceHttpServer>(m_database, *m_metrics, m_clock);
    m_server->setNotificationService(m_notifications.get());
    auto port = m_server->listen(address->first, address->second);
    if (!port)
        return tl::unexpected(port.error());
    const QString host = address->first.isLoopback() || address->first == QHostAddress(QHostAddress::Any)
        ? u"127.0.0.1"_s
        : address->first.toString();
    m_notifyBase = u"http://%1:%2"_s.arg(host).arg(*port);
    return {};
}

Status ConsoleServices::start()
{
    const QString listen =
        m_options.training && m_options.notifyListen.isEmpty() ? u"127.0.0.1:0"_s : m_options.notifyListen;
    if (!listen.isEmpty()) {
        if (auto s = startNotificationServer(listen); !s)
            return s;
    }
    if (m_options.training) {
        sim::SimOptions simOptions;
        simOptions.stateDir = m_options.simStateDir;
        simOptions.clock = &m_clock; // one clock for both sides, so protocol timestamps always agree
        m_sim = std::make_unique<sim::SimServer>(simOptions);
        if (auto s = m_sim->start(); !s)
            return s;
        if (auto port = m_sim->listenOn(QHostAddress::LocalHost, 0); !port)
            return tl::unexpected(port.error());
        // The simulator and this console's notification server listen on new ports each start: point the channels
        // at them again (audited, as every configuration change).
        auto account = m_users->ensureServiceAccount(u"system.training"_s, domain::Role::Admin);
        if (!account)
            return tl::unexpected(account.error());
        const Actor trainingSetup { account->id, account->username, account->role };
        if (auto s = configureForSimulator(*m_channelConfig, *m_sim, m_notifyBase, trainingSetup); !s)
            return s;
        log::ui()->info("training mode: simulator at {}", m_sim->baseUrl());
    }
    if (auto s = reloadChannels(); !s)
        return s;
    if (m_options.runJobs) {
        m_jobs = std::make_unique<JobRunner>(*m_sync, *m_metrics, JobSchedule {});
        m_jobs->start();
    }
    return {};
}

Status ConsoleServices::reloadChannels()
{
    // Jobs, notification workers, the cashier's polling and refund dialogs may be in the middle of channel calls:
    // they go on with the channel they hold (the registry shares ownership with them), new calls get the new one.
    return m_configured->load(*m_channelConfig, m_clock);
}

ui::MainWindowServices ConsoleServices::mainWindowServices()
{
    ui::MainWindowServices s { .database = m_database,
        .clock = m_clock,
        .users = *m_users,
        .payments = *m_payments,
        .refunds = *m_refunds,
        .query = *m_query,
        .training = m_options.training,
        .trainingCustomer = {},
        .simulatorPageUrl = {} };
    if (sim::SimServer* sim = m_sim.get()) {
        s.trainingCustomer = [sim](const QString& outTradeNo) -> Status {
            auto paid = sim->pay(outTradeNo);
            if (!paid)
                return tl::unexpected(paid.error());
            return {};
        };
        s.simulatorPageUrl = sim->baseUrl() + u"/sim/"_s;
    }
    return s;
}

ui::ChannelEditing ConsoleServices::channelEditing()
{
    return ui::ChannelEditing { .store = *m_channelConfig,
        .reload =
            [this] {
                return reloadChannels();
            },
        .training = m_options.training };
}

QList<ChannelKind> ConsoleServices::configuredChannels() const
{
    return m_configured->kinds();
}

} // namespace paydesk::app
