#include "ui/payments/PaymentDetailPane.h"

#include <QColor>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "core/domain/StateMachine.h"
#include "ui/common/ErrorText.h"
#include "ui/models/PaymentTableModel.h"

using namespace Qt::StringLiterals;

namespace paydesk::ui {

namespace {

QTableWidget* makeTable(const QString& name, const QStringList& headers, QWidget* parent)
{
    auto* t = new QTableWidget(0, int(headers.size()), parent);
    t->setObjectName(name);
    t->setHorizontalHeaderLabels(headers);
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->setSelectionMode(QAbstractItemView::SingleSelection);
    t->verticalHeader()->hide();
    t->horizontalHeader()->setStretchLastSection(true);
    t->setWordWrap(false);
    return t;
}

void setRow(QTableWidget* t, int row, const QStringList& cells)
{
    for (int c = 0; c < cells.size(); ++c)
        t->setItem(row, c, new QTableWidgetItem(cells[c]));
}

QString refundStatusText(domain::RefundStatus s)
{
    using enum domain::RefundStatus;
    switch (s) {
    case Requested:
        return PaymentDetailPane::tr("Requested");
    case AwaitingApproval:
        return PaymentDetailPane::tr("Awaiting approval");
    case Processing:
        return PaymentDetailPane::tr("Processing");
    case Succeeded:
        return PaymentDetailPane::tr("Refunded");
    case Failed:
        return PaymentDetailPane::tr("Failed");
    }
    return statusName(s);
}

bool mayBeRefunded(domain::PaymentStatus status)
{
    return status == domain::PaymentStatus::Succeeded || status == domain::PaymentStatus::PartiallyRefunded
        || status == domain::PaymentStatus::PaidAfterClose;
}

} // namespace

PaymentDetailPane::PaymentDetailPane(const PaymentQuery& query, Actor actor, QWidget* parent)
    : QWidget(parent)
    , m_query(query)
    , m_actor(std::move(actor))
    , m_title(new QLabel(this))
    , m_summary(new QLabel(this))
    , m_refundable(new QLabel(this))
    , m_refundButton(new QPushButton(tr("Refund…"), this))
    , m_tabs(new QTabWidget(this))
    , m_history(new QTreeWidget(this))
    , m_notifications(makeTable(u"notificationsTable"_s,
          { tr("Received"), tr("Verdict"), tr("Reason"), tr("Event"), tr("Notification id") },
          this))
    , m_raw(new QPlainTextEdit(this))
    , m_refunds(makeTable(u"refundsTable"_s,
          { tr("Refund no."), tr("Amount"), tr("Status"), tr("Reason"), tr("Requested"), tr("Failure") },
          this))
    , m_audit(makeTable(u"auditTable"_s, { tr("Time"), tr("Actor"), tr("Action"), tr("Detail") }, this))
{
    setObjectName(u"paymentDetailPane"_s);
    m_title->setObjectName(u"detailTitleLabel"_s);
    m_summary->setObjectName(u"detailSummaryLabel"_s);
    m_refundable->setObjectName(u"detailRefundableLabel"_s);
    m_refundButton->setObjectName(u"refundButton"_s);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_summary->setWordWrap(true);
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.25);
    titleFont.setBold(true);
    m_title->setFont(titleFont);

    m_history->setObjectName(u"historyTimeline"_s);
    m_history->setColumnCount(4);
    m_history->setHeaderLabels({ tr("Time"), tr("Change"), tr("Cause"), tr("By") });
    m_history->setRootIsDecorated(false);
    m_history->setAlternatingRowColors(true);
    m_history->header()->setStretchLastSection(true);

    m_raw->setObjectName(u"notificationRawView"_s);
    m_raw->setReadOnly(true);
    m_raw->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_raw->setPlaceholderText(tr("Select a notification to see its headers and body as received."));
    auto* notifySplit = new QSplitter(Qt::Vertical, this);
    notifySplit->addWidget(m_notifications);
    notifySplit->addWidget(m_raw);

