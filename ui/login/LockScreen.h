#pragma once

#include <optional>

#include <QFutureWatcher>
#include <QWidget>

#include "core/store/UserRepository.h"
#include "core/util/Result.h"

class QLabel;
class QLineEdit;
class QPushButton;

namespace paydesk::ui {

/// An opaque overlay over its parent (the main window's content) while the counter is unattended. It hides amounts
/// and orders, and opens again only for the user who locked it, or for a manager or admin taking over ("switch user").
class LockScreen final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LockScreen)
public:
    /// `parent` is the widget to cover; `users` (and its Database) must outlive the lock screen.
    LockScreen(const UserRepository& users, QWidget* parent);
    /// Waits for a check still running, so the worker never outlives the repository it reads.
    ~LockScreen() override;

    /// Covers the parent and asks `user` for their password or PIN.
    void lock(const User& user);
    [[nodiscard]] bool isLocked() const { return m_locked.has_value(); }
    [[nodiscard]] const std::optional<User>& lockedUser() const { return m_locked; }

Q_SIGNALS:
    /// The overlay is gone; `user` is who unlocked it (the locked user, or a manager who took over).
    void unlocked(const paydesk::User& user);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;
    void paintEvent(QPaintEvent* event) override;
    void changeEvent(QEvent* event) override;
    bool focusNextPrevChild(bool next) override;

private:
    void attempt();
    void finished();
    void setSwitchUser(bool on);
    void setBusy(bool busy);
    void retranslate();

    const UserRepository& m_users;
    QFutureWatcher<Result<User>> m_watcher;
    std::optional<User> m_locked;

    QLabel* m_title;
    QLabel* m_userLabel;
    QLineEdit* m_userEdit;
    QLineEdit* m_secretEdit;
    QLabel* m_errorLabel;
    QPushButton* m_switchButton;
    QPushButton* m_unlockButton;
};

} // namespace paydesk::ui
