// paydesk, the console. Composition root: logging, translation, database, main window.
#include "core/log/Log.h"
#include "core/store/Database.h"
#include "core/store/DatabaseUrl.h"
#include "ui/common/Translator.h"
#include "ui/shell/MainWindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QStandardPaths>

using namespace Qt::StringLiterals;

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(u"paydesk"_s);
    QApplication::setApplicationDisplayName(u"PayDesk"_s);
    QApplication::setApplicationVersion(u"0.1.0"_s);

    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption dbOption(u"db"_s, u"Database URL: sqlite:///path.db or postgresql://user:pass@host:port/db"_s,
                                u"url"_s);
    QCommandLineOption langOption(u"lang"_s, u"User interface language (zh_CN, en)"_s, u"lang"_s);
    parser.addOption(dbOption);
    parser.addOption(langOption);
    parser.process(app);

    const QString dataDir = QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation);
    paydesk::log::init(QDir(dataDir).filePath(u"logs"_s));
    paydesk::ui::installTranslation(parser.value(langOption));

    QString url = parser.value(dbOption);
    if (url.isEmpty())
        url = qEnvironmentVariable("PAYDESK_DB");
    if (url.isEmpty())
        url = paydesk::defaultDatabaseUrl(); // first start: the SQLite file is created here and migrated below

    std::shared_ptr<paydesk::Database> database;
    paydesk::Error openError;
    if (auto db = paydesk::Database::open(url); !db) {
        openError = db.error();
    } else if (auto migrated = (*db)->migrate(); !migrated) {
        openError = migrated.error();
    } else {
        database = *db;
    }
    if (!database)
        paydesk::log::ui()->error("database {}: {}", url, openError.detail);

    paydesk::ui::MainWindow window(database, openError);
    window.show();
    return app.exec();
}
