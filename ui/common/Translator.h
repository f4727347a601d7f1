#pragma once

#include <QLocale>
#include <QString>

namespace paydesk::ui {

/// Installs the console's translation: the language chosen in the settings, else the system's UI languages in
/// order, else English. The .qm files are embedded under :/i18n. Returns the language used ("zh_CN", "en").
QString installTranslation(const QString& preferred = {});

} // namespace paydesk::ui
