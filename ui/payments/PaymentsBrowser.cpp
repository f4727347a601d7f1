#include "ui/payments/PaymentsBrowser.h"

#include <QComboBox>
#include <QDateEdit>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QScrollBar>
#include <QSet>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include "core/domain/StateMachine.h"
#include "core/store/EventListener.h"
#include "ui/common/DialogService.h"
#include "ui/common/ErrorText.h"
#include "ui/models/PaymentTableModel.h"
#include "ui/payments/PaymentDetailPane.h"
#include "ui/refunds/RefundDialog.h"

using namespace Qt::StringLiterals;

namespace paydesk::ui {

namespace {

// The earliest date of the date edits stands for "no bound" and shows as "Any".
const QDate kAnyDate(2000, 1, 1);

QDateEdit* makeDateEdit(const QString& name, QWidget* parent)
{
    auto* e = new QDateEdit(parent);
    e->setObjectName(name);
    e->setCalendarPopup(true);
    e->setDisplayFormat(u"yyyy-MM-dd"_s);
    e->setMinimumDate(kAnyDate);
    e->setSpecialValueText(PaymentsBrowser::tr("Any"));
    e->setDate(kAnyDate);
    return e;
}

} // namespace

PaymentsBrowser::PaymentsBrowser(
    const PaymentQuery& query, RefundService* refunds, DialogService& dialogs, Actor actor, QWidget* parent)
    : QWidget(parent)
    , m_query(query)
    , m_refunds(refunds)
    , m_dialogs(dialogs)
    , m_actor(std::move(actor))
    , m_model(new PaymentTableModel(query, this))
    , m_table(new QTableView(this))
    , m_detail(new PaymentDetailPane(query, m_actor, this))
    , m_rowsLabel(new QLabel(this))
    , m_messageLabel(new QLabel(this))
{
    setObjectName(u"paymentsBrowser"_s);
    m_table->setObjectName(u"paymentsTable"_s);
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setHighlightSections(false);
    const QList<QPair<PaymentTableModel::Column, int>> widths { { PaymentTableModel::Column::OutTradeNo, 230 },
        { PaymentTableModel::Column::CreatedAt, 150 },
        { PaymentTableModel::Column::Channel, 90 },
        { PaymentTableModel::Column::Status, 130 },
        { PaymentTableModel::Column::Amount, 100 },
        { PaymentTableModel::Column::Refunded, 100 },
        { PaymentTableModel::Column::Cashier, 100 } };
    for (const auto& [column, width] : widths)
        m_table->setColumnWidth(int(column), width);
    m_rowsLabel->setObjectName(u"rowsLabel"_s);
    m_messageLabel->setObjectName(u"messageLabel"_s);

    buildFilterBar();
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_table);
    split->addWidget(m_detail);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    split->setChildrenCollapsible(false);
    split->setSizes({ 460, 300 }); // the list is what people came for; the detail pane's hint would take over
    auto* status = new QHBoxLayout;
    status->addWidget(m_rowsLabel);
    status->addStretch(1);
    status->addWidget(m_messageLabel);
    static_cast<QVBoxLayout*>(layout())->addWidget(split, 1);
    static_cast<QVBoxLayout*>(layout())->addLayout(status);

    connect(m_model, &PaymentTableModel::queryFailed, this, [this](const Error& e) {
        showMessage(userMessage(e), true);
    });
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &PaymentsBrowser::updateRowsLabel);
    connect(m_model, &QAbstractItemModel::modelReset, this, &PaymentsBrowser::updateRowsLabel);
    connect(
        m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &PaymentsBrowser::selectionChanged);
    connect(m_table->verticalScrollBar(), &QScrollBar::valueChanged, this, &PaymentsBrowser::maybeFetchNewer);
    connect(m_detail, &PaymentDetailPane::refundRequested, this, &PaymentsBrowser::openRefundDialog);
    connect(&m_exportWatcher, &QFutureWatcher<Result<qint64>>::finished, this, &PaymentsBrowser::exportDone);
    m_model->setFilter({});
}

PaymentsBrowser::~PaymentsBrowser()
{
    // The export thread writes through PaymentQuery, which the caller owns; never leave it running behind us.
    m_exportWatcher.waitForFinished();
}

