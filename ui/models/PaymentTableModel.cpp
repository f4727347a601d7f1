#include "ui/models/PaymentTableModel.h"

#include <QBrush>
#include <QColor>
#include <QScopedValueRollback>

#include "core/domain/StateMachine.h"

using namespace Qt::StringLiterals;

namespace paydesk::ui {

PaymentTableModel::PaymentTableModel(const PaymentQuery& query, QObject* parent)
    : QAbstractTableModel(parent)
    , m_query(query)
{
}

int PaymentTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int PaymentTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(Column::Count);
}

QString PaymentTableModel::moneyText(const Money& money)
{
    if (money.currency() == Currency::cny())
        return u"¥"_s + money.toDecimalString();
    return money.currency().code() + u' ' + money.toDecimalString();
}

QString PaymentTableModel::statusText(domain::PaymentStatus status)
{
    using enum domain::PaymentStatus;
    switch (status) {
    case Created:
        return tr("Created");
    case Pending:
        return tr("Waiting for payment");
    case Succeeded:
        return tr("Paid");
    case Failed:
        return tr("Failed");
    case Closed:
        return tr("Closed");
    case PaidAfterClose:
        return tr("Paid after close");
    case PartiallyRefunded:
        return tr("Partially refunded");
    case Refunded:
        return tr("Refunded");
    }
    return statusName(status);
}

QString PaymentTableModel::statusText(const domain::State& state)
{
    if (auto status = state.as<domain::PaymentStatus>())
        return statusText(*status);
    return state.name();
}

QString PaymentTableModel::causeText(const QString& cause)
{
    // The codes the core writes into the history (TransitionSpec::cause); an unknown one is shown as it is.
    static const QList<std::pair<QString, const char*>> known = {
        { u"channel.create"_s, QT_TR_NOOP("QR code issued by the channel") },
        { u"channel.notification"_s, QT_TR_NOOP("Channel notification") },
        { u"poll"_s, QT_TR_NOOP("Status check (background)") },
        { u"cashier.poll"_s, QT_TR_NOOP("Status check (cashier screen)") },
        { u"manual.sync"_s, QT_TR_NOOP("Checked with the channel on request") },
        { u"expiry.query"_s, QT_TR_NOOP("Checked at expiry") },
        { u"expiry.close"_s, QT_TR_NOOP("Closed at expiry") },
        { u"cancel"_s, QT_TR_NOOP("Cancelled by the cashier") },
        { u"cancel.found_paid"_s, QT_TR_NOOP("Found paid while cancelling") },
        { u"refund.request"_s, QT_TR_NOOP("Refund requested") },
        { u"refund.submit"_s, QT_TR_NOOP("Refund sent to the channel") },
        { u"refund.approve"_s, QT_TR_NOOP("Refund approved") },
        { u"refund.reject"_s, QT_TR_NOOP("Refund rejected") },
        { u"refund.sync"_s, QT_TR_NOOP("Refund checked with the channel") },
    };
    for (const auto& [code, text] : known) {
        if (code == cause)
            return tr(text);
    }
    return cause;
}

QString PaymentTableModel::channelText(ChannelKind channel)
{
    return channel == ChannelKind::WeChatPay ? tr("WeChat Pay") : tr("Alipay");
}

QString PaymentTableModel::timeText(qint64 ms)
{
    if (ms <= 0)
        return {};
    return QDateTime::fromMSecsSinceEpoch(ms).toLocalTime().toString(u"yyyy-MM-dd HH:mm:ss"_s);
}

QVariant PaymentTableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const PaymentRow& r = m_rows.at(index.row());
    const auto column = Column(index.column());
    if (role == PaymentIdRole)
        return r.id;
    if (role == Qt::DisplayRole || role == RawValueRole) {
        const bool raw = role == RawValueRole;
        switch (column) {
        case Column::OutTradeNo:
            return r.outTradeNo;
        case Column::CreatedAt:
            return raw ? QVariant(r.createdAtMs) : QVariant(timeText(r.createdAtMs));
        case Column::Channel:
            return raw ? QVariant(channelKindName(r.channel)) : QVariant(channelText(r.channel));
        case Column::Status:
            return raw ? QVariant(statusName(r.status)) : QVariant(statusText(r.status));
        case Column::Amount:
            return raw ? QVariant(r.amount.minorUnits()) : QVariant(moneyText(r.amount));
        case Column::Refunded:
            if (raw)
                return r.refunded.minorUnits();
            return r.refunded.isZero() ? QString() : moneyText(r.refunded);
        case Column::Cashier:
            return r.cashierName;
        case Column::ChannelTxnId:
            return r.channelTxnId;
        case Column::Count:
            break;
        }
        return {};
    }
    if (role == Qt::TextAlignmentRole && (column == Column::Amount || column == Column::Refunded))
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ForegroundRole && column == Column::Status) {
        // Colour only hints; the text says it all (colour-blind staff read the words).
        if (r.status == domain::PaymentStatus::Failed || r.status == domain::PaymentStatus::Closed)
            return QBrush(QColor(0x80, 0x80, 0x80));
        if (r.status == domain::PaymentStatus::PaidAfterClose)
            return QBrush(QColor(0xc0, 0x39, 0x2b));
        if (r.status == domain::PaymentStatus::PartiallyRefunded || r.status == domain::PaymentStatus::Refunded)
            return QBrush(QColor(0xb3, 0x6b, 0x00));
    }
    return {};
}

