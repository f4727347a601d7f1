#include "ui/setup/FirstRunPages.h"

#include <QEvent>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QRegularExpression>
#include <QVBoxLayout>

#include "core/store/DatabaseUrl.h"
#include "ui/setup/DatabaseCheck.h"

using namespace Qt::StringLiterals;

namespace paydesk::ui {

namespace {

QLabel* helpLabel(const QString& name, QWidget* parent)
{
    auto* label = new QLabel(parent);
    label->setObjectName(name);
    label->setWordWrap(true);
    // Indented under its radio button, so each explanation reads as part of its choice.
    label->setContentsMargins(26, 0, 0, 10);
    return label;
}

QLabel* errorLabel(const QString& name, QWidget* parent)
{
    auto* label = new QLabel(parent);
    label->setObjectName(name);
    label->setWordWrap(true);
    label->setStyleSheet(u"color: #c0392b;"_s);
    label->hide();
    return label;
}

} // namespace

// --- mode ---

ModePage::ModePage(QWidget* parent)
    : QWizardPage(parent)
    , m_training(new QRadioButton(this))
    , m_standalone(new QRadioButton(this))
    , m_shared(new QRadioButton(this))
    , m_trainingHelp(helpLabel(u"trainingHelpLabel"_s, this))
    , m_standaloneHelp(helpLabel(u"standaloneHelpLabel"_s, this))
    , m_sharedHelp(helpLabel(u"sharedHelpLabel"_s, this))
{
    setObjectName(u"modePage"_s);
    m_training->setObjectName(u"trainingRadio"_s);
    m_standalone->setObjectName(u"standaloneRadio"_s);
    m_shared->setObjectName(u"sharedRadio"_s);
    // Training first and chosen: on a fresh install no merchant keys exist yet, and training is what works at once.
    m_training->setChecked(true);
    for (QRadioButton* radio : { m_training, m_standalone, m_shared }) {
        QFont f = radio->font();
        f.setBold(true);
        f.setPointSizeF(f.pointSizeF() * 1.15);
        radio->setFont(f);
    }
    auto* layout = new QVBoxLayout(this);
    for (auto [radio, help] : { std::pair { m_training, m_trainingHelp },
             std::pair { m_standalone, m_standaloneHelp },
             std::pair { m_shared, m_sharedHelp } }) {
        layout->addWidget(radio);
        layout->addWidget(help);
    }
    layout->addStretch();
    retranslateUi();
}

void ModePage::setMode(ConsoleSettings::Mode mode)
{
    m_training->setChecked(mode == ConsoleSettings::Mode::Training);
    m_standalone->setChecked(mode == ConsoleSettings::Mode::Standalone);
    m_shared->setChecked(mode == ConsoleSettings::Mode::Shared);
}

ConsoleSettings::Mode ModePage::mode() const
{
    if (m_training->isChecked())
        return ConsoleSettings::Mode::Training;
    if (m_shared->isChecked())
        return ConsoleSettings::Mode::Shared;
    return ConsoleSettings::Mode::Standalone;
}

void ModePage::retranslateUi()
{
    setTitle(tr("How will this counter work?"));
    setSubTitle(tr("You can change this later in Settings."));
    m_standalone->setText(tr("Standalone"));
    m_standaloneHelp->setText(tr("This computer keeps all the data (SQLite). For a shop with one counter."));
    m_shared->setText(tr("Shared"));
    m_sharedHelp->setText(tr("Several counters share one PostgreSQL server. Ask your IT contact for its address."));
    m_training->setText(tr("Training"));
    m_trainingHelp->setText(
        tr("No real money. A built-in simulated WeChat Pay and Alipay, for learning and practice."));
}

void ModePage::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWizardPage::changeEvent(event);
}

// --- shared database ---

