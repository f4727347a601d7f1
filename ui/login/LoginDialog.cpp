#include "ui/login/LoginDialog.h"

#include <algorithm>

#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpressionValidator>
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

} // namespace

LoginDialog::LoginDialog(const UserRepository& users, QWidget* parent)
    : QDialog(parent)
    , m_users(users)
    , m_title(new QLabel)
    , m_form(new QFormLayout)
    , m_usernameLabel(new QLabel)
    , m_usernameEdit(new QLineEdit)
    , m_passwordLabel(new QLabel)
    , m_passwordEdit(new QLineEdit)
    , m_pinLabel(new QLabel)
    , m_pinEdit(new QLineEdit)
    , m_errorLabel(new QLabel)
    , m_pinModeButton(new QPushButton)
    , m_loginButton(new QPushButton)
{
    setObjectName(u"loginDialog"_s);
    setMinimumWidth(420);
    const QFont fieldFont = scaled(font(), 1.3);

    m_title->setObjectName(u"loginTitleLabel"_s);
    m_title->setFont(scaled(font(), 1.6, true));
    m_usernameEdit->setObjectName(u"usernameEdit"_s);
    m_passwordEdit->setObjectName(u"passwordEdit"_s);
    m_passwordEdit->setEchoMode(QLineEdit::Password);
    m_pinEdit->setObjectName(u"pinEdit"_s);
    m_pinEdit->setEchoMode(QLineEdit::Password);
    m_pinEdit->setValidator(new QRegularExpressionValidator(QRegularExpression(u"[0-9]{0,8}"_s), m_pinEdit));
    m_pinEdit->setInputMethodHints(Qt::ImhDigitsOnly | Qt::ImhSensitiveData | Qt::ImhNoPredictiveText);
    m_passwordEdit->setInputMethodHints(Qt::ImhSensitiveData | Qt::ImhNoPredictiveText);
    for (QLineEdit* edit : { m_usernameEdit, m_passwordEdit, m_pinEdit }) {
        edit->setFont(fieldFont);
        edit->setMinimumHeight(40);
        edit->setTextMargins(6, 0, 6, 0);
    }
    for (QLabel* label : { m_usernameLabel, m_passwordLabel, m_pinLabel })
        label->setFont(fieldFont);
    m_usernameLabel->setBuddy(m_usernameEdit);
    m_passwordLabel->setBuddy(m_passwordEdit);
    m_pinLabel->setBuddy(m_pinEdit);

    m_form->addRow(m_usernameLabel, m_usernameEdit);
    m_form->addRow(m_passwordLabel, m_passwordEdit);
    m_form->addRow(m_pinLabel, m_pinEdit);
    m_form->setVerticalSpacing(12);

    m_errorLabel->setObjectName(u"errorLabel"_s);
    m_errorLabel->setWordWrap(true);
    m_errorLabel->setStyleSheet(u"color: #b71c1c;"_s);
    m_errorLabel->setFont(scaled(font(), 1.15));
    // Room for two lines from the start, so a message does not make the dialog jump.
    m_errorLabel->setMinimumHeight(QFontMetrics(m_errorLabel->font()).lineSpacing() * 2);

    m_pinModeButton->setObjectName(u"pinModeButton"_s);
    m_pinModeButton->setCheckable(true);
    m_pinModeButton->setAutoDefault(false);
    m_pinModeButton->setMinimumSize(120, 44);
    m_pinModeButton->setFont(scaled(font(), 1.1));
    m_loginButton->setObjectName(u"loginButton"_s);
    m_loginButton->setDefault(true);
    m_loginButton->setMinimumSize(140, 44);
    m_loginButton->setFont(scaled(font(), 1.2, true));

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_pinModeButton);
    buttons->addStretch(1);
    buttons->addWidget(m_loginButton);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(24, 20, 24, 20);
    layout->setSpacing(14);
    layout->addWidget(m_title);
    layout->addLayout(m_form);
    layout->addWidget(m_errorLabel);
    layout->addLayout(buttons);

    connect(m_loginButton, &QPushButton::clicked, this, &LoginDialog::attempt);
    connect(m_pinModeButton, &QPushButton::toggled, this, &LoginDialog::setPinMode);
    connect(&m_watcher, &QFutureWatcher<Result<User>>::finished, this, &LoginDialog::finished);
    m_lockout.setSingleShot(true);
    connect(&m_lockout, &QTimer::timeout, this, [this] {
        m_lockoutTick.stop();
        m_failures = 0;
        m_errorLabel->clear();
        m_loginButton->setEnabled(true);
    });
    m_lockoutTick.setInterval(1000);
    connect(&m_lockoutTick, &QTimer::timeout, this, &LoginDialog::updateLockoutMessage);

    retranslate();
    setPinMode(false);
}

