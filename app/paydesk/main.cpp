// paydesk, the console. Composition root: logging, translation, then ConsoleApp.
#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QStandardPaths>

#include "core/log/Log.h"
#include "ui/common/ConsoleSettings.h"
#include "ui/common/Translator.h"

#include "ConsoleApp.h"

using namespace Qt::StringLiterals;

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(u"paydesk"_s);
    // No organisation name: every PayDesk program then shares ~/.local/share/paydesk (the default database).
    QApplication::setApplicationDisplayName(u"PayDesk"_s);
    QApplication::setApplicationVersion(u"0.1.0"_s);

    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption dbOption(
        u"db"_s, u"Database URL: sqlite:///path.db or postgresql://user:pass@host:port/db"_s, u"url"_s);
    QCommandLineOption langOption(u"lang"_s, u"User interface language (zh_CN, en)"_s, u"lang"_s);
    QCommandLineOption trainingOption(u"training"_s, u"Training mode: the built-in channel simulator, no real money"_s);
    QCommandLineOption liveOption(u"no-training"_s, u"Use the configured channels even if the settings say training"_s);
    parser.addOptions({ dbOption, langOption, trainingOption, liveOption });
    parser.process(app);

    const QString dataDir = QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation);
    paydesk::log::init(QDir(dataDir).filePath(u"logs"_s));
    const QString language =
        parser.isSet(langOption) ? parser.value(langOption) : paydesk::ui::ConsoleSettings().language();
    paydesk::ui::installTranslation(language);

    paydesk::app::ConsoleApp::Options options;
    options.databaseUrl = parser.value(dbOption);
    options.training = parser.isSet(trainingOption) ? 1 : parser.isSet(liveOption) ? 0 : -1;
    paydesk::app::ConsoleApp console(options);
    if (!console.start())
        return 0;
    return app.exec();
}
