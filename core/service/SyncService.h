#pragma once

#include <QString>

#include "core/store/JobLeases.h"
#include "core/store/Outbox.h"
#include "core/store/PaymentRepository.h"
#include "core/util/Result.h"

namespace paydesk {

class Channel;
class ChannelFactApplier;
class ChannelRegistry;
class Clock;
class Database;
class RefundService;
struct Payment;

struct SyncOptions
{
    QString owner; ///< unique per process ("paydeskd@host:pid"): the lease owner
    qint64 leaseMs = 60000; ///< a crashed owner's job is taken over after this
    qint64 pollIntervalMs = 3000; ///< how often a pending payment is queried while its QR is valid
    qint64 backoffBaseMs = 5000; ///< after a failure or past expiry: base * 2^n ...
    qint64 backoffCapMs = 3600000; ///< ... at most this
    /// How long past its expiry a CLOSED Alipay payment is still queried: Alipay ends an unscanned QR at time_expire
    /// by its own clock, which may be behind ours.
    qint64 closedWatchGraceMs = 120000;
    int batch = 50; ///< items per job run
    int maxOutboxAttempts = 20; ///< then the item is dead and an "outbox.dead" event alerts finance
};

/// What one job run did.
struct JobReport
{
    bool ran = false; ///< false when another process holds the job's lease
    int processed = 0;
    int failed = 0;
};

/// The background jobs, each run under a lease so that several processes never do the same work twice. Every state
/// they learn goes through ChannelFactApplier.
class SyncService final
{
public:
    inline static const QString kPollPending = QStringLiteral("poll_pending");
    inline static const QString kExpirePending = QStringLiteral("expire_pending");
    inline static const QString kSyncRefunds = QStringLiteral("sync_refunds");
    inline static const QString kOutbox = QStringLiteral("outbox");

    SyncService(const Database& database,
        const Clock& clock,
        ChannelRegistry& channels,
        ChannelFactApplier& applier,
        RefundService& refunds,
        SyncOptions options);

    /// Claims the job's lease, runs it, releases the lease. `ran` is false when another owner holds it.
    [[nodiscard]] Result<JobReport> runJob(const QString& job);

    /// The jobs themselves (callers normally go through runJob):
    /// PENDING payments whose QR is still valid: query and apply; next query after pollIntervalMs. Then the CLOSED
    /// Alipay payments whose QR may still be paid (see watchClosed()).
    [[nodiscard]] Result<JobReport> pollPending();
    /// PENDING payments past expiry: query first (paid -> SUCCEEDED); otherwise close at the channel, then CLOSED.
    /// A failure leaves the payment PENDING and retries with bounded backoff.
    [[nodiscard]] Result<JobReport> expirePending();
    /// PROCESSING refunds: queryRefund and apply, with bounded backoff.
    [[nodiscard]] Result<JobReport> syncRefunds();
    /// Due outbox items: refund submissions and channel closes that failed with retryable errors.
    [[nodiscard]] Result<JobReport> runOutbox();

private:
    /// CLOSED Alipay payments until closedWatchGraceMs past their expiry. Closing an Alipay order nobody has scanned
    /// closes nothing (ACQ.TRADE_NOT_EXIST): its QR stays payable until time_expire. So it is queried like a pending
    /// one (every pollIntervalMs until its expiry, then with backoff): a payment becomes PAID_AFTER_CLOSE within
    /// seconds; a trade that appeared (scanned after our close) is closed at Alipay; TRADE_CLOSED ends the watch.
    [[nodiscard]] Result<JobReport> watchClosed(qint64 now);
    [[nodiscard]] Status watchOne(const Payment& p, bool* settled);
    [[nodiscard]] Status expireOne(qint64 paymentId);
    /// A payment whose create had an unknown outcome: query, close for certain, then CREATED -> FAILED.
    [[nodiscard]] Status closeOrder(const OutboxItem& item);
    [[nodiscard]] Status resolveUnknownCreate(const Payment& payment, Channel& channel);
    [[nodiscard]] Status markCreateFailed(const Payment& payment, const OutboxItem& item);

    const Database& m_database;
    const Clock& m_clock;
    ChannelRegistry& m_channels;
    ChannelFactApplier& m_applier;
    RefundService& m_refunds;
    SyncOptions m_options;
    JobLeases m_leases;
};

} // namespace paydesk
