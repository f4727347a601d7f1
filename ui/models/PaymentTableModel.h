#pragma once

#include <optional>

#include <QAbstractTableModel>

#include "core/domain/StateMachine.h"
#include "core/store/PaymentQuery.h"

namespace paydesk::ui {

/// The payments browser's table: a thin keyset-paged view over PaymentQuery, newest first. Pages of 200 are fetched
/// as the view scrolls (canFetchMore/fetchMore); a filter re-queries; "jump to end" loads the oldest page and then
/// pages upwards (fetchNewer), so no query ever uses OFFSET.
class PaymentTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PaymentTableModel)
public:
    enum class Column
    {
        OutTradeNo,
        CreatedAt,
        Channel,
        Status,
        Amount,
        Refunded,
        Cashier,
        ChannelTxnId,
        Count
    };
    enum Role
    {
        RawValueRole = Qt::UserRole + 1, ///< the stored value (fen, epoch ms, status code) for sorting and tests
        PaymentIdRole,
    };
    static constexpr int kPageSize = 200;

    explicit PaymentTableModel(const PaymentQuery& query, QObject* parent = nullptr);

    [[nodiscard]] int rowCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    [[nodiscard]] bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;

    /// Re-queries from the newest row.
    void setFilter(const PaymentFilter& filter);
    [[nodiscard]] const PaymentFilter& filter() const { return m_filter; }
    /// Replaces the rows with the oldest page of the filter.
    void jumpToEnd();
    /// Whether rows newer than the first loaded one exist (only after jumpToEnd).
    [[nodiscard]] bool canFetchNewer() const { return m_hasNewer; }
    /// Prepends the page just above the first loaded row.
    void fetchNewer();
    /// Live arrivals: prepends the payments that match the filter and are newer than the first loaded row (all of
    /// the filter's first page when nothing is loaded). Does nothing while newer rows are still unloaded after
    /// jumpToEnd, since fetchNewer reaches them as the view scrolls up. Returns how many rows were added.
    int fetchArrivals();
    /// Re-reads one payment after a live event; returns false when it is not loaded.
    bool refreshPayment(qint64 paymentId);

    [[nodiscard]] const PaymentRow* rowAt(int row) const;
    [[nodiscard]] int rowOf(qint64 paymentId) const;

    [[nodiscard]] static QString moneyText(const Money& money);
    [[nodiscard]] static QString statusText(domain::PaymentStatus status);
    /// A payment state as statusText(); another machine's state by its stored name.
    [[nodiscard]] static QString statusText(const domain::State& state);
    /// What caused a state change, in words (the history's cause code as written by the core).
    [[nodiscard]] static QString causeText(const QString& cause);
    [[nodiscard]] static QString channelText(ChannelKind channel);
    [[nodiscard]] static QString timeText(qint64 ms);

Q_SIGNALS:
    /// A query failed; the rows loaded so far stay.
    void queryFailed(const paydesk::Error& error);

private:
    void resetWith(Result<QList<PaymentRow>> rows, bool fromEnd);
    int prependNewer();

    const PaymentQuery& m_query;
    PaymentFilter m_filter;
    QList<PaymentRow> m_rows;
    bool m_hasOlder = false;
    bool m_hasNewer = false;
    bool m_inserting = false;
};

} // namespace paydesk::ui
