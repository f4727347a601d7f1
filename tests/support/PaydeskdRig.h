#pragma once

#include <memory>

#include <QJsonObject>
#include <QTemporaryDir>

#include "core/crypto/SecretBox.h"
#include "core/domain/AccessControl.h"
#include "core/service/ChannelFactApplier.h"
#include "core/service/ChannelFactory.h"
#include "core/service/ChannelRegistry.h"
#include "core/service/PaymentService.h"
#include "core/service/RefundService.h"
#include "core/sim/SimKeys.h"
#include "tests/support/PaydeskdProcess.h"
#include "tests/support/SimProcess.h"
#include "tests/support/TestDatabase.h"

namespace paydesk::test {

/// A signed (or deliberately spoiled) notification as a channel would post it.
struct NotificationPost
{
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
};

/// The end-to-end setting for paydeskd: a test database, paydesk-sim as a process, both channels configured for it
/// in the database (sealed under a temporary master key), paydeskd as a process whose notify URLs point at itself,
/// and in-process services on the same database for what a cashier or finance would do (charge, refund).
class PaydeskdRig final
{
public:
    explicit PaydeskdRig(const TestDatabase& database);
    ~PaydeskdRig();
    PaydeskdRig(const PaydeskdRig&) = delete;
    PaydeskdRig& operator=(const PaydeskdRig&) = delete;

    /// Starts the simulator, configures the channels, loads them in-process and starts paydeskd with `daemonArgs`.
    [[nodiscard]] Status start(const QStringList& daemonArgs = {});

    [[nodiscard]] SimProcess& sim() { return *m_sim; }
    [[nodiscard]] PaydeskdProcess& daemon() { return *m_daemon; }
    [[nodiscard]] const Database& db() const { return m_database; }
    [[nodiscard]] QProcessEnvironment env() const { return m_env; }

    /// A cashier's charge through PaymentService (PENDING with a QR at the simulator).
    [[nodiscard]] Result<Payment> charge(ChannelKind channel, qint64 fen, qint64 ttlSecs = 300);
    /// A finance refund through RefundService.
    [[nodiscard]] Result<Refund> refund(qint64 paymentId, qint64 fen, const QString& requestKey = {});
    /// The stored status; CREATED when the row is missing (a test waiting for another state keeps waiting).
    [[nodiscard]] domain::PaymentStatus status(qint64 paymentId) const;
    [[nodiscard]] qint64 count(const QString& table, const QString& where = {}) const;
    /// The newest notifications row's verdict and reason (optionally restricted by `where`).
    [[nodiscard]] QPair<QString, QString> lastNotification(const QString& where = {}) const;

    /// A WeChat TRANSACTION.SUCCESS notification for `payment` exactly as the simulator would sign it; `tweak`
    /// may change the decrypted transaction first (amount, mchid, out_trade_no, ...).
    [[nodiscard]] NotificationPost wechatPaid(
        const Payment& payment, const QJsonObject& tweak = {}, qint64 timestampSecs = 0, const QString& id = {}) const;
    /// `body` with valid WeChat signature headers (for bodies that must get past the signature check).
    [[nodiscard]] NotificationPost resign(const QByteArray& body, qint64 timestampSecs = 0) const;
    [[nodiscard]] Actor admin() const { return m_admin; }
    [[nodiscard]] Actor finance() const { return m_finance; }

private:
    const Database& m_database;
    std::shared_ptr<Database> m_databaseOwner; ///< to hand the rig's audit key over
    QString m_url;
    QTemporaryDir m_keyDir;
    QProcessEnvironment m_env;
    QByteArray m_oldMasterKeyEnv;
    std::unique_ptr<SimProcess> m_sim;
    std::unique_ptr<PaydeskdProcess> m_daemon;
    sim::SimKeys m_simKeys;
    QByteArray m_apiV3Key;
    std::optional<crypto::SecretBox> m_box;
    ChannelRegistry m_registry;
    ConfiguredChannels m_channels { m_registry };
    ChannelFactApplier m_applier;
    std::unique_ptr<PaymentService> m_payments;
    std::unique_ptr<RefundService> m_refunds;
    Actor m_admin;
    Actor m_finance;
    Actor m_cashier;
};

} // namespace paydesk::test
