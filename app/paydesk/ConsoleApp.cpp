#include "ConsoleApp.h"

#include <QApplication>
#include <QDir>
#include <QMessageBox>
#include <QStandardPaths>
#include <QTimer>

#include "app/paydesk/ConsoleServices.h"
#include "core/crypto/SecretBox.h"
#include "core/log/Log.h"
#include "core/store/ChannelConfigStore.h"
#include "core/store/Database.h"
#include "core/store/DatabaseUrl.h"
#include "core/util/Clock.h"
#include "ui/common/ConsoleSettings.h"
#include "ui/common/DialogService.h"
#include "ui/common/ErrorText.h"
#include "ui/login/LoginDialog.h"
#include "ui/settings/SettingsDialog.h"
#include "ui/setup/FirstRunApply.h"
#include "ui/setup/FirstRunWizard.h"
#include "ui/shell/MainWindow.h"

using namespace Qt::StringLiterals;

namespace paydesk::app {

using ui::ConsoleSettings;

ConsoleApp::ConsoleApp(Options options, QObject* parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_dialogs(std::make_unique<ui::MessageBoxDialogs>())
    , m_settings(std::make_unique<ConsoleSettings>())
{
}

ConsoleApp::~ConsoleApp()
{
    m_window.reset(); // screens use the services
    m_services.reset();
}

void ConsoleApp::showStartupError(const Error& error)
{
    log::ui()->error("start-up: {}", error.detail);
    m_window = std::make_unique<ui::MainWindow>(error);
    m_window->show();
}

bool ConsoleApp::start()
{
    ConsoleSettings& settings = *m_settings;
    auto box = openMasterKey(/*createIfMissing*/ true);
    if (!box) {
        showStartupError(box.error());
        return true;
    }

    // The first start (or a database nobody can sign in to yet) decides the mode and creates the first admin.
    std::optional<ui::FirstRunResult> firstRun;
    if (!settings.firstRunDone()) {
        ui::FirstRunWizard wizard;
        if (m_options.training == 0)
            wizard.preferMode(ConsoleSettings::Mode::Standalone); // --no-training: real channels from the start
        if (wizard.exec() != QDialog::Accepted)
            return false;
        firstRun = wizard.firstRunResult();
        if (auto s = ui::saveFirstRunSettings(*firstRun, settings, *box); !s) {
            showStartupError(s.error());
            return true;
        }
    }

    const bool training =
        m_options.training >= 0 ? m_options.training == 1 : settings.mode() == ConsoleSettings::Mode::Training;
    QString url = m_options.databaseUrl;
    if (url.isEmpty())
        url = qEnvironmentVariable("PAYDESK_DB");
    if (url.isEmpty() && training) {
        // Training points the channels at the simulator: never in the database that holds the real channel keys.
        url = u"sqlite://"_s
            + QDir(QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation))
                  .filePath(u"paydesk-training.db"_s);
    }
    if (url.isEmpty()) {
        auto stored = settings.databaseUrl(*box);
        if (!stored) {
            showStartupError(stored.error());
            return true;
        }
        url = *stored;
    }
    if (url.isEmpty())
        url = defaultDatabaseUrl(); // created and migrated here on the first start
    auto db = Database::open(url);
    if (!db) {
        showStartupError(db.error());
        return true;
    }
    if (auto m = (*db)->migrate(); !m) {
        showStartupError(m.error());
        return true;
    }
    m_database = *db;

    ConsoleServices::Options options;
    options.training = training;
    options.simStateDir =
        QDir(QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation)).filePath(u"sim"_s);
    options.notifyListen = settings.notifyListen();
    m_services = std::make_unique<ConsoleServices>(
        m_database, SystemClock::instance(), std::make_unique<crypto::SecretBox>(*box), options);

    if (firstRun) {
        // AlreadyExists: this counter joins a shared database that another counter has set up already.
        if (auto s = ui::applyFirstRun(*firstRun, *m_database, m_services->users());
            !s && s.error().code != ErrorCode::AlreadyExists) {
            showStartupError(s.error());
            return true;
        }
    } else if (m_services->users().countSignInAccounts().value_or(0) == 0) {
        // A database without accounts (a new shared server, say): create the first admin for it.
        ui::FirstRunWizard wizard;
        if (wizard.exec() != QDialog::Accepted)
            return false;
        if (auto s = ui::applyFirstRun(wizard.firstRunResult(), *m_database, m_services->users()); !s) {
            showStartupError(s.error());
            return true;
        }
    }

    if (auto s = m_services->start(); !s) {
        // The console still opens: staff can sign in and read, and Settings can fix the channels.
        log::ui()->warn("channels: {}", s.error().detail);
        QMessageBox::warning(nullptr,
            tr("PayDesk"),
            tr("The payment channels could not be started:\n%1").arg(ui::userMessage(s.error())));
    }
    signIn();
    return true;
}

void ConsoleApp::signIn()
{
    ui::LoginDialog login(m_services->users());
    if (login.exec() != QDialog::Accepted || !login.authenticatedUser()) {
        QTimer::singleShot(0, qApp, &QApplication::quit);
        return;
    }
    m_window =
        std::make_unique<ui::MainWindow>(m_services->mainWindowServices(), *login.authenticatedUser(), *m_dialogs);
    connect(m_window.get(), &ui::MainWindow::signOutRequested, this, [this] {
        // Leave the signal's emitter before destroying it.
        QTimer::singleShot(0, this, [this] {
            m_window.reset();
            signIn();
        });
    });
    connect(m_window.get(), &ui::MainWindow::settingsRequested, this, &ConsoleApp::openSettings);
    m_window->show();
}

void ConsoleApp::openSettings()
{
    if (!m_window || !m_window->user())
        return;
    const User& u = *m_window->user();
    ui::SettingsDialog dialog(m_services->channelEditing(),
        *m_database,
        *m_settings,
        Actor { u.id, u.username, u.role },
        *m_dialogs,
        m_window.get());
    connect(&dialog, &ui::SettingsDialog::restartRequired, this, [this] {
        QMessageBox::information(m_window.get(), tr("PayDesk"), tr("Restart PayDesk for this change to take effect."));
    });
    dialog.exec();
}

} // namespace paydesk::app
