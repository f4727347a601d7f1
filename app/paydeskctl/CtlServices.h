#pragma once

#include <memory>

#include <QJsonObject>

#include "core/crypto/SecretBox.h"
#include "core/domain/AccessControl.h"
#include "core/service/ChannelFactApplier.h"
#include "core/service/ChannelFactory.h"
#include "core/service/ChannelRegistry.h"
#include "core/service/PaymentService.h"
#include "core/service/RefundService.h"
#include "core/service/SyncService.h"
#include "core/store/ChannelConfigStore.h"
#include "core/store/Database.h"

#include "CtlArgs.h"

namespace paydesk::ctl {

/// The payment services wired as a composition root does, for one paydeskctl run: the database, the configured
/// channels (secrets opened with the master key), and the services on top.
class CtlServices final
{
public:
    /// The services over `database`; with `channels`, also opens the master key and loads every configured,
    /// enabled channel. `leaseMs`: see leaseOption().
    [[nodiscard]] static Result<std::unique_ptr<CtlServices>> open(
        std::shared_ptr<Database> database, bool channels, qint64 leaseMs = kDefaultLeaseMs);
    CtlServices(std::shared_ptr<Database> database, crypto::SecretBox box, qint64 leaseMs = kDefaultLeaseMs);

    static constexpr qint64 kDefaultLeaseMs = 60000;
    CtlServices(const CtlServices&) = delete;
    CtlServices& operator=(const CtlServices&) = delete;

    [[nodiscard]] const Database& database() const { return *m_database; }
    [[nodiscard]] PaymentService& payments() { return m_payments; }
    [[nodiscard]] RefundService& refunds() { return m_refunds; }
    [[nodiscard]] SyncService& sync() { return m_sync; }

private:
    std::shared_ptr<Database> m_database;
    crypto::SecretBox m_box;
    ChannelConfigStore m_store;
    ChannelRegistry m_registry;
    ConfiguredChannels m_channels;
    ChannelFactApplier m_applier;
    PaymentService m_payments;
    RefundService m_refunds;
    SyncService m_sync;
};

/// --lease-ms N: how long the work this run claims (a refund's first submission, a job run) stays its own; should
/// the run die before finishing it, another process takes it over after that (paydeskd has the same option).
/// CtlServices::kDefaultLeaseMs without the option; InvalidArgument below 1000.
[[nodiscard]] Result<qint64> leaseOption(const CtlArgs& args);

/// JSON and one-line text of stored rows, as every payment command prints them.
[[nodiscard]] QJsonObject paymentJson(const Payment& p);
[[nodiscard]] QString paymentText(const Payment& p);
[[nodiscard]] QJsonObject refundJson(const Refund& r);
[[nodiscard]] QString refundText(const Refund& r);
/// UTC ISO 8601 of epoch milliseconds; empty for 0.
[[nodiscard]] QString isoTime(qint64 ms);

} // namespace paydesk::ctl
