#include "ui/setup/FirstRunApply.h"

#include "core/domain/Role.h"
#include "core/store/Database.h"
#include "core/store/UserRepository.h"
#include "ui/setup/FirstRunWizard.h"

using namespace Qt::StringLiterals;

namespace paydesk::ui {

Status applyFirstRun(const FirstRunResult& result, const Database& database, UserRepository& users)
{
    if (auto migrated = database.migrate(); !migrated)
        return migrated;
    auto existing = users.count();
    if (!existing)
        return tl::unexpected(existing.error());
    if (*existing > 0)
        return fail(ErrorCode::AlreadyExists, u"the database already has staff accounts"_s);
    const QString password = QString::fromUtf8(result.adminPassword.bytes());
    // The audit log names who created each account: the set-up itself for the admin, then the admin.
    auto admin =
        users.add(result.adminUsername, result.adminDisplayName, domain::Role::Admin, password, u"first-run"_s);
    if (!admin)
        return tl::unexpected(admin.error());
    if (result.mode != ConsoleSettings::Mode::Training)
        return {};
    for (auto [name, role] :
        { std::pair { u"cashier"_s, domain::Role::Cashier }, std::pair { u"manager"_s, domain::Role::Manager } }) {
        auto added = users.add(name, name, role, password, admin->username);
        if (!added)
            return tl::unexpected(added.error());
    }
    return {};
}

Status saveFirstRunSettings(const FirstRunResult& result, ConsoleSettings& settings, const crypto::SecretBox& box)
{
    if (auto stored = settings.setDatabaseUrl(result.databaseUrl, box); !stored)
        return stored;
    settings.setMode(result.mode);
    settings.setFirstRunDone(true);
    settings.sync();
    return {};
}

} // namespace paydesk::ui