DatabasePage::DatabasePage(QWidget* parent)
    : QWizardPage(parent)
    , m_intro(new QLabel(this))
    , m_urlLabel(new QLabel(this))
    , m_passwordLabel(new QLabel(this))
    , m_url(new QLineEdit(this))
    , m_password(new QLineEdit(this))
    , m_test(new QPushButton(this))
    , m_result(new QLabel(this))
    , m_storageNote(new QLabel(this))
{
    setObjectName(u"databasePage"_s);
    m_url->setObjectName(u"databaseUrlEdit"_s);
    m_url->setPlaceholderText(u"postgresql://paydesk@192.168.1.10:5432/paydesk"_s);
    m_password->setObjectName(u"databasePasswordEdit"_s);
    m_password->setEchoMode(QLineEdit::Password);
    m_test->setObjectName(u"testConnectionButton"_s);
    m_result->setObjectName(u"connectionResultLabel"_s);
    m_result->setWordWrap(true);
    m_intro->setWordWrap(true);
    m_storageNote->setWordWrap(true);
    m_storageNote->setStyleSheet(u"color: palette(placeholder-text);"_s);
    auto* form = new QFormLayout;
    form->addRow(m_urlLabel, m_url);
    form->addRow(m_passwordLabel, m_password);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_intro);
    layout->addLayout(form);
    layout->addWidget(m_test, 0, Qt::AlignLeft);
    layout->addWidget(m_result);
    layout->addStretch();
    layout->addWidget(m_storageNote);
    connect(m_test, &QPushButton::clicked, this, &DatabasePage::testConnection);
    for (QLineEdit* edit : { m_url, m_password })
        connect(edit, &QLineEdit::textChanged, this, [this] {
            m_result->clear();
            Q_EMIT completeChanged();
        });
    retranslateUi();
}

QString DatabasePage::url() const
{
    auto parsed = DatabaseUrl::parse(m_url->text().trimmed());
    if (!parsed)
        return {};
    if (!m_password->text().isEmpty())
        parsed->password = m_password->text();
    return parsed->toString();
}

bool DatabasePage::isComplete() const
{
    return !m_testing && !m_testedUrl.isEmpty() && m_testedUrl == url();
}

void DatabasePage::testConnection()
{
    const QString target = url();
    if (target.isEmpty()) {
        m_result->setText(tr("This is not a database address. Example: %1").arg(m_url->placeholderText()));
        return;
    }
    m_testing = true;
    m_testedUrl.clear();
    m_test->setEnabled(false);
    m_result->setText(tr("Connecting…"));
    Q_EMIT completeChanged();
    checkDatabaseInBackground(target).then(this, [this, target](const Result<int>& result) {
        m_testing = false;
        m_test->setEnabled(true);
        if (result && target == url())
            m_testedUrl = target;
        showResult(result);
        Q_EMIT completeChanged();
    });
}

void DatabasePage::showResult(const Result<int>& result)
{
    m_result->setStyleSheet(result ? u"color: #1e8449;"_s : u"color: #c0392b;"_s);
    m_result->setText(describeDatabaseCheck(result));
}

void DatabasePage::retranslateUi()
{
    setTitle(tr("Shared database"));
    setSubTitle(tr("The PostgreSQL server all counters use."));
    m_intro->setText(tr("Enter the server address, then test the connection. The test also prepares the "
                        "database's tables."));
    m_urlLabel->setText(tr("Address:"));
    m_passwordLabel->setText(tr("Password:"));
    m_test->setText(tr("Test connection"));
    m_storageNote->setText(tr("The password is kept in this computer's settings, encrypted with the console's "
                              "master key."));
}

void DatabasePage::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWizardPage::changeEvent(event);
}

// --- first admin ---

