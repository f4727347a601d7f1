#include "tests/support/Programs.h"

#include <csignal>
#include <sys/prctl.h>
#include <unistd.h>

#include <QProcess>

using namespace Qt::StringLiterals;

namespace paydesk::test {

QString programPath(const QString& name)
{
    return QStringLiteral(PD_BINARY_DIR) + u"/app/"_s + name;
}

void dieWithTest(QProcess& p)
{
    const pid_t parent = ::getpid();
    p.setChildProcessModifier([parent] {
        // In the child, between fork and exec: async-signal-safe calls only.
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != parent) // the test died before the line above took effect
            ::_exit(127);
    });
}

ProgramRun runProgram(
    const QString& name, const QStringList& args, const QByteArray& input, const QProcessEnvironment& env)
{
    QProcess p;
    dieWithTest(p);
    p.setProcessEnvironment(env);
    p.start(programPath(name), args);
    ProgramRun run;
    if (!p.waitForStarted(10000)) {
        run.err = "failed to start " + programPath(name).toUtf8();
        return run;
    }
    p.write(input);
    p.closeWriteChannel();
    if (!p.waitForFinished(60000)) {
        p.kill();
        p.waitForFinished();
    }
    run.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    run.out = p.readAllStandardOutput();
    run.err = p.readAllStandardError();
    return run;
}

} // namespace paydesk::test
