#include "Ctl.h"

#include <cstdio>
#include <termios.h>
#include <unistd.h>

#include <QFile>
#include <QJsonDocument>
#include <QTextStream>

#include "core/store/ChannelConfigStore.h"
#include "core/store/DatabaseUrl.h"
#include "core/store/UserRepository.h"
#include "core/util/Clock.h"

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
    // The audit chain's key comes from the master key. Commands that write or check audit entries fail without it
    // (KeyInvalid); the others do not need it. A key file that is there but unusable is an error either way.
    if (auto box = openMasterKey(/*createIfMissing*/ false); box) {
        if (auto s = (*db)->setAuditKey(*box); !s)
            return tl::unexpected(s.error());
    } else if (box.error().code != ErrorCode::NotFound) {
        return tl::unexpected(box.error());
    }
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
    termios saved {};
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

Result<Actor> Ctl::actor(const Database& database) const
{
    const QString username = m_args.value(u"user"_s);
    if (username.isEmpty())
        return fail(ErrorCode::InvalidArgument, u"this command needs --user NAME (password on stdin)"_s);
    auto password = readSecret(u"Password for %1: "_s.arg(username), "PAYDESK_PASSWORD_FILE");
    if (!password)
        return tl::unexpected(password.error());
    UserRepository users(database, SystemClock::instance());
    auto user = users.authenticate(username, *password);
    password->fill(u'\0');
    if (!user)
        return tl::unexpected(user.error());
    return Actor { user->id, user->username, user->role };
}

Status Ctl::refuseSecretArguments() const
{
    // A secret in argv is visible to every user through /proc and lands in shell history.
    static const QStringList kSecretOptions { u"password"_s,
        u"pin"_s,
        u"key"_s,
        u"private-key"_s,
        u"apiv3-key"_s,
        u"api-v3-key"_s,
        u"app-private-key"_s,
        u"secret"_s,
        u"master-key"_s };
    for (const QString& name : kSecretOptions) {
        if (m_args.options.contains(name) || m_args.has(name))
            return fail(ErrorCode::InvalidArgument,
                u"--%1: secrets are never taken from the command line; give a file (e.g. --%1-file)"_s.arg(name));
    }
    return {};
}

Result<QByteArray> Ctl::readFileOption(const QString& name) const
{
    const QString path = m_args.value(name);
    if (path.isEmpty())
        return fail(ErrorCode::InvalidArgument, u"--%1 FILE is required"_s.arg(name));
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return fail(ErrorCode::InvalidArgument, u"--%1: cannot read %2"_s.arg(name, path));
    return f.read(1 << 20);
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
        const QJsonObject e { { u"code"_s, errorCodeName(error.code) }, { u"detail"_s, error.detail } };
        out << QString::fromUtf8(QJsonDocument(QJsonObject { { u"error"_s, e } }).toJson(QJsonDocument::Compact))
            << '\n';
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
           "  audit verify [--anchor ID:DIGEST ...]  check the audit log's keyed hash chain (and earlier anchors)\n"
           "  audit anchor                           a short digest of the newest audit entry, to write down\n"
           "channels (admin; secrets only from files, sealed under $PAYDESK_MASTER_KEY_FILE):\n"
           "  channel set wechatpay --user U --mchid M --appid A --serial HEX --key-file apiclient_key.pem\n"
           "        --apiv3-key-file F [--platform-cert CERT.pem ...] [--public-key-id PUB_KEY_ID_... "
           "--public-key-file F]\n"
           "        [--base-url URL] --notify-url https://...\n"
           "  channel set alipay --user U --app-id A [--seller-id 2088...] --key-file F --alipay-public-key-file F\n"
           "        [--gateway-url URL] [--notify-url URL]\n"
           "  channel show [wechatpay|alipay]        configuration without secrets\n"
           "  channel use-simulator --user U --sim-state DIR --sim-url http://127.0.0.1:PORT [--notify-url BASE]\n"
           "payments (--user U signs in with the password on stdin or $PAYDESK_PASSWORD_FILE):\n"
           "  charge --channel wechatpay|alipay --amount 12.34 --user U [--idempotency-key K] [--description D]\n"
           "  status ID [--sync --user U]            the stored payment; --sync asks the channel first\n"
           "  history ID                             the payment's and its refunds' state history\n"
           "  refund ID --amount A --reason R --user U [--request-key K] [--note TEXT]\n"
           "  approve REFUND_ID --user U\n"
           "  reject REFUND_ID --reason R --user U\n"
           "  policy [show]                          the refund policy every program enforces\n"
           "  policy set [--approval-threshold YUAN] [--daily-cap YUAN] --user ADMIN\n"
           "  notifications [--rejected] [--limit N] received channel notifications, newest first\n"
           "  jobs [run poll_pending|expire_pending|sync_refunds|outbox]   job leases; run one job once\n"
           "  --lease-ms N (refund, approve, jobs run): a dead run's claimed work is taken over after N ms (60000)\n"
           "roles: cashier, finance, manager, admin, auditor\n"
           "database: --db sqlite:///path/paydesk.db | postgresql://user:pass@host:5432/db, or $PAYDESK_DB\n";
    return 2;
}

} // namespace paydesk::ctl