void PaymentsBrowser::buildFilterBar()
{
    m_from = makeDateEdit(u"fromDateEdit"_s, this);
    m_to = makeDateEdit(u"toDateEdit"_s, this);
    m_channel = new QComboBox(this);
    m_channel->setObjectName(u"channelCombo"_s);
    m_channel->addItem(tr("All channels"), QString());
    m_channel->addItem(PaymentTableModel::channelText(ChannelKind::WeChatPay), channelKindName(ChannelKind::WeChatPay));
    m_channel->addItem(PaymentTableModel::channelText(ChannelKind::Alipay), channelKindName(ChannelKind::Alipay));
    m_status = new QComboBox(this);
    m_status->setObjectName(u"statusCombo"_s);
    m_status->addItem(tr("All statuses"), QStringList());
    // Item data: the stored names (what a test or a saved filter sees), read back in filter().
    using enum domain::PaymentStatus;
    m_status->addItem(tr("Paid, incl. refunded"),
        QStringList {
            statusName(Succeeded), statusName(PartiallyRefunded), statusName(Refunded), statusName(PaidAfterClose) });
    for (domain::PaymentStatus s :
        { Created, Pending, Succeeded, PartiallyRefunded, Refunded, Failed, Closed, PaidAfterClose })
        m_status->addItem(PaymentTableModel::statusText(s), QStringList { statusName(s) });
    m_cashier = new QComboBox(this);
    m_cashier->setObjectName(u"cashierCombo"_s);
    m_cashier->setMinimumContentsLength(10);
    reloadCashiers();
    m_minAmount = new QLineEdit(this);
    m_minAmount->setObjectName(u"minAmountEdit"_s);
    m_minAmount->setPlaceholderText(tr("min ¥"));
    m_maxAmount = new QLineEdit(this);
    m_maxAmount->setObjectName(u"maxAmountEdit"_s);
    m_maxAmount->setPlaceholderText(tr("max ¥"));
    for (QLineEdit* e : { m_minAmount, m_maxAmount }) {
        e->setMaximumWidth(100);
        e->setClearButtonEnabled(true);
    }
    m_search = new QLineEdit(this);
    m_search->setObjectName(u"searchEdit"_s);
    m_search->setPlaceholderText(tr("Order no. or channel transaction no."));
    m_search->setClearButtonEnabled(true);
    m_search->setMinimumWidth(260);
    m_apply = new QPushButton(tr("Apply"), this);
    m_apply->setObjectName(u"applyFilterButton"_s);
    m_apply->setDefault(true);
    m_jumpToEnd = new QPushButton(tr("Jump to oldest"), this);
    m_jumpToEnd->setObjectName(u"jumpToEndButton"_s);
    m_export = new QPushButton(tr("Export CSV…"), this);
    m_export->setObjectName(u"exportButton"_s);

    auto* grid = new QGridLayout;
    grid->addWidget(new QLabel(tr("From"), this), 0, 0);
    grid->addWidget(m_from, 0, 1);
    grid->addWidget(new QLabel(tr("To"), this), 0, 2);
    grid->addWidget(m_to, 0, 3);
    grid->addWidget(m_channel, 0, 4);
    grid->addWidget(m_status, 0, 5);
    grid->addWidget(m_cashier, 0, 6);
    grid->addWidget(new QLabel(tr("Amount"), this), 1, 0);
    auto* amounts = new QHBoxLayout;
    amounts->addWidget(m_minAmount);
    amounts->addWidget(new QLabel(u"–"_s, this));
    amounts->addWidget(m_maxAmount);
    grid->addLayout(amounts, 1, 1, 1, 3);
    grid->addWidget(m_search, 1, 4, 1, 3);
    grid->setColumnStretch(7, 1);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_apply);
    buttons->addStretch(1);
    buttons->addWidget(m_jumpToEnd);
    buttons->addWidget(m_export);
    grid->addLayout(buttons, 1, 7);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(grid);

    connect(m_apply, &QPushButton::clicked, this, &PaymentsBrowser::applyFilter);
    for (QLineEdit* e : { m_search, m_minAmount, m_maxAmount })
        connect(e, &QLineEdit::returnPressed, this, &PaymentsBrowser::applyFilter);
    connect(m_jumpToEnd, &QPushButton::clicked, this, [this] {
        m_model->jumpToEnd();
        m_table->scrollToBottom();
    });
    connect(m_export, &QPushButton::clicked, this, &PaymentsBrowser::startExport);
}

