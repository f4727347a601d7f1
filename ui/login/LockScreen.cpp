#include "ui/login/LockScreen.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QPushButton>
#include <QVBoxLayout>

#include "ui/common/ErrorText.h"
#include "ui/login/BackgroundAuth.h"

using namespace Qt::StringLiterals;

namespace paydesk::ui {

namespace {

QFont scaled(QFont font, qreal factor, bool bold = false)
{
    font.setPointSizeF(font.pointSizeF() * factor);
    font.setBold(bold);
    return font;
}

bool mayTakeOver(const User& user)
{
    return user.role == domain::Role::Manager || user.role == domain::Role::Admin;
}

} // namespace

LockScreen::LockScreen(const UserRepository& users, QWidget* parent)
    : QWidget(parent)
    , m_users(users)
    , m_title(new QLabel)
    , m_userLabel(new QLabel)
    , m_userEdit(new QLineEdit)
    , m_secretEdit(new QLineEdit)
    , m_errorLabel(new QLabel)
    , m_switchButton(new QPushButton)
    , m_unlockButton(new QPushButton)
{
    Q_ASSERT(parent);
    setObjectName(u"lockScreen"_s);
    setAttribute(Qt::WA_OpaquePaintEvent);
    // Clicks and keys must not reach the screens underneath while locked.
    setFocusPolicy(Qt::StrongFocus);

    auto* card = new QWidget;
    card->setObjectName(u"lockCard"_s);
    card->setAttribute(Qt::WA_StyledBackground);
    card->setStyleSheet(u"#lockCard { background: white; border-radius: 12px; }"_s);
    card->setFixedWidth(440);

    m_title->setObjectName(u"lockTitleLabel"_s);
    m_title->setFont(scaled(font(), 1.6, true));
    m_title->setWordWrap(true);
    m_title->setAlignment(Qt::AlignCenter);
    m_userLabel->setObjectName(u"lockedUserLabel"_s);
    m_userLabel->setFont(scaled(font(), 1.4));
    m_userLabel->setAlignment(Qt::AlignCenter);
    m_userEdit->setObjectName(u"unlockUserEdit"_s);
    m_secretEdit->setObjectName(u"unlockEdit"_s);
    m_secretEdit->setEchoMode(QLineEdit::Password);
    m_secretEdit->setInputMethodHints(Qt::ImhSensitiveData | Qt::ImhNoPredictiveText);
    for (QLineEdit* edit : { m_userEdit, m_secretEdit }) {
        edit->setFont(scaled(font(), 1.3));
        edit->setMinimumHeight(40);
        edit->setTextMargins(6, 0, 6, 0);
    }
    m_errorLabel->setObjectName(u"unlockErrorLabel"_s);
    m_errorLabel->setWordWrap(true);
    m_errorLabel->setAlignment(Qt::AlignCenter);
    m_errorLabel->setStyleSheet(u"color: #b71c1c;"_s);
    m_errorLabel->setFont(scaled(font(), 1.15));
    m_errorLabel->setMinimumHeight(QFontMetrics(m_errorLabel->font()).lineSpacing() * 2);
    m_switchButton->setObjectName(u"switchUserButton"_s);
    m_switchButton->setCheckable(true);
    m_switchButton->setMinimumSize(120, 44);
    m_switchButton->setFont(scaled(font(), 1.1));
    m_unlockButton->setObjectName(u"unlockButton"_s);
    m_unlockButton->setMinimumSize(140, 44);
    m_unlockButton->setFont(scaled(font(), 1.2, true));

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_switchButton);
    buttons->addStretch(1);
    buttons->addWidget(m_unlockButton);

    auto* cardLayout = new QVBoxLayout(card);
    cardLayout->setContentsMargins(28, 24, 28, 24);
    cardLayout->setSpacing(14);
    cardLayout->addWidget(m_title);
    cardLayout->addWidget(m_userLabel);
    cardLayout->addWidget(m_userEdit);
    cardLayout->addWidget(m_secretEdit);
    cardLayout->addWidget(m_errorLabel);
    cardLayout->addLayout(buttons);

    auto* layout = new QVBoxLayout(this);
    layout->addStretch(1);
    layout->addWidget(card, 0, Qt::AlignHCenter);
    layout->addStretch(2);

    connect(m_unlockButton, &QPushButton::clicked, this, &LockScreen::attempt);
    connect(m_secretEdit, &QLineEdit::returnPressed, this, &LockScreen::attempt);
    connect(m_userEdit, &QLineEdit::returnPressed, m_secretEdit, qOverload<>(&QWidget::setFocus));
    connect(m_switchButton, &QPushButton::toggled, this, &LockScreen::setSwitchUser);
    connect(&m_watcher, &QFutureWatcher<Result<User>>::finished, this, &LockScreen::finished);
    parent->installEventFilter(this);

