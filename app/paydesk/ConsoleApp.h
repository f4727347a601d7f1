#pragma once

#include <memory>

#include <QObject>
#include <QString>

#include "core/store/UserRepository.h"
#include "core/util/Result.h"

namespace paydesk {
class Database;
}

namespace paydesk::ui {
class ConsoleSettings;
class DialogService;
class MainWindow;
} // namespace paydesk::ui

namespace paydesk::app {

class ConsoleServices;

/// The console's composition root: opens the database, builds the services (with the simulator in training mode),
/// runs the first start when nobody can sign in yet, then the sign-in / main window / sign-out loop.
class ConsoleApp final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConsoleApp)
public:
    struct Options
    {
        QString databaseUrl; ///< empty: the settings, $PAYDESK_DB, then the default SQLite file
        QString language;
        int training = -1; ///< -1: from the settings (a fresh machine starts in training), 0 off, 1 on
    };
    explicit ConsoleApp(Options options, QObject* parent = nullptr);
    ~ConsoleApp() override;

    /// Returns false when the application should exit at once (the user closed the first-start dialog).
    bool start();

private:
    void showStartupError(const Error& error);
    [[nodiscard]] bool firstStart();
    void signIn();
    void openSettings();

    Options m_options;
    std::shared_ptr<Database> m_database;
    std::unique_ptr<ui::DialogService> m_dialogs;
    std::unique_ptr<ui::ConsoleSettings> m_settings;
    std::unique_ptr<ConsoleServices> m_services;
    std::unique_ptr<ui::MainWindow> m_window;
};

} // namespace paydesk::app