void PaymentsBrowser::reloadCashiers()
{
    m_cashier->clear();
    m_cashier->addItem(tr("All cashiers"), QVariant());
    if (auto list = m_query.cashiers()) {
        for (const CashierOption& c : std::as_const(*list))
            m_cashier->addItem(c.name, c.id);
    }
}

std::optional<PaymentFilter> PaymentsBrowser::filterFromWidgets()
{
    PaymentFilter f;
    if (m_from->date() != kAnyDate)
        f.from = m_from->date().startOfDay();
    if (m_to->date() != kAnyDate)
        f.to = m_to->date().addDays(1).startOfDay(); // the "to" day is included
    if (const QString ch = m_channel->currentData().toString(); !ch.isEmpty())
        f.channel = channelKindFromName(ch);
    for (const QString& name : m_status->currentData().toStringList()) {
        if (auto status = domain::paymentStatusFromName(name))
            f.statuses << *status;
    }
    if (m_cashier->currentData().isValid())
        f.cashierId = m_cashier->currentData().toLongLong();
    for (auto [edit, bound] :
        { std::pair { m_minAmount, &f.minAmountMinor }, std::pair { m_maxAmount, &f.maxAmountMinor } }) {
        const QString text = edit->text().trimmed();
        if (text.isEmpty())
            continue;
        auto money = Money::parse(text);
        if (!money) {
            showMessage(tr("“%1” is not an amount in yuan, e.g. 12.50").arg(text), true);
            edit->setFocus();
            return std::nullopt;
        }
        *bound = money->minorUnits();
    }
    f.search = m_search->text().trimmed();
    return f;
}

void PaymentsBrowser::applyFilter()
{
    auto f = filterFromWidgets();
    if (!f)
        return;
    m_messageLabel->clear();
    m_model->setFilter(*f);
    // A search for one order opens it straight away: that is why the person searched.
    if (!f->search.isEmpty() && m_model->rowCount() == 1)
        m_table->selectRow(0);
}

void PaymentsBrowser::showMessage(const QString& text, bool error)
{
    m_messageLabel->setStyleSheet(error ? u"color: #c0392b;"_s : u"color: #1e7e34;"_s);
    m_messageLabel->setText(text);
}

void PaymentsBrowser::updateRowsLabel()
{
    const int n = m_model->rowCount();
    if (n == 0)
        m_rowsLabel->setText(tr("No payments match."));
    else if (m_model->canFetchMore({}) || m_model->canFetchNewer())
        m_rowsLabel->setText(tr("%n payment(s) loaded; scroll for more.", nullptr, n));
    else
        m_rowsLabel->setText(tr("%n payment(s).", nullptr, n));
}

void PaymentsBrowser::maybeFetchNewer(int scrollValue)
{
    if (scrollValue != m_table->verticalScrollBar()->minimum() || !m_model->canFetchNewer())
        return;
    const QModelIndex top = m_table->indexAt(QPoint(0, 0));
    const qint64 topId = top.isValid() ? m_model->data(top, PaymentTableModel::PaymentIdRole).toLongLong() : 0;
    m_model->fetchNewer();
    if (const int row = m_model->rowOf(topId); row >= 0)
        m_table->scrollTo(m_model->index(row, 0), QAbstractItemView::PositionAtTop);
}

void PaymentsBrowser::selectionChanged()
{
    const PaymentRow* row = m_model->rowAt(m_table->currentIndex().row());
    m_detail->showPayment(row ? row->id : 0);
}