AdminPage::AdminPage(QWidget* parent)
    : QWizardPage(parent)
    , m_intro(new QLabel(this))
    , m_usernameLabel(new QLabel(this))
    , m_displayNameLabel(new QLabel(this))
    , m_passwordLabel(new QLabel(this))
    , m_confirmLabel(new QLabel(this))
    , m_username(new QLineEdit(u"admin"_s, this))
    , m_displayName(new QLineEdit(this))
    , m_password(new QLineEdit(this))
    , m_confirm(new QLineEdit(this))
    , m_error(errorLabel(u"adminErrorLabel"_s, this))
{
    setObjectName(u"adminPage"_s);
    m_username->setObjectName(u"adminUsernameEdit"_s);
    m_displayName->setObjectName(u"adminDisplayNameEdit"_s);
    m_password->setObjectName(u"adminPasswordEdit"_s);
    m_confirm->setObjectName(u"adminConfirmEdit"_s);
    m_password->setEchoMode(QLineEdit::Password);
    m_confirm->setEchoMode(QLineEdit::Password);
    m_intro->setWordWrap(true);
    auto* form = new QFormLayout;
    form->addRow(m_usernameLabel, m_username);
    form->addRow(m_displayNameLabel, m_displayName);
    form->addRow(m_passwordLabel, m_password);
    form->addRow(m_confirmLabel, m_confirm);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_intro);
    layout->addLayout(form);
    layout->addWidget(m_error);
    layout->addStretch();
    for (QLineEdit* edit : { m_username, m_password, m_confirm })
        connect(edit, &QLineEdit::textEdited, m_error, &QLabel::hide);
    retranslateUi();
}

QString AdminPage::username() const
{
    return m_username->text().trimmed();
}

QString AdminPage::displayName() const
{
    const QString name = m_displayName->text().trimmed();
    return name.isEmpty() ? username() : name;
}

QString AdminPage::password() const
{
    return m_password->text();
}

bool AdminPage::validatePage()
{
    // The same rule as UserRepository, checked here so the person sees it before anything is created.
    static const QRegularExpression kUsername(u"^[\\p{L}\\p{N}._-]{1,64}$"_s);
    QString problem;
    if (!kUsername.match(username()).hasMatch())
        problem = tr("The username may use letters, digits, '.', '_' and '-' (at most 64).");
    else if (m_training && (username() == u"cashier"_s || username() == u"manager"_s))
        problem = tr("In training mode \"cashier\" and \"manager\" are the practice accounts. Choose another "
                     "username.");
    else if (m_password->text().size() < 8)
        problem = tr("The password needs at least 8 characters.");
    else if (m_password->text() != m_confirm->text())
        problem = tr("The two passwords are not the same.");
    m_error->setText(problem);
    m_error->setVisible(!problem.isEmpty());
    return problem.isEmpty();
}

void AdminPage::retranslateUi()
{
    setTitle(tr("First administrator"));
    setSubTitle(tr("The administrator sets up payment channels and staff accounts."));
    m_intro->setText(tr("Remember this password: without it nobody can change the settings."));
    m_usernameLabel->setText(tr("Username:"));
    m_displayNameLabel->setText(tr("Name:"));
    m_passwordLabel->setText(tr("Password:"));
    m_confirmLabel->setText(tr("Password again:"));
    m_password->setPlaceholderText(tr("At least 8 characters"));
}

void AdminPage::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWizardPage::changeEvent(event);
}

// --- training accounts ---

TrainingAccountsPage::TrainingAccountsPage(QWidget* parent)
    : QWizardPage(parent)
    , m_text(new QLabel(this))
{
    setObjectName(u"trainingPage"_s);
    m_text->setObjectName(u"trainingAccountsLabel"_s);
    m_text->setWordWrap(true);
    m_text->setTextFormat(Qt::RichText);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_text);
    layout->addStretch();
    retranslateUi();
}

void TrainingAccountsPage::retranslateUi()
{
    setTitle(tr("Practice accounts"));
    setSubTitle(tr("Training mode: no real money moves."));
    m_text->setText(tr("<p>Two more accounts are created, with the same password as the administrator:</p>"
                       "<ul><li><b>cashier</b>: takes payments</li>"
                       "<li><b>manager</b>: approves refunds</li></ul>"
                       "<p>Sign in as them to practise charging and refunding. The built-in simulator plays "
                       "the customer's WeChat Pay and Alipay.</p>"));
}

void TrainingAccountsPage::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWizardPage::changeEvent(event);
}

} // namespace paydesk::ui