    retranslate();
    setSwitchUser(false);
    hide();
}

LockScreen::~LockScreen()
{
    m_watcher.waitForFinished();
}

void LockScreen::lock(const User& user)
{
    m_locked = user;
    m_switchButton->setChecked(false);
    setSwitchUser(false);
    m_errorLabel->clear();
    retranslate();
    setGeometry(parentWidget()->rect());
    show();
    raise();
    m_secretEdit->setFocus();
}

void LockScreen::attempt()
{
    if (!m_locked || m_watcher.isRunning())
        return;
    const bool switching = m_switchButton->isChecked();
    const QString username = switching ? m_userEdit->text().trimmed() : m_locked->username;
    const QString secret = m_secretEdit->text();
    if (username.isEmpty() || secret.isEmpty()) {
        m_errorLabel->setText(
            switching ? tr("Enter a user name and password or PIN.") : tr("Enter your password or PIN."));
        return;
    }
    m_errorLabel->clear();
    setBusy(true);
    m_watcher.setFuture(authenticateInBackground(m_users, username, secret, Secret::PasswordOrPin));
}

void LockScreen::finished()
{
    const Result<User> result = m_watcher.result();
    setBusy(false);
    m_secretEdit->clear();
    m_secretEdit->setFocus();
    if (!result) {
        m_errorLabel->setText(userMessage(result.error()));
        return;
    }
    // Another cashier with valid credentials may not open someone else's session: only its owner or a manager.
    if (result->id != m_locked->id && !mayTakeOver(*result)) {
        m_errorLabel->setText(tr("Only %1 or a manager can unlock this screen.").arg(m_locked->displayName));
        return;
    }
    m_locked.reset();
    hide();
    Q_EMIT unlocked(*result);
}

void LockScreen::setSwitchUser(bool on)
{
    m_userEdit->setVisible(on);
    m_userEdit->clear();
    m_secretEdit->clear();
    m_errorLabel->clear();
    retranslate();
    if (isVisible())
        (on ? m_userEdit : m_secretEdit)->setFocus();
}

void LockScreen::setBusy(bool busy)
{
    for (QWidget* w : std::initializer_list<QWidget*> { m_userEdit, m_secretEdit, m_switchButton, m_unlockButton })
        w->setEnabled(!busy);
    m_unlockButton->setText(busy ? tr("Checking…") : tr("Unlock"));
}

bool LockScreen::eventFilter(QObject* watched, QEvent* event)
{
    // Follow the covered widget's size, so nothing peeks out when the window is resized while locked.
    if (watched == parentWidget() && event->type() == QEvent::Resize)
        setGeometry(parentWidget()->rect());
    return QWidget::eventFilter(watched, event);
}

void LockScreen::paintEvent(QPaintEvent*)
{
    // Opaque, not translucent: amounts and orders underneath must not be readable while the counter is unattended.
    QPainter painter(this);
    QLinearGradient gradient(0, 0, 0, height());
    gradient.setColorAt(0, QColor(0x26, 0x32, 0x38));
    gradient.setColorAt(1, QColor(0x10, 0x16, 0x19));
    painter.fillRect(rect(), gradient);
}

bool LockScreen::focusNextPrevChild(bool next)
{
    // Tab cycles inside the lock screen: the widgets underneath must stay out of reach while locked.
    QList<QWidget*> chain;
    for (QWidget* w : std::initializer_list<QWidget*> { m_userEdit, m_secretEdit, m_switchButton, m_unlockButton }) {
        if (w->isVisible() && w->isEnabled())
            chain.append(w);
    }
    if (chain.isEmpty())
        return true;
    const qsizetype at = chain.indexOf(focusWidget());
    const qsizetype count = chain.size();
    const qsizetype to = at < 0 ? 0 : (at + (next ? 1 : count - 1)) % count;
    chain.at(to)->setFocus(next ? Qt::TabFocusReason : Qt::BacktabFocusReason);
    return true;
}

void LockScreen::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void LockScreen::retranslate()
{
    m_title->setText(tr("Locked — sign in to continue"));
    const bool switching = m_switchButton->isChecked();
    if (m_locked) {
        m_userLabel->setText(switching ? tr("Locked by %1").arg(m_locked->displayName) : m_locked->displayName);
    }
    m_userEdit->setPlaceholderText(tr("Manager's user name"));
    m_secretEdit->setPlaceholderText(tr("Password or PIN"));
    m_switchButton->setText(switching ? tr("Back") : tr("Switch user"));
    m_switchButton->setToolTip(tr("A manager or admin can take over this counter"));
    m_unlockButton->setText(m_watcher.isRunning() ? tr("Checking…") : tr("Unlock"));
}

} // namespace paydesk::ui
