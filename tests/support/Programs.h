#pragma once

#include <QByteArray>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace paydesk::test {

/// The path of a built program (paydeskctl, paydeskd, paydesk-sim, paydesk).
QString programPath(const QString& name);

struct ProgramRun {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};
/// Runs a program to completion with `input` on stdin (timeout 60 s).
ProgramRun runProgram(const QString& name, const QStringList& args, const QByteArray& input = {},
                      const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment());

} // namespace paydesk::test
