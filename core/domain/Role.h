#pragma once

#include <optional>

#include <QString>

namespace paydesk::domain {

/// Who may do what is decided in the core (AccessControl), not only hidden in the UI.
enum class Role
{
    Cashier,
    Finance,
    Manager,
    Admin,
    Auditor
};

QString roleName(Role role); ///< "cashier", "finance", "manager", "admin", "auditor" (as stored)
std::optional<Role> roleFromName(QStringView name);

} // namespace paydesk::domain
