#include "ui/common/Translator.h"

#include <QCoreApplication>
#include <QFile>
#include <QLibraryInfo>
#include <QTranslator>

using namespace Qt::StringLiterals;

namespace paydesk::ui {

QString installTranslation(const QString& preferred)
{
    static QTranslator* current = nullptr;
    QStringList candidates;
    if (!preferred.isEmpty())
        candidates << preferred;
    for (QString lang : QLocale::system().uiLanguages()) {
        lang.replace(u'-', u'_');
        candidates << lang;
        if (lang.startsWith(u"zh"_s))
            candidates << u"zh_CN"_s; // zh, zh_Hans, zh_Hans_CN: the Simplified Chinese catalogue
        candidates << lang.section(u'_', 0, 0);
    }
    candidates << u"en"_s;
    for (const QString& lang : std::as_const(candidates)) {
        const QString file = u":/i18n/paydesk_"_s + lang + u".qm"_s;
        if (!QFile::exists(file))
            continue;
        auto* translator = new QTranslator(QCoreApplication::instance());
        if (!translator->load(file)) {
            delete translator;
            continue;
        }
        if (current) {
            QCoreApplication::removeTranslator(current);
            delete current;
        }
        QCoreApplication::installTranslator(translator);
        current = translator;
        // Qt's own texts (wizard buttons, standard dialogs) from the Qt catalogue Debian ships, when present.
        static QTranslator* qtBase = nullptr;
        if (qtBase) {
            QCoreApplication::removeTranslator(qtBase);
            delete qtBase;
            qtBase = nullptr;
        }
        auto* base = new QTranslator(QCoreApplication::instance());
        if (lang != u"en"_s && base->load(u"qtbase_"_s + lang, QLibraryInfo::path(QLibraryInfo::TranslationsPath))) {
            QCoreApplication::installTranslator(base);
            qtBase = base;
        } else {
            delete base;
        }
        return lang;
    }
    return u"en"_s;
}

} // namespace paydesk::ui