    m_tabs->addTab(m_history, tr("Timeline"));
    m_tabs->addTab(notifySplit, tr("Notifications"));
    m_tabs->addTab(m_refunds, tr("Refunds"));
    m_tabs->addTab(m_audit, tr("Audit"));

    auto* head = new QHBoxLayout;
    auto* text = new QVBoxLayout;
    text->addWidget(m_title);
    text->addWidget(m_summary);
    text->addWidget(m_refundable);
    head->addLayout(text, 1);
    head->addWidget(m_refundButton, 0, Qt::AlignTop);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(head);
    layout->addWidget(m_tabs, 1);

    connect(m_refundButton, &QPushButton::clicked, this, [this] {
        if (m_paymentId)
            Q_EMIT refundRequested(m_paymentId);
    });
    connect(m_notifications, &QTableWidget::itemSelectionChanged, this, &PaymentDetailPane::showNotificationRaw);
    showPayment(0);
}

void PaymentDetailPane::showPayment(qint64 paymentId)
{
    m_paymentId = paymentId;
    reload();
}

void PaymentDetailPane::reload()
{
    m_detail.reset();
    if (m_paymentId) {
        auto d = m_query.detail(m_paymentId);
        if (d)
            m_detail = std::move(*d);
        else
            m_summary->setText(userMessage(d.error()));
    }
    fill();
}

bool PaymentDetailPane::showsRefund(qint64 refundId) const
{
    if (!m_detail)
        return false;
    return std::any_of(m_detail->refunds.begin(), m_detail->refunds.end(), [&](const Refund& r) {
        return r.id == refundId;
    });
}

