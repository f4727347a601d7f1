#pragma once

#include <QFuture>
#include <QString>

#include "core/store/UserRepository.h"
#include "core/util/Result.h"

namespace paydesk::ui {

/// Which secret the person typed.
enum class Secret
{
    Password,
    Pin,
    /// The lock screen has one field: 4-8 digits are tried as a PIN first, then anything as the password.
    PasswordOrPin,
};

/// Checks credentials on a pool thread: a PBKDF2 check takes ~0.3 s at production strength, too long for the GUI
/// thread. `users` (and its Database) must outlive the returned future; callers wait for it before they go away.
[[nodiscard]] QFuture<Result<User>> authenticateInBackground(
    const UserRepository& users, const QString& username, const QString& secret, Secret kind);

} // namespace paydesk::ui
