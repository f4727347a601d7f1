#pragma once

#include <functional>
#include <memory>
#include <optional>

#include <QMainWindow>

#include "core/store/UserRepository.h"
#include "core/util/Result.h"

class QLabel;
class QListWidget;
class QStackedWidget;

namespace paydesk {
class Clock;
class Database;
class EventListener;
class PaymentQuery;
class PaymentService;
class RefundService;
} // namespace paydesk

namespace paydesk::ui {

class CashierSession;
class DialogService;
class LockScreen;

/// The services the main window's screens use; each screen gets the ones it needs.
struct MainWindowServices
{
    std::shared_ptr<Database> database;
    const Clock& clock;
    UserRepository& users;
    PaymentService& payments;
    RefundService& refunds;
    const PaymentQuery& query;
    bool training = false;
    /// Training mode: pays an order as the customer would, at the built-in simulator; empty otherwise.
    std::function<Status(const QString& outTradeNo)> trainingCustomer;
    /// Training mode: the simulator's own page; empty otherwise.
    QString simulatorPageUrl;
};

/// The console's main window: the screens the signed-in person's role may use (cashier counter, payments browser,
/// refund approvals, database status), a lock screen, sign-out, and in training mode a banner and the simulator.
/// The core refuses what a role may not do anyway; the window only leaves it out.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)
public:
    /// Signed in: `services` and `user` are set.
    MainWindow(const MainWindowServices& services, User user, DialogService& dialogs, QWidget* parent = nullptr);
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

    QString m_simulatorPageUrl;
    std::optional<User> m_user;
    QListWidget* m_nav = nullptr;
    QStackedWidget* m_pages = nullptr;
    QStringList m_pageNames;
    std::unique_ptr<EventListener> m_events;
    std::unique_ptr<CashierSession> m_cashier;
    LockScreen* m_lock = nullptr;
};

} // namespace paydesk::ui