void PaymentDetailPane::fill()
{
    m_history->clear();
    m_notifications->setRowCount(0);
    m_refunds->setRowCount(0);
    m_audit->setRowCount(0);
    m_raw->clear();
    if (!m_detail) {
        m_title->setText(m_paymentId ? tr("Payment not available") : tr("No payment selected"));
        if (!m_paymentId)
            m_summary->setText(tr("Select a payment in the table to see its history, notifications and refunds."));
        m_refundable->clear();
        m_refundButton->setEnabled(false);
        return;
    }
    const Payment& p = m_detail->payment;
    m_title->setText(tr("Order %1").arg(p.outTradeNo));
    // "Paid" only for money that was paid: an open or closed order shows its amount.
    const QString amount = PaymentTableModel::moneyText(p.amount);
    QStringList facts { PaymentTableModel::channelText(p.channel),
        PaymentTableModel::statusText(p.status),
        domain::isPaid(p.status) ? tr("paid %1").arg(amount) : tr("amount %1").arg(amount) };
    if (!m_detail->cashierName.isEmpty())
        facts << tr("cashier %1").arg(m_detail->cashierName);
    if (!p.channelTxnId.isEmpty())
        facts << tr("channel no. %1").arg(p.channelTxnId);
    m_summary->setText(facts.join(u" · "_s));
    const qint64 refundable = mayBeRefunded(p.status) ? p.refundableMinor() : 0;
    const Money refundableMoney(refundable, p.amount.currency());
    m_refundable->setText(tr("Refunded %1 · in progress %2 · refundable %3")
                              .arg(PaymentTableModel::moneyText(Money(p.refundedMinor, p.amount.currency())),
                                  PaymentTableModel::moneyText(Money(p.reservedMinor, p.amount.currency())),
                                  PaymentTableModel::moneyText(refundableMoney)));
    const bool mayRefund = AccessControl::allows(m_actor.role, Action::RequestRefund);
    m_refundButton->setEnabled(mayRefund && refundable > 0);
    m_refundButton->setToolTip(mayRefund ? QString() : tr("Your role may not refund."));

    for (const HistoryRow& h : std::as_const(m_detail->history)) {
        auto* item = new QTreeWidgetItem(m_history);
        item->setText(0, PaymentTableModel::timeText(h.atMs));
        item->setText(1, tr("%1 → %2").arg(PaymentTableModel::statusText(h.from), PaymentTableModel::statusText(h.to)));
        item->setText(2, PaymentTableModel::causeText(h.cause));
        item->setData(2, Qt::UserRole, h.cause);
        item->setText(3, h.actor);
        item->setData(1, Qt::UserRole, QStringList { h.from.name(), h.to.name() });
        // The code itself stays at hand for support, with the details the core recorded.
        item->setToolTip(2,
            h.detail.isEmpty()
                ? h.cause
                : h.cause + u'\n' + QString::fromUtf8(QJsonDocument(h.detail).toJson(QJsonDocument::Indented)));
    }
    for (int c = 0; c < 3; ++c)
        m_history->resizeColumnToContents(c);

    m_notifications->setRowCount(int(m_detail->notifications.size()));
    for (int i = 0; i < m_detail->notifications.size(); ++i) {
        const NotificationRecord& n = m_detail->notifications[i];
        setRow(m_notifications,
            i,
            { PaymentTableModel::timeText(n.receivedAtMs), n.verdict, n.reason, n.eventType, n.notificationId });
    }
    m_refunds->setRowCount(int(m_detail->refunds.size()));
    for (int i = 0; i < m_detail->refunds.size(); ++i) {
        const Refund& r = m_detail->refunds[i];
        setRow(m_refunds,
            i,
            { r.outRefundNo,
                PaymentTableModel::moneyText(r.amount),
                refundStatusText(r.status),
                r.reasonText.isEmpty() ? r.reasonCode : r.reasonCode + u": "_s + r.reasonText,
                PaymentTableModel::timeText(r.createdAtMs),
                r.failureCode });
        m_refunds->item(i, 1)->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        if (r.status == domain::RefundStatus::Succeeded && !r.failureCode.isEmpty()) {
            // The channel carried out a refund we had recorded as failed: the money left; finance must know.
            QTableWidgetItem* status = m_refunds->item(i, 2);
            status->setText(tr("Refunded after it failed here"));
            status->setToolTip(tr("The channel reports this refund as paid out although PayDesk had recorded it "
                                  "as failed (%1). Check that the customer was not refunded twice.")
                                   .arg(r.failureCode));
            status->setForeground(QColor(0xb0, 0x00, 0x20));
            status->setData(Qt::UserRole, u"succeeded_after_failure"_s);
        }
    }
    m_audit->setRowCount(int(m_detail->audit.size()));
    for (int i = 0; i < m_detail->audit.size(); ++i) {
        const AuditEntry& a = m_detail->audit[i];
        setRow(m_audit,
            i,
            { PaymentTableModel::timeText(a.createdAtMs),
                a.actor,
                a.action,
                QString::fromUtf8(QJsonDocument(a.detail).toJson(QJsonDocument::Compact)) });
    }
    for (QTableWidget* t : { m_notifications, m_refunds, m_audit })
        t->resizeColumnsToContents();
}

void PaymentDetailPane::showNotificationRaw()
{
    const int row = m_notifications->currentRow();
    if (!m_detail || row < 0 || row >= m_detail->notifications.size()) {
        m_raw->clear();
        return;
    }
    const NotificationRecord& n = m_detail->notifications[row];
    QString headers = n.headers;
    const QJsonDocument doc = QJsonDocument::fromJson(n.headers.toUtf8());
    if (doc.isObject())
        headers = QString::fromUtf8(doc.toJson(QJsonDocument::Indented));
    // The body is shown as received; invalid UTF-8 shows replacement characters rather than hiding bytes.
    m_raw->setPlainText(
        tr("Headers") + u'\n' + headers.trimmed() + u"\n\n"_s + tr("Body") + u'\n' + QString::fromUtf8(n.body));
}

} // namespace paydesk::ui
