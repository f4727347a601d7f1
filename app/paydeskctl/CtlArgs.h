#pragma once

#include <QMap>
#include <QString>
#include <QStringList>

namespace paydesk::ctl {

/// paydeskctl's command line: positional words plus `--name value` options and `--flag` switches, anywhere.
struct CtlArgs
{
    QStringList words;
    QMap<QString, QString> options; ///< the last value of each option
    QMap<QString, QStringList> allValues; ///< every value of each option, in order (repeatable options)
    QStringList flags;

    static CtlArgs parse(const QStringList& arguments, const QStringList& switchNames);
    [[nodiscard]] bool has(const QString& flag) const { return flags.contains(flag); }
    [[nodiscard]] QString value(const QString& name, const QString& fallback = {}) const
    {
        return options.value(name, fallback);
    }
    /// Every value given for a repeatable option, each also split at commas ("--cert a.pem --cert b.pem,c.pem").
    [[nodiscard]] QStringList values(const QString& name) const;
};

} // namespace paydesk::ctl
