#include "CtlArgs.h"

using namespace Qt::StringLiterals;

namespace paydesk::ctl {

CtlArgs CtlArgs::parse(const QStringList& arguments, const QStringList& switchNames)
{
    CtlArgs out;
    for (qsizetype i = 1; i < arguments.size(); ++i) {
        const QString& a = arguments[i];
        if (a.startsWith(u"--"_s)) {
            QString name = a.mid(2);
            const qsizetype eq = name.indexOf(u'=');
            if (eq > 0) {
                out.options.insert(name.left(eq), name.mid(eq + 1));
                out.allValues[name.left(eq)].append(name.mid(eq + 1));
            } else if (switchNames.contains(name) || i + 1 >= arguments.size()) {
                out.flags << name;
            } else {
                out.options.insert(name, arguments[++i]);
                out.allValues[name].append(arguments[i]);
            }
        } else {
            out.words << a;
        }
    }
    return out;
}

QStringList CtlArgs::values(const QString& name) const
{
    QStringList out;
    for (const QString& v : allValues.value(name)) {
        for (const QString& part : v.split(u',', Qt::SkipEmptyParts))
            out.append(part.trimmed());
    }
    return out;
}

} // namespace paydesk::ctl
