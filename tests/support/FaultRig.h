#pragma once

#include <memory>
#include <optional>

#include <QJsonArray>
#include <QJsonObject>
#include <QProcessEnvironment>
#include <QTemporaryDir>

#include "core/channels/Channel.h"
#include "core/crypto/SecretBox.h"
#include "core/domain/AccessControl.h"
#include "core/service/ChannelFactApplier.h"
#include "core/service/ChannelRegistry.h"
#include "core/service/PaymentService.h"
#include "core/service/RefundService.h"
#include "core/service/SyncService.h"
#include "tests/support/SimProcess.h"

namespace paydesk::test {

/// What the simulator holds for one refund number.
struct SimRefundView
{
    QString outTradeNo;
    QString outRefundNo;
    QString state; ///< PROCESSING / SUCCESS / ABNORMAL / CLOSED
    qint64 fen = 0;
};

/// The setting of the fault-injection tests: a paydesk-sim process (notifications dropped unless asked for: then the
/// jobs are what converges), both channels configured for it in the test database (sealed under a temporary master key,
/// so that paydeskctl and paydeskd started with env() load them), and the services in-process over the same database,
/// with channels whose timeout is short (a held answer costs the test that long) and that do not retry by themselves,
/// and outbox and sync retries due within milliseconds.
class FaultRig final
{
public:
    struct Options
    {
        int inProcessTimeoutMs = 400; ///< the in-process channels' HTTP timeout (one attempt per call)
        int storedTimeoutMs = 5000; ///< the timeout stored for the programs (1000 at least)
        QString notifyBaseUrl; ///< where the channels are told to notify (default: a closed port)
        bool dropNotifications = true; ///< the simulator sends none (the jobs converge alone)
    };

    /// `database` gets the audit key derived from the rig's master key (this process appends audit entries too).
    FaultRig(Database& database, QString databaseUrl);
    ~FaultRig();
    FaultRig(const FaultRig&) = delete;
    FaultRig& operator=(const FaultRig&) = delete;

    [[nodiscard]] Status start(const Options& options);

    [[nodiscard]] SimProcess& sim() { return *m_sim; }
    [[nodiscard]] const Database& db() const { return m_database; }
    [[nodiscard]] const QString& databaseUrl() const { return m_url; }
    /// The environment for paydeskctl and paydeskd (the master key file, made by start()).
    [[nodiscard]] QProcessEnvironment env() const { return m_env; }
    [[nodiscard]] RefundService& refunds() { return *m_refunds; }
    /// The in-process channel adapter (short timeout), for calls the services would not make.
    [[nodiscard]] std::shared_ptr<Channel> channel(ChannelKind kind) { return *m_registry.channel(kind); }
    [[nodiscard]] SyncService& sync() { return *m_sync; }
    [[nodiscard]] Actor finance() const { return m_finance; }
    /// A finance user paydeskctl can sign in as (the password for its stdin).
    [[nodiscard]] static QString financeLogin() { return QStringLiteral("fault-finance"); }
    [[nodiscard]] static QByteArray financePassword() { return QByteArrayLiteral("fault finance password\n"); }

    /// A payment charged here (PENDING, its QR at the simulator).
    [[nodiscard]] Result<Payment> charge(ChannelKind channel, qint64 fen);
    /// A payment charged here, paid at the simulator and confirmed by a query: SUCCEEDED.
    [[nodiscard]] Result<Payment> paidPayment(ChannelKind channel, qint64 fen);
    /// A refund requested in-process by finance.
    [[nodiscard]] Result<Refund> refund(qint64 paymentId, qint64 fen);
    [[nodiscard]] Result<Payment> payment(qint64 paymentId) const;
    [[nodiscard]] QList<Refund> refundsOf(qint64 paymentId) const;
    /// One run of the outbox and refund sync jobs (their work, without the job lease: these are the only runners);
    /// true when no refund of these payments is PROCESSING any more.
    [[nodiscard]] bool settleRound(const QList<qint64>& paymentIds);
    /// Refunds of these payments PROCESSING now.
    [[nodiscard]] qint64 processingRefunds(const QList<qint64>& paymentIds) const;

    /// Refund faults for an order's next refund (notifications stay as Options said); {} clears them.
    [[nodiscard]] bool setRefundFault(const QString& outTradeNo, const QJsonObject& fault);
    /// The simulator's refunds, and its refund log (Faults::logRefund).
    [[nodiscard]] QList<SimRefundView> simRefunds() const;
    [[nodiscard]] QJsonArray refundLog() const;
    /// Whether the refund log has `event` for a refund number.
    [[nodiscard]] bool logged(const QString& outRefundNo, const QString& event) const;
    /// Ends a refund fault's hold now (the request is taken, or the held answer sent).
    [[nodiscard]] bool release(const QString& outRefundNo) const;
    /// Sum of the simulator's SUCCESS refunds of an order (what the buyer got back).
    [[nodiscard]] qint64 simRefundedFen(const QString& outTradeNo) const;

private:
    [[nodiscard]] Status configureChannels(const Options& options);

    Database& m_database;
    QString m_url;
    QTemporaryDir m_keyDir;
    QProcessEnvironment m_env;
    QByteArray m_oldMasterKeyEnv;
    std::unique_ptr<SimProcess> m_sim;
    std::optional<crypto::SecretBox> m_box;
    ChannelRegistry m_registry;
    std::unique_ptr<ChannelFactApplier> m_applier;
    std::unique_ptr<PaymentService> m_payments;
    std::unique_ptr<RefundService> m_refunds;
    std::unique_ptr<SyncService> m_sync;
    Actor m_admin;
    Actor m_cashier;
    Actor m_finance;
    QJsonObject m_quiet; ///< the notification faults every order keeps
};

} // namespace paydesk::test
