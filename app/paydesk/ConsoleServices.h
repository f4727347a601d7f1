#pragma once

#include <memory>

#include <QObject>

#include "core/channels/ChannelTypes.h"
#include "core/domain/AccessControl.h"
#include "core/util/Result.h"
#include "ui/settings/ChannelEditing.h"
#include "ui/shell/MainWindow.h"

namespace paydesk {
class ChannelConfigStore;
class ChannelFactApplier;
class ChannelRegistry;
class Clock;
class ConfiguredChannels;
class Database;
class NotificationService;
class PaymentQuery;
class PaymentService;
class RefundService;
class JobRunner;
class Metrics;
class ServiceHttpServer;
class SyncService;
class UserRepository;
namespace crypto {
class SecretBox;
}
namespace sim {
class SimServer;
}
} // namespace paydesk

namespace paydesk::app {

/// Everything the console runs on, wired once: the database, the channels configured in it, the services, the
/// background jobs a standalone console hosts itself, and in training mode the channel simulator in-process.
class ConsoleServices final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConsoleServices)
public:
    struct Options
    {
        bool training = false;
        QString simStateDir; ///< training: where the simulator keeps its keys and orders
        bool runJobs = true; ///< standalone consoles run the sync jobs themselves
        /// Where this console receives channel notifications ("127.0.0.1:0" = any free loopback port; empty = no
        /// server: a shared deployment's paydeskd receives them). Training always listens on loopback.
        QString notifyListen;
    };

    ConsoleServices(std::shared_ptr<Database> database,
        const Clock& clock,
        std::unique_ptr<crypto::SecretBox> box,
        Options options,
        QObject* parent = nullptr);
    ~ConsoleServices() override;

    /// Training mode: starts the simulator on loopback and points both channels at it; then loads the channels.
    [[nodiscard]] Status start();
    /// Re-reads the channel configuration (after Settings changed it). Safe while channel calls are in flight on
    /// other threads; call it on this object's thread.
    [[nodiscard]] Status reloadChannels();

    [[nodiscard]] const std::shared_ptr<Database>& database() const { return m_database; }
    [[nodiscard]] const Clock& clock() const { return m_clock; }
    [[nodiscard]] UserRepository& users() { return *m_users; }
    [[nodiscard]] ChannelConfigStore& channelConfig() { return *m_channelConfig; }
    [[nodiscard]] ChannelRegistry& channels() { return *m_registry; }
    [[nodiscard]] PaymentService& payments() { return *m_payments; }
    [[nodiscard]] RefundService& refunds() { return *m_refunds; }
    [[nodiscard]] NotificationService& notifications() { return *m_notifications; }
    [[nodiscard]] SyncService& sync() { return *m_sync; }
    [[nodiscard]] const PaymentQuery& query() const { return *m_query; }
    /// The in-process simulator in training mode, else nullptr.
    [[nodiscard]] sim::SimServer* simulator() { return m_sim.get(); }
    [[nodiscard]] bool isTraining() const { return m_options.training; }
    [[nodiscard]] QList<ChannelKind> configuredChannels() const;
    /// What the main window's screens use, and what the settings dialog's channel tabs work on.
    [[nodiscard]] ui::MainWindowServices mainWindowServices();
    [[nodiscard]] ui::ChannelEditing channelEditing();
    /// "http://127.0.0.1:PORT" when the in-process notification server listens, else empty.
    [[nodiscard]] QString notifyBaseUrl() const { return m_notifyBase; }

private:
    [[nodiscard]] Status startNotificationServer(const QString& listen);

    std::shared_ptr<Database> m_database;
    const Clock& m_clock;
    std::unique_ptr<crypto::SecretBox> m_box;
    Options m_options;
    std::unique_ptr<UserRepository> m_users;
    std::unique_ptr<ChannelConfigStore> m_channelConfig;
    std::unique_ptr<ChannelRegistry> m_registry;
    std::unique_ptr<ConfiguredChannels> m_configured;
    std::unique_ptr<ChannelFactApplier> m_applier;
    std::unique_ptr<PaymentService> m_payments;
    std::unique_ptr<RefundService> m_refunds;
    std::unique_ptr<NotificationService> m_notifications;
    std::unique_ptr<SyncService> m_sync;
    std::unique_ptr<PaymentQuery> m_query;
    std::unique_ptr<sim::SimServer> m_sim;
    std::unique_ptr<Metrics> m_metrics;
    std::unique_ptr<ServiceHttpServer> m_server;
    std::unique_ptr<JobRunner> m_jobs;
    QString m_notifyBase;
};

} // namespace paydesk::app
