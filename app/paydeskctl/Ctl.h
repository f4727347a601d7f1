#pragma once

#include <memory>

#include <QJsonObject>
#include <QString>

#include "core/domain/AccessControl.h"
#include "core/store/Database.h"
#include "core/util/Result.h"

#include "CtlArgs.h"

namespace paydesk::ctl {

/// What every command gets: the parsed arguments, the database, and how to answer (text or JSON).
class Ctl final
{
public:
    explicit Ctl(CtlArgs args);

    [[nodiscard]] const CtlArgs& args() const { return m_args; }
    [[nodiscard]] bool json() const { return m_args.has(QStringLiteral("json")); }
    /// --db, else $PAYDESK_DB, else the embedded default SQLite file.
    [[nodiscard]] QString databaseUrl() const;
    /// Opens the database and checks it is migrated (unless `allowEmpty`).
    [[nodiscard]] Result<std::shared_ptr<Database>> database(bool allowEmpty = false);
    /// The acting operator for audit entries: "ops:<login>".
    [[nodiscard]] QString opsActor() const;

    /// Reads a secret: the first line of the file named by $envFile if set, else stdin (no echo on a terminal).
    [[nodiscard]] Result<QString> readSecret(const QString& prompt, const char* envFile) const;

    /// The user named by --user, signed in with the password from $PAYDESK_PASSWORD_FILE or stdin
    /// (AuthenticationFailed for a wrong password or an unknown user; InvalidArgument without --user).
    [[nodiscard]] Result<Actor> actor(const Database& database) const;
    /// Secrets are accepted from files only: InvalidArgument when one is given as a command-line value.
    [[nodiscard]] Status refuseSecretArguments() const;
    /// The contents of the file named by option `name` (InvalidArgument when missing or unreadable).
    [[nodiscard]] Result<QByteArray> readFileOption(const QString& name) const;

    /// Prints a result: JSON object with --json, else `text`. Returns the exit code 0.
    int ok(const QJsonObject& json, const QString& text) const;
    /// Prints an error (JSON {"error":{code,detail}} with --json) and returns `exitCode`.
    int failed(const Error& error, int exitCode = 1) const;
    int usage(const QString& message) const;

private:
    CtlArgs m_args;
};

int runInit(Ctl& ctl);
int runUser(Ctl& ctl);
int runAudit(Ctl& ctl);
int runChannel(Ctl& ctl);
int runCharge(Ctl& ctl);
int runStatus(Ctl& ctl);
int runHistory(Ctl& ctl);
int runRefund(Ctl& ctl);
int runApprove(Ctl& ctl);
int runReject(Ctl& ctl);
int runNotifications(Ctl& ctl);
int runJobs(Ctl& ctl);
int runPolicy(Ctl& ctl);

} // namespace paydesk::ctl
