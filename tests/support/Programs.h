#pragma once

#include <QByteArray>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

class QProcess;

namespace paydesk::test {

/// The path of a built program (paydeskctl, paydeskd, paydesk-sim, paydesk).
QString programPath(const QString& name);

/// Makes the process `p` starts die with the thread that starts it (PR_SET_PDEATHSIG), so a test that crashes or is
/// killed by ctest's timeout leaves no paydeskd or simulator running, holding ctest's output pipe open or a database.
/// Start it from the test's main thread.
void dieWithTest(QProcess& p);

struct ProgramRun
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};
/// Runs a program to completion with `input` on stdin (timeout 60 s).
ProgramRun runProgram(const QString& name,
    const QStringList& args,
    const QByteArray& input = {},
    const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment());

} // namespace paydesk::test
