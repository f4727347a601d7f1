#include "core/domain/Role.h"

using namespace Qt::StringLiterals;

namespace paydesk::domain {

QString roleName(Role role)
{
    switch (role) {
    case Role::Cashier:
        return u"cashier"_s;
    case Role::Finance:
        return u"finance"_s;
    case Role::Manager:
        return u"manager"_s;
    case Role::Admin:
        return u"admin"_s;
    case Role::Auditor:
        return u"auditor"_s;
    }
    return {};
}

std::optional<Role> roleFromName(QStringView name)
{
    for (Role r : { Role::Cashier, Role::Finance, Role::Manager, Role::Admin, Role::Auditor }) {
        if (name == roleName(r))
            return r;
    }
    return std::nullopt;
}

} // namespace paydesk::domain