QVariant PaymentTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= int(Column::Count))
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (Column(section)) {
    case Column::OutTradeNo:
        return tr("Order no.");
    case Column::CreatedAt:
        return tr("Created");
    case Column::Channel:
        return tr("Channel");
    case Column::Status:
        return tr("Status");
    case Column::Amount:
        return tr("Amount");
    case Column::Refunded:
        return tr("Refunded");
    case Column::Cashier:
        return tr("Cashier");
    case Column::ChannelTxnId:
        return tr("Channel transaction");
    case Column::Count:
        break;
    }
    return {};
}

bool PaymentTableModel::canFetchMore(const QModelIndex& parent) const
{
    return !parent.isValid() && m_hasOlder;
}

void PaymentTableModel::fetchMore(const QModelIndex& parent)
{
    // QAbstractItemModelTester and views may call fetchMore from a rowsInserted slot; one insertion at a time.
    if (parent.isValid() || !m_hasOlder || m_rows.isEmpty() || m_inserting)
        return;
    auto page = m_query.page(m_filter, m_rows.last().id, kPageSize);
    if (!page) {
        m_hasOlder = false; // a view would otherwise retry on every scroll event
        Q_EMIT queryFailed(page.error());
        return;
    }
    m_hasOlder = page->size() == kPageSize;
    if (page->isEmpty())
        return;
    const QScopedValueRollback guard(m_inserting, true);
    beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + page->size() - 1));
    m_rows << *page;
    endInsertRows();
}

void PaymentTableModel::fetchNewer()
{
    if (m_hasNewer)
        prependNewer();
}

int PaymentTableModel::fetchArrivals()
{
    if (m_hasNewer || m_inserting)
        return 0;
    if (!m_rows.isEmpty())
        return prependNewer();
    auto page = m_query.page(m_filter, std::nullopt, kPageSize);
    if (!page) {
        Q_EMIT queryFailed(page.error());
        return 0;
    }
    if (page->isEmpty())
        return 0;
    const QScopedValueRollback guard(m_inserting, true);
    beginInsertRows({}, 0, int(page->size() - 1));
    m_rows = *page;
    m_hasOlder = page->size() == kPageSize;
    endInsertRows();
    return int(m_rows.size());
}

// The page just above the first loaded row. A full page means more lie above it: m_hasNewer, so they load as the
// view scrolls up.
int PaymentTableModel::prependNewer()
{
    if (m_rows.isEmpty() || m_inserting)
        return 0;
    auto page = m_query.pageAfter(m_filter, m_rows.first().id, kPageSize);
    if (!page) {
        m_hasNewer = false;
        Q_EMIT queryFailed(page.error());
        return 0;
    }
    m_hasNewer = page->size() == kPageSize;
    if (page->isEmpty())
        return 0;
    const QScopedValueRollback guard(m_inserting, true);
    beginInsertRows({}, 0, int(page->size() - 1));
    m_rows = *page + m_rows;
    endInsertRows();
    return int(page->size());
}

void PaymentTableModel::resetWith(Result<QList<PaymentRow>> rows, bool fromEnd)
{
    const QScopedValueRollback guard(m_inserting, true);
    beginResetModel();
    m_rows.clear();
    m_hasOlder = false;
    m_hasNewer = false;
    if (rows) {
        m_rows = std::move(*rows);
        const bool full = m_rows.size() == kPageSize;
        (fromEnd ? m_hasNewer : m_hasOlder) = full;
    }
    endResetModel();
    if (!rows)
        Q_EMIT queryFailed(rows.error());
}

void PaymentTableModel::setFilter(const PaymentFilter& filter)
{
    m_filter = filter;
    resetWith(m_query.page(m_filter, std::nullopt, kPageSize), false);
}

void PaymentTableModel::jumpToEnd()
{
    resetWith(m_query.lastPage(m_filter, kPageSize), true);
}

bool PaymentTableModel::refreshPayment(qint64 paymentId)
{
    const int i = rowOf(paymentId);
    if (i < 0)
        return false;
    auto fresh = m_query.row(paymentId);
    if (!fresh) {
        Q_EMIT queryFailed(fresh.error());
        return false;
    }
    m_rows[i] = *fresh;
    Q_EMIT dataChanged(index(i, 0), index(i, int(Column::Count) - 1));
    return true;
}

const PaymentRow* PaymentTableModel::rowAt(int row) const
{
    return row >= 0 && row < m_rows.size() ? &m_rows.at(row) : nullptr;
}

int PaymentTableModel::rowOf(qint64 paymentId) const
{
    for (int i = 0; i < m_rows.size(); ++i) {
        if (m_rows.at(i).id == paymentId)
            return i;
    }
    return -1;
}

} // namespace paydesk::ui
