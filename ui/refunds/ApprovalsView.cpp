#include "ui/refunds/ApprovalsView.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include "core/service/RefundService.h"
#include "core/store/EventListener.h"
#include "ui/common/DialogService.h"
#include "ui/common/ErrorText.h"
#include "ui/models/PaymentTableModel.h"

using namespace Qt::StringLiterals;

namespace paydesk::ui {

ApprovalsView::ApprovalsView(
    RefundService& refunds, const PaymentQuery& query, Actor actor, DialogService& dialogs, QWidget* parent)
    : QWidget(parent)
    , m_refunds(refunds)
    , m_query(query)
    , m_actor(std::move(actor))
    , m_dialogs(dialogs)
    , m_table(new QTableWidget(0, 6, this))
    , m_rejectReason(new QLineEdit(this))
    , m_approve(new QPushButton(tr("Approve"), this))
    , m_reject(new QPushButton(tr("Reject"), this))
    , m_hint(new QLabel(this))
{
    setObjectName(u"approvalsView"_s);
    m_table->setObjectName(u"approvalsTable"_s);
    m_table->setHorizontalHeaderLabels(
        { tr("Requested"), tr("Order no."), tr("Refund"), tr("Paid"), tr("Reason"), tr("Requested by") });
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_rejectReason->setObjectName(u"rejectReasonEdit"_s);
    m_rejectReason->setPlaceholderText(tr("Reason for rejecting (required)"));
    m_rejectReason->setMaxLength(200);
    m_approve->setObjectName(u"approveButton"_s);
    m_reject->setObjectName(u"rejectButton"_s);
    m_hint->setObjectName(u"approvalHintLabel"_s);
    m_hint->setWordWrap(true);

    auto* actions = new QHBoxLayout;
    actions->addWidget(m_approve);
    actions->addSpacing(16);
    actions->addWidget(m_rejectReason, 1);
    actions->addWidget(m_reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_hint);
    layout->addLayout(actions);

    connect(m_table, &QTableWidget::itemSelectionChanged, this, &ApprovalsView::updateButtons);
    connect(m_rejectReason, &QLineEdit::textChanged, this, &ApprovalsView::updateButtons);
    connect(m_approve, &QPushButton::clicked, this, [this] {
        decide(true);
    });
    connect(m_reject, &QPushButton::clicked, this, [this] {
        decide(false);
    });
    connect(&m_watcher, &QFutureWatcher<Result<Refund>>::finished, this, &ApprovalsView::decided);
    reload();
}

ApprovalsView::~ApprovalsView()
{
    m_watcher.waitForFinished();
}

void ApprovalsView::reload()
{
    const qint64 selectedId = selected() ? selected()->refund.id : 0;
    auto rows = m_query.awaitingApproval();
    m_rows = rows ? *rows : QList<ApprovalRow> {};
    if (!rows)
        m_hint->setText(userMessage(rows.error()));
    m_table->setRowCount(int(m_rows.size()));
    for (int i = 0; i < m_rows.size(); ++i) {
        const ApprovalRow& a = m_rows[i];
        const QString reason =
            a.refund.reasonText.isEmpty() ? a.refund.reasonCode : a.refund.reasonCode + u": "_s + a.refund.reasonText;
        const QStringList cells { PaymentTableModel::timeText(a.refund.createdAtMs),
            a.outTradeNo,
            PaymentTableModel::moneyText(a.refund.amount),
            PaymentTableModel::moneyText(a.paid),
            reason,
            a.requesterName };
        for (int c = 0; c < cells.size(); ++c) {
            auto* item = new QTableWidgetItem(cells[c]);
            if (c == 2 || c == 3)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_table->setItem(i, c, item);
        }
        if (a.refund.id == selectedId)
            m_table->selectRow(i);
    }
    m_table->resizeColumnsToContents();
    if (m_rows.isEmpty() && rows)
        m_hint->setText(tr("No refunds are waiting for approval."));
    updateButtons();
}

const ApprovalRow* ApprovalsView::selected() const
{
    const auto rows = m_table->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return nullptr;
    const int r = rows.first().row();
    return r >= 0 && r < m_rows.size() ? &m_rows[r] : nullptr;
}

void ApprovalsView::updateButtons()
{
    const ApprovalRow* a = selected();
    const bool mayApprove = AccessControl::allows(m_actor.role, Action::ApproveRefund);
    const bool busy = m_watcher.isRunning();
    const bool own = a && a->refund.requestedBy == m_actor.userId;
    m_approve->setEnabled(a && mayApprove && !own && !busy);
    m_reject->setEnabled(a && mayApprove && !busy && !m_rejectReason->text().trimmed().isEmpty());
    if (!mayApprove)
        m_hint->setText(tr("Only a manager can approve or reject refunds."));
    else if (own)
        m_hint->setText(tr("You requested this refund, so another manager must approve it."));
    else if (a)
        m_hint->setText(tr("Approving sends the refund to the channel at once."));
    else if (!m_rows.isEmpty())
        m_hint->setText(tr("Select a refund to approve or reject it."));
}

void ApprovalsView::decide(bool approve)
{
    const ApprovalRow* a = selected();
    if (!a || m_watcher.isRunning())
        return;
    const QString reason = m_rejectReason->text().trimmed();
    if (!approve && reason.isEmpty())
        return;
    const QString amount = PaymentTableModel::moneyText(a->refund.amount);
    const QString question = approve
        ? tr("Approve the refund of %1 for order %2 requested by %3?").arg(amount, a->outTradeNo, a->requesterName)
        : tr("Reject the refund of %1 for order %2?").arg(amount, a->outTradeNo);
    if (!m_dialogs.confirm(this, approve ? tr("Approve refund") : tr("Reject refund"), question))
        return;
    RefundService& service = m_refunds;
    const Actor actor = m_actor;
    const qint64 id = a->refund.id;
    // Approval submits to the channel, which may take seconds: off the GUI thread.
    m_watcher.setFuture(QtConcurrent::run([&service, actor, id, approve, reason] {
        return approve ? service.approve(id, actor) : service.reject(id, reason, actor);
    }));
    updateButtons();
}

void ApprovalsView::decided()
{
    const Result<Refund> r = m_watcher.result();
    if (!r)
        m_dialogs.error(this, userMessage(r.error()));
    else
        m_rejectReason->clear();
    reload();
    Q_EMIT decisionFinished(bool(r));
}

void ApprovalsView::setEventListener(EventListener* listener)
{
    if (listener)
        connect(listener, &EventListener::eventsArrived, this, &ApprovalsView::handleEvents);
}

void ApprovalsView::handleEvents(const QList<FeedEvent>& events)
{
    const bool refundChanged = std::any_of(events.begin(), events.end(), [](const FeedEvent& e) {
        return e.entityType == u"refund"_s;
    });
    if (refundChanged && !m_watcher.isRunning())
        reload();
}

} // namespace paydesk::ui
