#include "ui/settings/DatabaseTab.h"

#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include "core/store/ChannelConfigStore.h"
#include "core/store/Database.h"
#include "ui/common/ConsoleSettings.h"
#include "ui/common/DialogService.h"
#include "ui/settings/SettingsWidgets.h"
#include "ui/setup/DatabaseCheck.h"

using namespace Qt::StringLiterals;

namespace paydesk::ui {

namespace {
QLabel* heading(QWidget* parent)
{
    auto* label = new QLabel(parent);
    QFont f = label->font();
    f.setBold(true);
    label->setFont(f);
    return label;
}
} // namespace

DatabaseTab::DatabaseTab(const Database& database, ConsoleSettings& settings, DialogService& dialogs, QWidget* parent)
    : QWidget(parent)
    , m_database(database)
    , m_settings(settings)
    , m_dialogs(dialogs)
    , m_currentTitle(heading(this))
    , m_urlCaption(new QLabel(this))
    , m_engineCaption(new QLabel(this))
    , m_url(valueLabel(u"databaseUrlLabel"_s, this))
    , m_engine(valueLabel(u"databaseEngineLabel"_s, this))
    , m_switchTitle(heading(this))
    , m_newUrlCaption(new QLabel(this))
    , m_passwordCaption(new QLabel(this))
    , m_newUrl(lineEdit(u"newDatabaseUrlEdit"_s, this))
    , m_password(lineEdit(u"newDatabasePasswordEdit"_s, this))
    , m_test(button(u"testDatabaseButton"_s, this))
    , m_use(button(u"useDatabaseButton"_s, this))
    , m_result(statusLabel(u"databaseResultLabel"_s, this))
    , m_restartNote(statusLabel(u"databaseRestartLabel"_s, this))
{
    setObjectName(u"databaseTab"_s);
    m_newUrl->setPlaceholderText(u"postgresql://paydesk@192.168.1.10:5432/paydesk"_s);
    m_password->setEchoMode(QLineEdit::Password);
    m_use->setEnabled(false);
    const Database& db = m_database;
    m_url->setText(db.url().redacted());

    auto* current = new QFormLayout;
    current->addRow(m_urlCaption, m_url);
    current->addRow(m_engineCaption, m_engine);
    auto* next = new QFormLayout;
    next->addRow(m_newUrlCaption, m_newUrl);
    next->addRow(m_passwordCaption, m_password);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_test);
    buttons->addWidget(m_use);
    buttons->addStretch();
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_currentTitle);
    layout->addLayout(current);
    layout->addSpacing(16);
    layout->addWidget(m_switchTitle);
    layout->addLayout(next);
    layout->addLayout(buttons);
    layout->addWidget(m_result);
    layout->addStretch();
    layout->addWidget(m_restartNote);

    connect(m_test, &QPushButton::clicked, this, &DatabaseTab::testConnection);
    connect(m_use, &QPushButton::clicked, this, &DatabaseTab::useDatabase);
    for (QLineEdit* edit : { m_newUrl, m_password })
        connect(edit, &QLineEdit::textChanged, this, [this] {
            m_use->setEnabled(!m_testedUrl.isEmpty() && m_testedUrl == enteredUrl());
        });
    retranslateUi();
}

DatabaseTab::~DatabaseTab() = default;

QString DatabaseTab::enteredUrl() const
{
    auto parsed = DatabaseUrl::parse(m_newUrl->text().trimmed());
    if (!parsed)
        return {};
    if (!m_password->text().isEmpty())
        parsed->password = m_password->text();
    return parsed->toString();
}

void DatabaseTab::testConnection()
{
    const QString target = enteredUrl();
    m_testedUrl.clear();
    m_use->setEnabled(false);
    if (target.isEmpty())
        return setStatus(
            m_result, tr("This is not a database address. Example: %1").arg(m_newUrl->placeholderText()), false);
    m_test->setEnabled(false);
    setStatus(m_result, tr("Connecting…"), true);
    checkDatabaseInBackground(target).then(this, [this, target](const Result<int>& result) {
        m_test->setEnabled(true);
        setStatus(m_result, describeDatabaseCheck(result), bool(result));
        if (result && target == enteredUrl()) {
            m_testedUrl = target;
            m_use->setEnabled(true);
        }
    });
}

void DatabaseTab::useDatabase()
{
    auto box = openMasterKey(true);
    if (!box)
        return m_dialogs.error(this, errorWithDetail(box.error()));
    if (auto stored = m_settings.setDatabaseUrl(m_testedUrl, *box); !stored)
        return m_dialogs.error(this, errorWithDetail(stored.error()));
    // Training keeps its own mode; otherwise a second database server means this counter now shares it.
    if (m_settings.mode() != ConsoleSettings::Mode::Training)
        m_settings.setMode(ConsoleSettings::Mode::Shared);
    m_settings.sync();
    m_use->setEnabled(false);
    m_restartNote->setProperty("hint", false);
    setStatus(m_restartNote, tr("Saved. PayDesk uses the new database after it restarts."), true);
    Q_EMIT restartRequired();
}

void DatabaseTab::retranslateUi()
{
    m_currentTitle->setText(tr("In use now"));
    m_urlCaption->setText(tr("Address:"));
    m_engineCaption->setText(tr("Kind:"));
    m_engine->setText(m_database.engine() == DbEngine::Postgres ? tr("PostgreSQL (shared by several counters)")
                                                                : tr("SQLite (kept on this computer)"));
    m_switchTitle->setText(tr("Switch to a shared PostgreSQL server"));
    m_newUrlCaption->setText(tr("Address:"));
    m_passwordCaption->setText(tr("Password:"));
    m_test->setText(tr("Test connection"));
    m_use->setText(tr("Use this database"));
    if (m_restartNote->text().isEmpty() || m_restartNote->property("hint").toBool()) {
        m_restartNote->setProperty("hint", true);
        m_restartNote->setStyleSheet(QString());
        m_restartNote->setText(tr("A new database takes effect after PayDesk restarts. The password is stored "
                                  "encrypted with this computer's master key."));
    }
}

void DatabaseTab::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

} // namespace paydesk::ui
