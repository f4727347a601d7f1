// paydeskd: the headless service for shared deployments. Composition root: database, HTTP server, signals.
#include "core/log/Log.h"
#include "core/server/ServiceHttpServer.h"
#include "core/store/Database.h"
#include "core/store/DatabaseUrl.h"
#include "core/util/TermSignals.h"

#include <QCommandLineParser>
#include <QCoreApplication>

using namespace Qt::StringLiterals;
using namespace paydesk;

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"paydesk"_s);
    QCoreApplication::setApplicationVersion(u"0.1.0"_s);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"PayDesk service: channel notifications, health, background jobs"_s);
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption dbOption(u"db"_s, u"Database URL (or $PAYDESK_DB)"_s, u"url"_s);
    QCommandLineOption listenOption(u"listen"_s, u"HOST:PORT to serve on"_s, u"address"_s, u"127.0.0.1:8780"_s);
    parser.addOption(dbOption);
    parser.addOption(listenOption);
    parser.process(app);
    log::init({}, spdlog::level::info);

    QString url = parser.value(dbOption);
    if (url.isEmpty())
        url = qEnvironmentVariable("PAYDESK_DB");
    if (url.isEmpty())
        url = defaultDatabaseUrl();
    auto db = Database::open(url);
    if (!db) {
        log::server()->critical("database: {}", db.error().detail);
        return 1;
    }
    if (auto m = (*db)->migrate(); !m) {
        log::server()->critical("migration: {}", m.error().detail);
        return 1;
    }
    auto address = parseListenAddress(parser.value(listenOption));
    if (!address) {
        log::server()->critical("{}", address.error().detail);
        return 2;
    }
    ServiceHttpServer server(*db);
    auto port = server.listen(address->first, address->second);
    if (!port) {
        log::server()->critical("{}", port.error().detail);
        return 1;
    }
    quitOnTermSignals([] {
        log::server()->info("SIGTERM: shutting down");
        QCoreApplication::quit();
    });
    log::server()->info("paydeskd listening on {}:{} with {}", address->first.toString(), *port, (*db)->url().redacted());
    return app.exec();
}
