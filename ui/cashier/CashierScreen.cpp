#include "ui/cashier/CashierScreen.h"

#include <QApplication>
#include <QButtonGroup>
#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QStackedWidget>
#include <QTableWidget>
#include <QVBoxLayout>

#include "core/domain/StateMachine.h"
#include "core/store/PaymentQuery.h"
#include "ui/cashier/Receipt.h"
#include "ui/common/ErrorText.h"
#include "ui/models/PaymentTableModel.h"
#include "ui/widgets/AmountKeypad.h"
#include "ui/widgets/QrCodeWidget.h"

using namespace Qt::StringLiterals;

namespace paydesk::ui {

namespace {

enum Page
{
    IdlePage = 0,
    QrPage = 1,
    ResultPage = 2
};

QLabel* bigLabel(const QString& name, qreal scale, bool bold = true)
{
    auto* l = new QLabel;
    l->setObjectName(name);
    l->setAlignment(Qt::AlignCenter);
    l->setWordWrap(true);
    QFont f = l->font();
    f.setPointSizeF(f.pointSizeF() * scale);
    f.setBold(bold);
    l->setFont(f);
    return l;
}

QString yuan(const Money& m)
{
    return u"¥"_s + m.toDecimalString();
}

} // namespace

CashierScreen::CashierScreen(
    CashierSession& session, const PaymentQuery& query, Actor cashier, QString merchantName, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
    , m_query(query)
    , m_cashier(std::move(cashier))
    , m_merchantName(std::move(merchantName))
    , m_keypad(new AmountKeypad)
    , m_wechat(new QPushButton(tr("WeChat Pay")))
    , m_alipay(new QPushButton(tr("Alipay")))
    , m_right(new QStackedWidget)
    , m_qr(new QrCodeWidget)
    , m_qrAmount(bigLabel(u"qrAmountLabel"_s, 2.2))
    , m_countdown(bigLabel(u"countdownLabel"_s, 1.3, false))
    , m_status(bigLabel(u"statusLabel"_s, 1.3))
    , m_result(bigLabel(u"resultLabel"_s, 2.4))
    , m_cancel(new QPushButton(tr("Cancel this QR")))
    , m_simPay(new QPushButton(tr("Customer pays (simulator)")))
    , m_done(new QPushButton(tr("Done")))
    , m_print(new QPushButton(tr("Print receipt")))
    , m_takings(bigLabel(u"takingsLabel"_s, 1.1))
    , m_recent(new QTableWidget(0, 5))
{
    setObjectName(u"cashierScreen"_s);
    m_keypad->setObjectName(u"amountKeypad"_s);
    m_wechat->setObjectName(u"wechatButton"_s);
    m_alipay->setObjectName(u"alipayButton"_s);
    m_qr->setObjectName(u"qrCode"_s);
    m_cancel->setObjectName(u"cancelButton"_s);
    m_simPay->setObjectName(u"simPayButton"_s);
    m_simPay->setVisible(false);
    m_done->setObjectName(u"doneButton"_s);
    m_print->setObjectName(u"printButton"_s);
    m_recent->setObjectName(u"recentTable"_s);

    // Channel choice: two big toggles, WeChat first (the most common at Chinese counters).
    auto* channels = new QButtonGroup(this);
    for (QPushButton* b : { m_wechat, m_alipay }) {
        b->setCheckable(true);
        b->setMinimumHeight(56);
        QFont f = b->font();
        f.setPointSizeF(f.pointSizeF() * 1.3);
        f.setBold(true);
        b->setFont(f);
        channels->addButton(b);
    }
    m_wechat->setChecked(true);
    m_wechat->setStyleSheet(u"QPushButton:checked { background:#07c160; color:white; }"_s);
    m_alipay->setStyleSheet(u"QPushButton:checked { background:#1677ff; color:white; }"_s);

    auto* channelRow = new QHBoxLayout;
    channelRow->addWidget(m_wechat);
    channelRow->addWidget(m_alipay);
    auto* left = new QVBoxLayout;
    left->addLayout(channelRow);
    left->addWidget(m_keypad, 1);

    // Right: idle hint, the QR, or the result.
    auto* idle = bigLabel(u"idleLabel"_s, 1.4, false);
    idle->setText(tr("Enter the amount, choose WeChat Pay or Alipay, then press Charge or Enter."));
    m_right->addWidget(idle);
    auto* qrPage = new QWidget;
    auto* qrLayout = new QVBoxLayout(qrPage);
    m_qr->setMinimumSize(280, 280);
    qrLayout->addWidget(m_qrAmount);
    qrLayout->addWidget(m_qr, 1);
    qrLayout->addWidget(m_countdown);
    qrLayout->addWidget(m_status);
    qrLayout->addWidget(m_simPay);
    qrLayout->addWidget(m_cancel);
    m_right->addWidget(qrPage);
    auto* resultPage = new QWidget;
    auto* resultLayout = new QVBoxLayout(resultPage);
    resultLayout->addStretch(1);
    resultLayout->addWidget(m_result);
    resultLayout->addStretch(1);
    auto* resultButtons = new QHBoxLayout;
    resultButtons->addWidget(m_print);
    resultButtons->addWidget(m_done);
    resultLayout->addLayout(resultButtons);
    m_right->addWidget(resultPage);
    for (QPushButton* b : { m_cancel, m_done, m_print, m_simPay })
        b->setMinimumHeight(52);

    auto* top = new QHBoxLayout;
    top->addLayout(left, 2);
    top->addWidget(m_right, 3);

    m_recent->setHorizontalHeaderLabels({ tr("Time"), tr("Order number"), tr("Channel"), tr("Amount"), tr("Status") });
    m_recent->horizontalHeader()->setStretchLastSection(true);
    m_recent->verticalHeader()->hide();
    m_recent->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_recent->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_recent->setMaximumHeight(170);
    auto* reprint = new QPushButton(tr("Reprint receipt"));
    reprint->setObjectName(u"reprintButton"_s);
    auto* bottomHeader = new QHBoxLayout;
    m_takings->setAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    bottomHeader->addWidget(m_takings, 1);
    bottomHeader->addWidget(reprint);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top, 1);
    layout->addLayout(bottomHeader);
    layout->addWidget(m_recent);

    connect(m_keypad, &AmountKeypad::chargeRequested, this, [this](const Money& amount) {
        m_session.charge(selectedChannel(), amount);
    });
    connect(m_cancel, &QPushButton::clicked, &m_session, &CashierSession::cancel);
    connect(m_done, &QPushButton::clicked, this, [this] {
        m_session.finish();
        m_keypad->clear();
        m_keypad->setFocus();
    });
    connect(m_print, &QPushButton::clicked, this, [this] {
        printReceipt(m_session.payment(), false);
    });
    connect(reprint, &QPushButton::clicked, this, &CashierScreen::reprintSelected);
    connect(&m_session, &CashierSession::stateChanged, this, &CashierScreen::onStateChanged);
    connect(&m_session, &CashierSession::tick, this, &CashierScreen::onTick);

    // Typing an amount must work the moment the screen is shown: the keypad takes the keyboard.
    setFocusProxy(m_keypad);
    onStateChanged(m_session.state());
    refreshTakings();
}

void CashierScreen::setTrainingCustomer(std::function<Status(const QString& outTradeNo)> pay)
{
    m_simPay->setVisible(bool(pay));
    m_simPay->setStyleSheet(u"background:#fff3cd; color:#664d03"_s);
    disconnect(m_simPay, nullptr, this, nullptr);
    connect(m_simPay, &QPushButton::clicked, this, [this, pay] {
        if (auto s = pay(m_session.payment().outTradeNo); !s)
            m_status->setText(userMessage(s.error()));
        else
            m_session.checkNow(); // the simulator notifies too; asking at once makes the training snappy
    });
}

ChannelKind CashierScreen::selectedChannel() const
{
    return m_alipay->isChecked() ? ChannelKind::Alipay : ChannelKind::WeChatPay;
}

QString CashierScreen::channelLabel(ChannelKind kind) const
{
    return kind == ChannelKind::WeChatPay ? tr("WeChat Pay") : tr("Alipay");
}

void CashierScreen::onStateChanged(CashierSession::State state)
{
    using S = CashierSession::State;
    const Payment& p = m_session.payment();
    const bool entering = state == S::Idle;
    m_keypad->setEnabled(entering);
    m_wechat->setEnabled(entering);
    m_alipay->setEnabled(entering);
    // Done stays disabled until the core has confirmed the payment (never on a guess).
    m_done->setEnabled(m_session.canFinish() || state == S::Failed || state == S::Closed);
    m_done->setText(m_session.canFinish() ? tr("Done") : tr("Back"));
    m_print->setVisible(state == S::Paid);
    m_cancel->setEnabled(state == S::Waiting || state == S::Unknown);
    m_simPay->setEnabled(state == S::Waiting);
    m_result->setStyleSheet({});

    switch (state) {
    case S::Idle:
        m_right->setCurrentIndex(IdlePage);
        m_status->clear();
        m_keypad->setFocus();
        break;
    case S::Creating:
        m_right->setCurrentIndex(QrPage);
        m_qr->setText({});
        m_qrAmount->setText(tr("Creating the QR code…"));
        m_status->setText({});
        m_countdown->clear();
        break;
    case S::Waiting:
        m_right->setCurrentIndex(QrPage);
        m_qr->setOverlay({});
        m_qr->setText(p.codeUrl);
        m_qrAmount->setText(u"%1  %2"_s.arg(yuan(p.amount), channelLabel(p.channel)));
        m_status->setStyleSheet({});
        m_status->setText(tr("Waiting for the customer to scan and pay…"));
        break;
    case S::Unknown:
        m_right->setCurrentIndex(QrPage);
        m_status->setStyleSheet(u"color:#b36b00"_s);
        m_status->setText(tr("Result not confirmed yet. Do not hand over the goods; checking again…"));
        break;
    case S::Cancelling:
        m_status->setText(tr("Closing the order at the channel…"));
        m_qr->setOverlay(tr("Cancelled"));
        break;
    case S::Paid:
        m_right->setCurrentIndex(ResultPage);
        m_result->setStyleSheet(u"background:#1b7f3b; color:white; border-radius:12px; padding:24px"_s);
        m_result->setText(tr("Paid\n%1\n%2").arg(yuan(p.amount), channelLabel(p.channel)));
        QApplication::beep();
        refreshTakings();
        break;
    case S::Failed:
        m_right->setCurrentIndex(ResultPage);
        m_result->setStyleSheet(u"background:#b00020; color:white; border-radius:12px; padding:24px"_s);
        m_result->setText(tr("Payment failed\n%1").arg(userMessage(m_session.lastError())));
        refreshTakings();
        break;
    case S::Closed:
        m_right->setCurrentIndex(ResultPage);
        m_result->setStyleSheet(u"background:#5f6368; color:white; border-radius:12px; padding:24px"_s);
        m_result->setText(tr("Closed\nThe QR code can no longer be paid."));
        refreshTakings();
        break;
    }
}

void CashierScreen::onTick(qint64 secondsLeft)
{
    if (m_session.state() != CashierSession::State::Waiting)
        return;
    if (secondsLeft <= 0) {
        m_qr->setOverlay(tr("Expired"));
        m_countdown->setText(tr("Expired: closing the order…"));
        return;
    }
    m_countdown->setText(tr("Expires in %1:%2").arg(secondsLeft / 60).arg(secondsLeft % 60, 2, 10, QChar(u'0')));
}

void CashierScreen::refreshTakings()
{
    PaymentFilter filter;
    filter.cashierId = m_cashier.userId;
    filter.from = QDateTime(QDate::currentDate(), QTime(0, 0)); // local midnight: "today" at this counter
    qint64 count = 0;
    qint64 gross = 0;
    qint64 refunded = 0;
    QList<PaymentRow> rows;
    std::optional<qint64> before;
    for (;;) {
        auto page = m_query.page(filter, before, 200);
        if (!page || page->isEmpty())
            break;
        for (const PaymentRow& r : *page) {
            if (domain::isPaid(r.status)) {
                ++count;
                gross += r.amount.minorUnits();
                refunded += r.refunded.minorUnits();
            }
        }
        if (rows.size() < 50)
            rows += page->mid(0, 50 - rows.size());
        if (page->size() < 200)
            break;
        before = page->last().id;
    }
    m_takings->setText(tr("Today: %n payment(s), %1 taken, %2 refunded", nullptr, int(count))
                           .arg(yuan(Money::fen(gross)), yuan(Money::fen(refunded))));
    m_recent->setRowCount(int(rows.size()));
    m_recentIds.clear();
    for (int i = 0; i < rows.size(); ++i) {
        const PaymentRow& r = rows[i];
        m_recentIds << r.id;
        const QStringList cells { QDateTime::fromMSecsSinceEpoch(r.createdAtMs).toString(u"HH:mm:ss"_s),
            r.outTradeNo,
            channelLabel(r.channel),
            yuan(r.amount),
            PaymentTableModel::statusText(r.status) };
        for (int c = 0; c < cells.size(); ++c)
            m_recent->setItem(i, c, new QTableWidgetItem(cells[c]));
    }
}

void CashierScreen::printReceipt(const Payment& payment, bool reprint)
{
    auto result = Receipt::print(payment, m_merchantName, m_cashier.username, reprint);
    if (!result) {
        m_status->setText(userMessage(result.error()));
        return;
    }
    if (!result->isEmpty())
        Q_EMIT receiptSaved(*result);
}

void CashierScreen::reprintSelected()
{
    const int row = m_recent->currentRow();
    if (row < 0 || row >= m_recentIds.size())
        return;
    auto detail = m_query.detail(m_recentIds[row]);
    if (detail && domain::isPaid(detail->payment.status))
        printReceipt(detail->payment, true);
}

} // namespace paydesk::ui
