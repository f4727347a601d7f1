#include "Ctl.h"

#include "core/store/DatabaseUrl.h"

#include <QFile>
#include <QJsonDocument>
#include <QTextStream>

#include <cstdio>
#include <termios.h>
#include <unistd.h>

using namespace Qt::StringLiterals;

namespace paydesk::ctl {

Ctl::Ctl(CtlArgs args)
    : m_args(std::move(args))
{
}

QString Ctl::databaseUrl() const
{
    QString url = m_args.value(u"db"_s);
    if (url.isEmpty())
        url = qEnvironmentVariable("PAYDESK_DB");
    if (url.isEmpty())
        url = defaultDatabaseUrl();
    return url;
}

Result<std::shared_ptr<Database>> Ctl::database(bool allowEmpty)
{
    auto db = Database::open(databaseUrl());
    if (!db)
        return db;
    if (!allowEmpty) {
        auto version = (*db)->schemaVersion();
        if (!version)
            return tl::unexpected(version.error());
        if (*version == 0)
            return fail(ErrorCode::MigrationFailed, u"the database is empty: run `paydeskctl init` first"_s);
    }
    return db;
}

QString Ctl::opsActor() const
{
    QString login = qEnvironmentVariable("USER");
    if (login.isEmpty())
        login = u"unknown"_s;
    return u"ops:"_s + login;
}

Result<QString> Ctl::readSecret(const QString& prompt, const char* envFile) const
{
    const QString file = qEnvironmentVariable(envFile);
    if (!file.isEmpty()) {
        QFile f(file);
        if (!f.open(QIODevice::ReadOnly))
            return fail(ErrorCode::InvalidArgument, u"cannot read %1"_s.arg(file));
        return QString::fromUtf8(f.readLine()).remove(u'\n').remove(u'\r');
    }
    const bool tty = isatty(STDIN_FILENO);
    termios saved{};
    if (tty) {
        fprintf(stderr, "%s", qPrintable(prompt));
        tcgetattr(STDIN_FILENO, &saved);
        termios quiet = saved;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
    }
    QTextStream in(stdin);
    const QString line = in.readLine();
    if (tty) {
        tcsetattr(STDIN_FILENO, TCSANOW, &saved);
        fprintf(stderr, "\n");
    }
    if (line.isNull())
        return fail(ErrorCode::InvalidArgument, u"no secret on standard input"_s);
    return line;
}

int Ctl::ok(const QJsonObject& json, const QString& text) const
{
    QTextStream out(stdout);
    if (this->json())
        out << QString::fromUtf8(QJsonDocument(json).toJson(QJsonDocument::Compact)) << '\n';
    else if (!text.isEmpty())
        out << text << '\n';
    return 0;
}

int Ctl::failed(const Error& error, int exitCode) const
{
    if (json()) {
        QTextStream out(stdout);
        const QJsonObject e{{u"code"_s, errorCodeName(error.code)}, {u"detail"_s, error.detail}};
        out << QString::fromUtf8(QJsonDocument(QJsonObject{{u"error"_s, e}}).toJson(QJsonDocument::Compact)) << '\n';
    }
    QTextStream err(stderr);
    err << "paydeskctl: " << errorCodeName(error.code) << ": " << error.detail << '\n';
    return exitCode;
}

int Ctl::usage(const QString& message) const
{
    QTextStream err(stderr);
    err << "paydeskctl: " << message << '\n'
        << "usage: paydeskctl [--db URL] [--json] COMMAND ...\n"
           "  init                                   create or migrate the database\n"
           "  user add NAME --role ROLE [--display-name TEXT]   password on stdin (or $PAYDESK_PASSWORD_FILE)\n"
           "  user list\n"
           "  audit verify                           check the audit log's hash chain\n"
           "roles: cashier, finance, manager, admin, auditor\n"
           "database: --db sqlite:///path/paydesk.db | postgresql://user:pass@host:5432/db, or $PAYDESK_DB\n";
    return 2;
}

} // namespace paydesk::ctl
