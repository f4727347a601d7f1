// paydeskctl: the command line for ops and scripts. Composition root: parse, dispatch, exit code.
#include <QCoreApplication>

#include "core/log/Log.h"

#include "Ctl.h"

using namespace Qt::StringLiterals;

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"paydesk"_s);
    paydesk::log::init({}, spdlog::level::warn);
    paydesk::ctl::Ctl ctl(
        paydesk::ctl::CtlArgs::parse(app.arguments(), { u"json"_s, u"help"_s, u"rejected"_s, u"sync"_s }));
    const QString command = ctl.args().words.value(0);
    if (auto refused = ctl.refuseSecretArguments(); !refused)
        return ctl.failed(refused.error(), 2);
    if (command == u"init"_s)
        return paydesk::ctl::runInit(ctl);
    if (command == u"user"_s)
        return paydesk::ctl::runUser(ctl);
    if (command == u"audit"_s)
        return paydesk::ctl::runAudit(ctl);
    if (command == u"channel"_s)
        return paydesk::ctl::runChannel(ctl);
    if (command == u"charge"_s)
        return paydesk::ctl::runCharge(ctl);
    if (command == u"status"_s)
        return paydesk::ctl::runStatus(ctl);
    if (command == u"history"_s)
        return paydesk::ctl::runHistory(ctl);
    if (command == u"refund"_s)
        return paydesk::ctl::runRefund(ctl);
    if (command == u"approve"_s)
        return paydesk::ctl::runApprove(ctl);
    if (command == u"reject"_s)
        return paydesk::ctl::runReject(ctl);
    if (command == u"notifications"_s)
        return paydesk::ctl::runNotifications(ctl);
    if (command == u"jobs"_s)
        return paydesk::ctl::runJobs(ctl);
    if (command == u"policy"_s)
        return paydesk::ctl::runPolicy(ctl);
    if (command.isEmpty() || ctl.args().has(u"help"_s))
        return ctl.usage(u"PayDesk command line"_s);
    return ctl.usage(u"unknown command '%1'"_s.arg(command));
}
