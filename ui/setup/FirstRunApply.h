#pragma once

#include "core/util/Result.h"

namespace paydesk {
class Database;
class UserRepository;
namespace crypto {
class SecretBox;
}
} // namespace paydesk

namespace paydesk::ui {

class ConsoleSettings;
struct FirstRunResult;

/// Creates the first admin from the wizard's answers, and in training mode the practice accounts "cashier" and
/// "manager" with the admin's password. `database` is the one the result names, opened; it is migrated first. Refused
/// (AlreadyExists) when the database already has staff accounts: a first run never adds a second admin.
[[nodiscard]] Status applyFirstRun(const FirstRunResult& result, const Database& database, UserRepository& users);

/// Stores the mode and the database URL (its password sealed with `box`) and marks the first run as done.
[[nodiscard]] Status saveFirstRunSettings(
    const FirstRunResult& result, ConsoleSettings& settings, const crypto::SecretBox& box);

} // namespace paydesk::ui
