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
            } else if (switchNames.contains(name) || i + 1 >= arguments.size()) {
                out.flags << name;
            } else {
                out.options.insert(name, arguments[++i]);
            }
        } else {
            out.words << a;
        }
    }
    return out;
}

} // namespace paydesk::ctl
