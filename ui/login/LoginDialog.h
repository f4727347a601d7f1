#pragma once

#include <optional>

#include <QDialog>
#include <QFutureWatcher>
#include <QTimer>

#include "core/store/UserRepository.h"
#include "core/util/Result.h"

class QLabel;
class QLineEdit;
class QPushButton;
class QFormLayout;

namespace paydesk::ui {

/// Sign-in at the start of a shift: user name with a password, or with a PIN to switch cashiers quickly.
/// The check runs off the GUI thread. After kMaxFailures wrong attempts in a row the login button is locked for a
/// while, which makes guessing at an unattended counter slow.
class LoginDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LoginDialog)
public:
    static constexpr int kMaxFailures = 5;
    static constexpr int kLockoutMs = 30'000;

    /// `users` (and the Database it was made with) must outlive the dialog.
    explicit LoginDialog(const UserRepository& users, QWidget* parent = nullptr);
    /// Waits for a check still running, so the worker never outlives the repository it reads.
    ~LoginDialog() override;

    /// The signed-in user once the dialog has accepted; empty before.
    [[nodiscard]] const std::optional<User>& authenticatedUser() const { return m_user; }
    [[nodiscard]] bool isLockedOut() const { return m_lockout.isActive(); }

    void setLockoutMsForTesting(int ms) { m_lockoutMs = ms; }

protected:
    void changeEvent(QEvent* event) override;

private:
    void attempt();
    void finished();
    void setPinMode(bool pin);
    void setBusy(bool busy);
    void startLockout();
    void updateLockoutMessage();
    void retranslate();

    const UserRepository& m_users;
    QFutureWatcher<Result<User>> m_watcher;
    QTimer m_lockout;
    QTimer m_lockoutTick;
    int m_lockoutMs = kLockoutMs;
    int m_failures = 0;
    std::optional<User> m_user;

    QLabel* m_title;
    QFormLayout* m_form;
    QLabel* m_usernameLabel;
    QLineEdit* m_usernameEdit;
    QLabel* m_passwordLabel;
    QLineEdit* m_passwordEdit;
    QLabel* m_pinLabel;
    QLineEdit* m_pinEdit;
    QLabel* m_errorLabel;
    QPushButton* m_pinModeButton;
    QPushButton* m_loginButton;
};

} // namespace paydesk::ui
