#pragma once

#include <optional>

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

#include "core/domain/AccessControl.h"
#include "core/domain/ChannelKind.h"
#include "core/money/Money.h"
#include "core/store/AuditLog.h"
#include "core/store/PaymentRepository.h"
#include "core/store/RefundRepository.h"
#include "core/store/Transitions.h"
#include "core/util/Result.h"

class QIODevice;

namespace paydesk {

class Clock;
class Database;

/// What the payments browser asks for. Every part is optional; the parts are ANDed.
struct PaymentFilter
{
    QDateTime from; ///< created at or after (null: no lower bound)
    QDateTime to; ///< created before (exclusive; null: no upper bound)
    std::optional<ChannelKind> channel;
    QList<domain::PaymentStatus> statuses; ///< any of these (empty: all)
    std::optional<qint64> cashierId;
    std::optional<qint64> minAmountMinor; ///< inclusive
    std::optional<qint64> maxAmountMinor; ///< inclusive
    QString search; ///< exact out_trade_no or channel_txn_id (trimmed; empty: no search)

    [[nodiscard]] bool isEmpty() const;
    /// The filter as JSON, for the export's audit entry.
    [[nodiscard]] QJsonObject toJson() const;
};

/// One line of the browser, newest first.
struct PaymentRow
{
    qint64 id = 0;
    QString outTradeNo;
    ChannelKind channel = ChannelKind::WeChatPay;
    domain::PaymentStatus status = domain::PaymentStatus::Created;
    Money amount;
    Money refunded; ///< refunds that succeeded
    qint64 createdAtMs = 0;
    qint64 paidAtMs = 0; ///< 0 = not paid
    qint64 cashierId = 0;
    QString cashierName; ///< display name, else user name; empty without a cashier
    QString channelTxnId;
};

/// One inbound notification as received, with the verdict the service gave it.
struct NotificationRecord
{
    qint64 id = 0;
    QString channel;
    QString notificationId;
    QString verdict; ///< accepted / duplicate / rejected
    QString reason;
    QString eventType;
    QString headers; ///< JSON as stored
    QByteArray body; ///< raw bytes as received
    qint64 receivedAtMs = 0;
};

/// Everything the detail pane shows for one payment.
struct PaymentDetail
{
    Payment payment;
    QString cashierName;
    QList<HistoryRow> history; ///< the payment's state machine, oldest first
    QList<NotificationRecord> notifications;
    QList<Refund> refunds; ///< oldest first
    QList<AuditEntry> audit; ///< the payment's and its refunds' entries, oldest first
};

/// A person who can take payments, for the cashier filter.
struct CashierOption
{
    qint64 id = 0;
    QString name; ///< display name, else user name
};

/// A refund waiting for a second person, with what the approver needs to judge it.
struct ApprovalRow
{
    Refund refund;
    QString outTradeNo;
    Money paid;
    QString requesterName;
};

/// Read-only queries behind the payments browser: keyset pages (never OFFSET, so the millionth row costs what the
/// first does), the detail of one payment, and the audited CSV export. Filtering and search happen in SQL.
class PaymentQuery final
{
public:
    PaymentQuery(const Database& database, const Clock& clock);

    /// The browser's order, newest first: by id; with a date range in the filter, by (created_at, id), so that
    /// the range is read from its index (see orderedByTime). Pages are keyset pages in that order, so a page
    /// boundary never skips or repeats a row.
    ///
    /// Up to `limit` rows that come after the row `beforeId` in that order (from the newest when unset).
    /// NotFound when the filter orders by time and no payment `beforeId` exists.
    [[nodiscard]] Result<QList<PaymentRow>> page(
        const PaymentFilter& filter, std::optional<qint64> beforeId, int limit) const;
    /// Up to `limit` rows that come before the row `afterId` (the oldest when unset), returned newest first: the
    /// "jump to end" page and the pages above it when scrolling back up from there.
    [[nodiscard]] Result<QList<PaymentRow>> pageAfter(
        const PaymentFilter& filter, std::optional<qint64> afterId, int limit) const;
    /// The oldest rows that match, newest first (pageAfter without a bound).
    [[nodiscard]] Result<QList<PaymentRow>> lastPage(const PaymentFilter& filter, int limit) const;
    /// True when pages for this filter are ordered by (created_at, id) rather than by id: it has a date range.
    [[nodiscard]] static bool orderedByTime(const PaymentFilter& filter);
    /// One row by id, or NotFound (the browser refreshes a single row on a live event).
    [[nodiscard]] Result<PaymentRow> row(qint64 id) const;

    [[nodiscard]] Result<PaymentDetail> detail(qint64 id) const;
    /// The payment a refund belongs to (live refund events name only the refund).
    [[nodiscard]] Result<qint64> paymentOfRefund(qint64 refundId) const;
    /// Users with a till role (cashier, manager), by name.
    [[nodiscard]] Result<QList<CashierOption>> cashiers() const;
    /// Refunds in AWAITING_APPROVAL, oldest first.
    [[nodiscard]] Result<QList<ApprovalRow>> awaitingApproval() const;

    /// Writes every matching row as CSV (UTF-8 with BOM for Excel; amounts as exact yuan strings; cells that a
    /// spreadsheet would read as a formula are prefixed with a quote), reading in keyset pages so memory stays flat,
    /// then records an "export.csv" audit entry with the filter and the row count. Needs ExportPayments. Returns the
    /// number of rows written. On any error the caller must discard what was written.
    [[nodiscard]] Result<qint64> exportCsv(const PaymentFilter& filter, QIODevice& out, const Actor& actor) const;

    /// A CSV cell: quoted when needed, and neutralised when it starts like a formula (= + - @, tab, CR).
    [[nodiscard]] static QString csvCell(const QString& value);

private:
    [[nodiscard]] Result<QList<PaymentRow>> select(
        const PaymentFilter& filter, std::optional<qint64> bound, bool ascending, int limit) const;

    const Database& m_database;
    const Clock& m_clock;
};

} // namespace paydesk
