#include "ui/refunds/RefundDialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QUuid>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include "core/domain/StateMachine.h"
#include "core/service/RefundService.h"
#include "core/service/ServiceSupport.h"
#include "ui/common/DialogService.h"
#include "ui/common/ErrorText.h"
#include "ui/models/PaymentTableModel.h"

using namespace Qt::StringLiterals;

namespace paydesk::ui {

namespace {

QString reasonLabel(const QString& code)
{
    if (code == u"customer_request"_s)
        return RefundDialog::tr("Customer request");
    if (code == u"goods_returned"_s)
        return RefundDialog::tr("Goods returned");
    if (code == u"wrong_amount"_s)
        return RefundDialog::tr("Wrong amount charged");
    if (code == u"duplicate_payment"_s)
        return RefundDialog::tr("Duplicate payment");
    return RefundDialog::tr("Other");
}

} // namespace

QStringList RefundDialog::reasonCodes()
{
    return { u"customer_request"_s, u"goods_returned"_s, u"wrong_amount"_s, u"duplicate_payment"_s, u"other"_s };
}

RefundDialog::RefundDialog(
    RefundService& service, Payment payment, Actor actor, DialogService& dialogs, QWidget* parent)
    : QDialog(parent)
    , m_service(service)
    , m_payment(std::move(payment))
    , m_actor(std::move(actor))
    , m_dialogs(dialogs)
    , m_requestKey(u"ui-refund-"_s + QUuid::createUuid().toString(QUuid::WithoutBraces))
    , m_amount(new QLineEdit(this))
    , m_amountError(new QLabel(this))
    , m_reason(new QComboBox(this))
    , m_reasonText(new QLineEdit(this))
    , m_resultLabel(new QLabel(this))
    , m_refundButton(new QPushButton(tr("Refund"), this))
    , m_closeButton(new QPushButton(tr("Cancel"), this))
{
    setObjectName(u"refundDialog"_s);
    setWindowTitle(tr("Refund order %1").arg(m_payment.outTradeNo));
    setMinimumWidth(440);

    const Currency currency = m_payment.amount.currency();
    auto* order =
        new QLabel(m_payment.outTradeNo + u"  ·  "_s + PaymentTableModel::channelText(m_payment.channel), this);
    order->setObjectName(u"paymentLabel"_s);
    order->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* paid = new QLabel(PaymentTableModel::moneyText(m_payment.amount), this);
    paid->setObjectName(u"paidLabel"_s);
    auto* refunded = new QLabel(PaymentTableModel::moneyText(Money(m_payment.refundedMinor, currency)), this);
    refunded->setObjectName(u"refundedLabel"_s);
    auto* refundable = new QLabel(PaymentTableModel::moneyText(Money(m_payment.refundableMinor(), currency)), this);
    refundable->setObjectName(u"refundableLabel"_s);
    QFont bold = refundable->font();
    bold.setBold(true);
    refundable->setFont(bold);
    if (m_payment.reservedMinor > 0)
        refundable->setToolTip(tr("%1 is reserved by refunds still in progress.")
                                   .arg(PaymentTableModel::moneyText(Money(m_payment.reservedMinor, currency))));

    m_amount->setObjectName(u"amountEdit"_s);
    m_amount->setPlaceholderText(tr("e.g. 12.50"));
    // Typing is limited to digits and at most two decimals; the value itself is checked by Money::parse.
    m_amount->setValidator(new QRegularExpressionValidator(QRegularExpression(u"^\\d{0,12}(\\.\\d{0,2})?$"_s), this));
    m_amountError->setObjectName(u"amountErrorLabel"_s);
    m_amountError->setStyleSheet(u"color: #c0392b;"_s);
    // One line reserved up front: a label that grows after the dialog is laid out gets clipped to nothing.
    m_amountError->setMinimumHeight(m_amountError->fontMetrics().height() + 2);
    m_amountError->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    m_reason->setObjectName(u"reasonCombo"_s);
    for (const QString& code : reasonCodes())
        m_reason->addItem(reasonLabel(code), code);
    m_reasonText->setObjectName(u"reasonTextEdit"_s);
    m_reasonText->setMaxLength(80); // the channels cap the refund reason at 80 characters
    m_reasonText->setPlaceholderText(tr("Optional note (required for “Other”)"));
    m_resultLabel->setObjectName(u"resultLabel"_s);
    m_resultLabel->setWordWrap(true);
    m_refundButton->setObjectName(u"refundButton"_s);
    m_closeButton->setObjectName(u"closeButton"_s);
    m_refundButton->setAutoDefault(false);
    m_closeButton->setAutoDefault(false);

    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    form->addRow(tr("Order"), order);
    form->addRow(tr("Paid"), paid);
    form->addRow(tr("Already refunded"), refunded);
    form->addRow(tr("Refundable"), refundable);
    form->addRow(tr("Refund amount (¥)"), m_amount);
    form->addRow(QString(), m_amountError);
    form->addRow(tr("Reason"), m_reason);
    form->addRow(tr("Note"), m_reasonText);
    auto* buttons = new QDialogButtonBox(this);
    buttons->addButton(m_refundButton, QDialogButtonBox::AcceptRole);
    buttons->addButton(m_closeButton, QDialogButtonBox::RejectRole);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_resultLabel);
    layout->addStretch(1);
    layout->addWidget(buttons);

