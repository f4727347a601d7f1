#pragma once

#include <map>

#include <QString>

#include "core/crypto/SecretBox.h"
#include "core/domain/AccessControl.h"
#include "core/service/ChannelFactApplier.h"
#include "core/service/ChannelRegistry.h"
#include "core/service/NotificationService.h"
#include "core/service/PaymentService.h"
#include "core/service/RefundService.h"
#include "core/service/SyncService.h"
#include "core/store/ChannelConfigStore.h"
#include "core/store/PaymentQuery.h"
#include "tests/support/FakeClock.h"
#include "tests/support/ScriptedChannel.h"

namespace paydesk::test {

/// The one test rig for the services over a test database, wired as the programs' composition roots wire them: one
/// clock, one channel registry, one ChannelFactApplier, and every service on top of those, so that a test of one
/// service meets the others exactly as production code does. By default the registry holds `channel`, a
/// ScriptedChannel for WeChat Pay; a test that needs a real adapter (the simulator over loopback) turns that off and
/// adds its own to `registry`.
///
/// Users are made on first use (user(), cashier(), finance()...), so a test that lists users sees only the ones it
/// asked for. Use the rig from the test's (main) thread; its services are as thread-safe as they are in production.
class ServiceRig final
{
public:
    struct Options
    {
        /// The services' clock. Default: `clock`, the rig's fake one. A test against a simulator passes the
        /// simulator's clock, so that both sides agree on the time.
        const Clock* clock = nullptr;
        bool registerScriptedChannel = true;
        /// `channel` answers refunds SUCCESS at once (a ScriptedChannel's own default is PROCESSING).
        bool refundsSucceed = false;
        /// The refund policy written to the database: the migration's defaults unless a test needs others.
        qint64 approvalThresholdMinor = 50000;
        qint64 dailyCapPerUserMinor = 0;
        PaymentServiceOptions payments {};
        SyncOptions sync { QStringLiteral("node-a") };
        NotificationBatching batching {};
    };

    explicit ServiceRig(const Database& database);
    ServiceRig(const Database& database, const Options& options);
    ServiceRig(const ServiceRig&) = delete;
    ServiceRig& operator=(const ServiceRig&) = delete;

    /// The user of that name (made with that role on first use; later calls return the same actor).
    const Actor& user(const QString& username, domain::Role role = domain::Role::Cashier);
    const Actor& cashier() { return user(QStringLiteral("cashier1"), domain::Role::Cashier); }
    const Actor& finance() { return user(QStringLiteral("finance1"), domain::Role::Finance); }
    const Actor& manager() { return user(QStringLiteral("manager1"), domain::Role::Manager); }
    /// A second manager: the one who may approve what manager() asked for.
    const Actor& manager2() { return user(QStringLiteral("manager2"), domain::Role::Manager); }
    const Actor& auditor() { return user(QStringLiteral("auditor1"), domain::Role::Auditor); }
    const Actor& admin() { return user(QStringLiteral("admin1"), domain::Role::Admin); }

    /// A SUCCEEDED WeChat Pay payment written straight into the schema, with `channel`'s merchant id and a
    /// transaction id, as a refund needs it.
    [[nodiscard]] Payment paid(qint64 amountMinor);
    /// A PENDING WeChat Pay payment written straight into the schema, with `channel`'s merchant and app ids, as a
    /// notification for it must match.
    [[nodiscard]] Payment pending(qint64 amountMinor);
    /// A payment charged through PaymentService by cashier() (PENDING, its QR issued); fatal if the charge fails.
    Payment charge(qint64 fen, ChannelKind kind = ChannelKind::WeChatPay);
    [[nodiscard]] Payment payment(qint64 id) const;
    [[nodiscard]] domain::PaymentStatus status(qint64 paymentId) const { return payment(paymentId).status; }
    /// A refund of `fen` for a customer's request, with an optional request key.
    [[nodiscard]] static RefundInput refundInput(const Payment& payment, qint64 fen, const QString& key = {});

    const Database& db;
    FakeClock clock;
    ScriptedChannel channel;
    ChannelRegistry registry;
    ChannelFactApplier applier;
    PaymentQuery query;
    PaymentService payments;
    RefundService refunds;
    NotificationService notifications;
    SyncService sync;
    crypto::SecretBox box; ///< a random master key, under which `configs` seals the channels' secrets
    ChannelConfigStore configs;

private:
    std::map<QString, Actor> m_users;
};

} // namespace paydesk::test