void PaymentsBrowser::openRefundDialog(qint64 paymentId)
{
    if (!m_refunds || m_refundDialog)
        return;
    const auto detail = m_detail->detail();
    if (!detail || detail->payment.id != paymentId)
        return;
    m_refundDialog = new RefundDialog(*m_refunds, detail->payment, m_actor, m_dialogs, this);
    m_refundDialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_refundDialog, &RefundDialog::refundSubmitted, this, [this, paymentId] {
        m_model->refreshPayment(paymentId);
        if (m_detail->paymentId() == paymentId)
            m_detail->reload();
    });
    m_refundDialog->open();
}

void PaymentsBrowser::startExport()
{
    auto f = filterFromWidgets();
    if (!f || m_exportWatcher.isRunning())
        return;
    const QString suggested = u"payments-%1.csv"_s.arg(QDateTime::currentDateTime().toString(u"yyyyMMdd-HHmm"_s));
    const QString path = m_dialogs.saveFileName(this, tr("Export payments"), suggested, tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    m_export->setEnabled(false);
    m_messageLabel->clear();
    m_rowsLabel->setText(tr("Exporting…"));
    const PaymentQuery& query = m_query;
    const Actor actor = m_actor;
    // A big export reads every matching row; it runs on a worker thread (with its own connection) so the console
    // stays responsive. QSaveFile keeps a half-written file from ever replacing the target.
    m_exportWatcher.setFuture(QtConcurrent::run([&query, actor, filter = *f, path]() -> Result<qint64> {
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            return fail(ErrorCode::Internal, u"cannot open %1: %2"_s.arg(path, file.errorString()));
        auto rows = query.exportCsv(filter, file, actor);
        if (!rows) {
            file.cancelWriting();
            return rows;
        }
        if (!file.commit())
            return fail(ErrorCode::Internal, u"cannot write %1: %2"_s.arg(path, file.errorString()));
        return rows;
    }));
}

void PaymentsBrowser::exportDone()
{
    m_export->setEnabled(true);
    const Result<qint64> result = m_exportWatcher.result();
    updateRowsLabel();
    if (!result) {
        m_dialogs.error(this, tr("The export failed: %1").arg(userMessage(result.error())));
        Q_EMIT exportFinished(false, 0);
        return;
    }
    showMessage(tr("Exported %n payment(s).", nullptr, int(*result)), false);
    Q_EMIT exportFinished(true, *result);
}

void PaymentsBrowser::setEventListener(EventListener* listener)
{
    if (listener)
        connect(listener, &EventListener::eventsArrived, this, &PaymentsBrowser::handleEvents);
}

void PaymentsBrowser::handleEvents(const QList<FeedEvent>& events)
{
    QSet<qint64> payments;
    bool arrivals = false;
    for (const FeedEvent& e : events) {
        if (e.kind.startsWith(u"payment."_s) && e.entityType == u"payment"_s) {
            payments.insert(e.entityId);
            // Any event of a payment not loaded may be a new one (created here or on another console).
            arrivals = arrivals || m_model->rowOf(e.entityId) < 0;
        } else if (e.kind.startsWith(u"refund."_s) && e.entityType == u"refund"_s) {
            if (auto p = m_query.paymentOfRefund(e.entityId))
                payments.insert(*p);
        }
    }
    for (qint64 id : std::as_const(payments)) {
        m_model->refreshPayment(id);
        if (m_detail->paymentId() == id)
            m_detail->reload();
    }
    if (arrivals)
        showArrivals();
}

// New payments go on top. At the top of the list they come into view; scrolled down, the rows being read stay
// where they are. Rows that stop matching the filter stay until it is applied again, so nothing moves away under
// the pointer.
void PaymentsBrowser::showArrivals()
{
    const bool atTop = m_table->verticalScrollBar()->value() == m_table->verticalScrollBar()->minimum();
    const QModelIndex top = m_table->indexAt(QPoint(0, 0));
    const qint64 topId = top.isValid() ? m_model->data(top, PaymentTableModel::PaymentIdRole).toLongLong() : 0;
    if (m_model->fetchArrivals() == 0)
        return;
    if (!atTop) {
        if (const int row = m_model->rowOf(topId); row >= 0)
            m_table->scrollTo(m_model->index(row, 0), QAbstractItemView::PositionAtTop);
    }
    updateRowsLabel();
}

} // namespace paydesk::ui