    connect(m_amount, &QLineEdit::textChanged, this, &RefundDialog::validate);
    connect(m_reason, &QComboBox::currentIndexChanged, this, &RefundDialog::validate);
    connect(m_reasonText, &QLineEdit::textChanged, this, &RefundDialog::validate);
    connect(m_refundButton, &QPushButton::clicked, this, &RefundDialog::submit);
    connect(m_closeButton, &QPushButton::clicked, this, &RefundDialog::reject);
    connect(&m_watcher, &QFutureWatcher<Result<Refund>>::finished, this, &RefundDialog::finished);
    validate();
    m_amount->setFocus();
}

RefundDialog::~RefundDialog()
{
    // The service call may still be talking to the channel; its answer is recorded by the core either way.
    m_watcher.waitForFinished();
}

std::optional<Money> RefundDialog::validAmount() const
{
    const QString text = m_amount->text().trimmed();
    if (text.isEmpty())
        return std::nullopt;
    auto money = Money::parse(text, m_payment.amount.currency());
    if (!money || !money->isPositive() || money->minorUnits() > m_payment.refundableMinor())
        return std::nullopt;
    return *money;
}

void RefundDialog::validate()
{
    const QString text = m_amount->text().trimmed();
    QString problem;
    if (!text.isEmpty()) {
        auto money = Money::parse(text, m_payment.amount.currency());
        if (!money)
            problem = tr("Enter an amount in yuan with at most two decimals.");
        else if (!money->isPositive())
            problem = tr("The amount must be more than zero.");
        else if (money->minorUnits() > m_payment.refundableMinor())
            problem = tr("At most %1 can be refunded.")
                          .arg(PaymentTableModel::moneyText(Money(m_payment.refundableMinor(), money->currency())));
    }
    m_amountError->setText(problem);
    const bool needsNote = m_reason->currentData().toString() == u"other"_s && m_reasonText->text().trimmed().isEmpty();
    m_refundButton->setEnabled(!m_inFlight && !m_result && validAmount().has_value() && !needsNote);
}

void RefundDialog::setInputsEnabled(bool enabled)
{
    m_amount->setEnabled(enabled);
    m_reason->setEnabled(enabled);
    m_reasonText->setEnabled(enabled);
}

void RefundDialog::submit()
{
    // The button is disabled while a request runs, but a queued second click must not slip through either.
    if (m_inFlight || m_result)
        return;
    const auto amount = validAmount();
    if (!amount) {
        validate();
        return;
    }
    const QString question = tr("Refund %1 of order %2 to the customer's %3 account?\nThis cannot be undone.")
                                 .arg(PaymentTableModel::moneyText(*amount),
                                     m_payment.outTradeNo,
                                     PaymentTableModel::channelText(m_payment.channel));
    if (!m_dialogs.confirm(this, tr("Confirm refund"), question))
        return;
    m_inFlight = true;
    m_refundButton->setEnabled(false);
    setInputsEnabled(false);
    m_resultLabel->setStyleSheet(QString());
    m_resultLabel->setText(tr("Sending the refund…"));
    const RefundInput input {
        m_payment.id, *amount, m_reason->currentData().toString(), m_reasonText->text().trimmed(), m_requestKey
    };
    RefundService& service = m_service;
    const Actor actor = m_actor;
    // The channel call can take seconds; it runs off the GUI thread (the database hands that thread its own
    // connection).
    m_watcher.setFuture(QtConcurrent::run([&service, input, actor] {
        return service.request(input, actor);
    }));
}

void RefundDialog::finished()
{
    m_inFlight = false;
    const Result<Refund> r = m_watcher.result();
    if (!r) {
        setInputsEnabled(true);
        m_resultLabel->setStyleSheet(u"color: #c0392b;"_s);
        m_resultLabel->setText(userMessage(r.error()));
        validate();
        m_dialogs.error(this, userMessage(r.error()));
        Q_EMIT requestFinished(false);
        return;
    }
    m_result = *r;
    const QString amount = PaymentTableModel::moneyText(r->amount);
    QString text;
    if (r->status == domain::RefundStatus::Succeeded)
        text = tr("Refunded %1.").arg(amount);
    else if (r->status == domain::RefundStatus::AwaitingApproval)
        text = tr("The refund of %1 is waiting for a manager's approval.").arg(amount);
    else if (r->status == domain::RefundStatus::Failed)
        text = tr("The channel refused the refund: %1").arg(userMessage(service::errorCodeFromName(r->failureCode)));
    else
        text = tr("The refund of %1 was sent; the channel is processing it.").arg(amount);
    m_resultLabel->setStyleSheet(
        r->status == domain::RefundStatus::Failed ? u"color: #c0392b;"_s : u"color: #1e7e34;"_s);
    m_resultLabel->setText(text);
    m_closeButton->setText(tr("Close"));
    validate();
    Q_EMIT refundSubmitted(*r);
    Q_EMIT requestFinished(true);
}

void RefundDialog::reject()
{
    // Closing while the request runs would hide its outcome from the person who asked for it.
    if (m_inFlight)
        return;
    QDialog::reject();
}

} // namespace paydesk::ui