LoginDialog::~LoginDialog()
{
    m_watcher.waitForFinished();
}

void LoginDialog::attempt()
{
    if (m_watcher.isRunning() || m_lockout.isActive())
        return;
    const bool pin = m_pinModeButton->isChecked();
    const QString username = m_usernameEdit->text().trimmed();
    const QString secret = pin ? m_pinEdit->text() : m_passwordEdit->text();
    if (username.isEmpty() || secret.isEmpty()) {
        m_errorLabel->setText(pin ? tr("Enter your user name and PIN.") : tr("Enter your user name and password."));
        (username.isEmpty() ? m_usernameEdit : (pin ? m_pinEdit : m_passwordEdit))->setFocus();
        return;
    }
    m_errorLabel->clear();
    setBusy(true);
    m_watcher.setFuture(authenticateInBackground(m_users, username, secret, pin ? Secret::Pin : Secret::Password));
}

void LoginDialog::finished()
{
    const Result<User> result = m_watcher.result();
    setBusy(false);
    // A secret is never left in a field once it has been checked.
    m_passwordEdit->clear();
    m_pinEdit->clear();
    if (result) {
        m_failures = 0;
        m_user = *result;
        accept();
        return;
    }
    // Only wrong credentials count towards the lockout: an unreachable database is not someone guessing.
    if (result.error().code == ErrorCode::AuthenticationFailed && ++m_failures >= kMaxFailures) {
        startLockout();
        return;
    }
    m_errorLabel->setText(userMessage(result.error()));
    (m_pinModeButton->isChecked() ? m_pinEdit : m_passwordEdit)->setFocus();
}

void LoginDialog::setPinMode(bool pin)
{
    m_form->setRowVisible(m_passwordEdit, !pin);
    m_form->setRowVisible(m_pinEdit, pin);
    m_passwordEdit->clear();
    m_pinEdit->clear();
    m_errorLabel->clear();
    m_pinModeButton->setText(pin ? tr("Use password") : tr("Use PIN"));
    if (isVisible())
        (m_usernameEdit->text().isEmpty() ? m_usernameEdit : (pin ? m_pinEdit : m_passwordEdit))->setFocus();
}

void LoginDialog::setBusy(bool busy)
{
    for (QWidget* w :
        std::initializer_list<QWidget*> { m_usernameEdit, m_passwordEdit, m_pinEdit, m_pinModeButton, m_loginButton })
        w->setEnabled(!busy);
    m_loginButton->setText(busy ? tr("Signing in…") : tr("Sign in"));
}

void LoginDialog::startLockout()
{
    m_loginButton->setEnabled(false);
    m_lockout.start(m_lockoutMs);
    m_lockoutTick.start();
    updateLockoutMessage();
}

void LoginDialog::updateLockoutMessage()
{
    const int seconds = std::max(1, (m_lockout.remainingTime() + 999) / 1000);
    m_errorLabel->setText(tr("Too many failed attempts. Try again in %1 s.").arg(seconds));
}

void LoginDialog::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QDialog::changeEvent(event);
}

void LoginDialog::retranslate()
{
    setWindowTitle(tr("Sign in - PayDesk"));
    m_title->setText(tr("Sign in to PayDesk"));
    m_usernameLabel->setText(tr("&User name:"));
    m_passwordLabel->setText(tr("&Password:"));
    m_pinLabel->setText(tr("P&IN:"));
    m_pinEdit->setPlaceholderText(tr("4-8 digits"));
    m_pinModeButton->setText(m_pinModeButton->isChecked() ? tr("Use password") : tr("Use PIN"));
    m_pinModeButton->setToolTip(tr("Switch between password and quick PIN sign-in"));
    m_loginButton->setText(m_watcher.isRunning() ? tr("Signing in…") : tr("Sign in"));
}

} // namespace paydesk::ui
