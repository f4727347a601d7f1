#include "ui/setup/FirstRunWizard.h"

#include <QEvent>

#include "ui/setup/FirstRunPages.h"

using namespace Qt::StringLiterals;

namespace paydesk::ui {

FirstRunWizard::FirstRunWizard(QWidget* parent)
    : QWizard(parent)
    , m_modePage(new ModePage(this))
    , m_databasePage(new DatabasePage(this))
    , m_adminPage(new AdminPage(this))
    , m_trainingPage(new TrainingAccountsPage(this))
{
    setObjectName(u"firstRunWizard"_s);
    // One look on every platform: the screenshots and the manual show the same window.
    setWizardStyle(QWizard::ModernStyle);
    setOption(QWizard::NoBackButtonOnStartPage);
    setPage(ModePageId, m_modePage);
    setPage(DatabasePageId, m_databasePage);
    setPage(AdminPageId, m_adminPage);
    setPage(TrainingPageId, m_trainingPage);
    setStartId(ModePageId);
    setMinimumSize(640, 480);
    connect(this, &QWizard::currentIdChanged, this, [this](int id) {
        if (id == AdminPageId)
            m_adminPage->setTraining(mode() == ConsoleSettings::Mode::Training);
    });
    retranslateUi();
}

FirstRunWizard::~FirstRunWizard() = default;

void FirstRunWizard::preferMode(ConsoleSettings::Mode mode)
{
    m_modePage->setMode(mode);
}

ConsoleSettings::Mode FirstRunWizard::mode() const
{
    return m_modePage->mode();
}

int FirstRunWizard::nextId() const
{
    switch (currentId()) {
    case ModePageId:
        return mode() == ConsoleSettings::Mode::Shared ? DatabasePageId : AdminPageId;
    case DatabasePageId:
        return AdminPageId;
    case AdminPageId:
        return mode() == ConsoleSettings::Mode::Training ? TrainingPageId : -1;
    default:
        return -1;
    }
}

FirstRunResult FirstRunWizard::firstRunResult() const
{
    FirstRunResult r;
    r.mode = mode();
    if (r.mode == ConsoleSettings::Mode::Shared)
        r.databaseUrl = m_databasePage->url();
    r.adminUsername = m_adminPage->username();
    r.adminDisplayName = m_adminPage->displayName();
    r.adminPassword = crypto::SecureBytes(m_adminPage->password().toUtf8());
    return r;
}

void FirstRunWizard::retranslateUi()
{
    setWindowTitle(tr("Set up PayDesk"));
}

void FirstRunWizard::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWizard::changeEvent(event);
}

} // namespace paydesk::ui
