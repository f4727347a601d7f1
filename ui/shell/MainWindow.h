#pragma once

#include "core/store/UserRepository.h"
#include "core/util/Result.h"

#include <QMainWindow>

#include <memory>
#include <optional>

class QLabel;
class QListWidget;
class QStackedWidget;

namespace paydesk {
class EventListener;
}

namespace paydesk::ui {

class CashierSession;
class ConsoleServices;
class DialogService;
class LockScreen;

/// The console's main window: the screens the signed-in person's role may use (cashier counter, payments browser,
/// refund approvals, database status), a lock screen, sign-out, and in training mode a banner and the simulator.
/// The core refuses what a role may not do anyway; the window only leaves it out.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)
public:
    /// Signed in: `services` and `user` are set.
    MainWindow(ConsoleServices& services, User user, DialogService& dialogs, QWidget* parent = nullptr);
    /// The database could not be opened: the window shows why, and nothing else.
    MainWindow(const Error& startupError, QWidget* parent = nullptr);
    ~MainWindow() override;

    [[nodiscard]] const std::optional<User>& user() const { return m_user; }
    /// The names of the pages this role sees, in order ("cashier", "payments", "approvals", "database").
    [[nodiscard]] QStringList pageNames() const;
    void showPage(const QString& name);
    void lock();

Q_SIGNALS:
    void signOutRequested();
    void settingsRequested();

private:
    void addPage(const QString& name, const QString& title, QWidget* page);
    void buildMenus();
    void buildTrainingBanner(QWidget* container);
    void setActionsEnabled(bool enabled);

    ConsoleServices* m_services = nullptr;
    std::optional<User> m_user;
    QListWidget* m_nav = nullptr;
    QStackedWidget* m_pages = nullptr;
    QStringList m_pageNames;
    std::unique_ptr<EventListener> m_events;
    std::unique_ptr<CashierSession> m_cashier;
    LockScreen* m_lock = nullptr;
};

} // namespace paydesk::ui
