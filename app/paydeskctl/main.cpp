// paydeskctl: the command line for ops and scripts. Composition root: parse, dispatch, exit code.
#include "Ctl.h"

#include "core/log/Log.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"paydesk"_s);
    paydesk::log::init({}, spdlog::level::warn);
    paydesk::ctl::Ctl ctl(paydesk::ctl::CtlArgs::parse(app.arguments(), {u"json"_s, u"help"_s, u"rejected"_s}));
    const QString command = ctl.args().words.value(0);
    if (command == u"init"_s)
        return paydesk::ctl::runInit(ctl);
    if (command == u"user"_s)
        return paydesk::ctl::runUser(ctl);
    if (command == u"audit"_s)
        return paydesk::ctl::runAudit(ctl);
    if (command.isEmpty() || ctl.args().has(u"help"_s))
        return ctl.usage(u"PayDesk command line"_s);
    return ctl.usage(u"unknown command '%1'"_s.arg(command));
}
