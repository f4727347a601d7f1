#include "tests/support/PaydeskdProcess.h"

#include <csignal>

#include <QDeadlineTimer>
#include <QUrl>

#include "tests/support/Programs.h"

using namespace Qt::StringLiterals;

namespace paydesk::test {

PaydeskdProcess::PaydeskdProcess(QString dbUrl, QProcessEnvironment env)
    : m_dbUrl(std::move(dbUrl))
{
    m_process.setProcessEnvironment(env);
    m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    dieWithTest(m_process);
}

PaydeskdProcess::~PaydeskdProcess()
{
    if (isRunning())
        terminate(10000);
    if (isRunning())
        kill();
}

Status PaydeskdProcess::start(const QStringList& extraArgs, int timeoutMs)
{
    if (port() == 0 || adminPort() == 0)
        return fail(ErrorCode::Internal, u"no loopback port could be reserved for paydeskd"_s);
    m_process.start(programPath(u"paydeskd"_s),
        QStringList { u"--db"_s,
            m_dbUrl,
            u"--listen"_s,
            u"127.0.0.1:%1"_s.arg(port()),
            u"--admin-listen"_s,
            u"127.0.0.1:%1"_s.arg(adminPort()) }
            + extraArgs);
    if (!m_process.waitForStarted(10000))
        return fail(ErrorCode::Internal, u"paydeskd did not start"_s);
    const QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        if (m_process.state() != QProcess::Running)
            return fail(ErrorCode::Internal, u"paydeskd exited (%1)"_s.arg(m_process.exitCode()));
        auto r = getAdmin(u"/healthz"_s);
        if (r && r->status == 200)
            return {};
        m_process.waitForFinished(100);
    }
    return fail(ErrorCode::NetworkTimeout, u"paydeskd did not become healthy"_s);
}

int PaydeskdProcess::terminate(int timeoutMs)
{
    if (m_process.state() == QProcess::NotRunning)
        return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
    ::kill(pid_t(m_process.processId()), SIGTERM);
    if (!m_process.waitForFinished(timeoutMs))
        return -1;
    return m_process.exitStatus() == QProcess::NormalExit ? m_process.exitCode() : -1;
}

void PaydeskdProcess::kill()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    ::kill(pid_t(m_process.processId()), SIGKILL);
    m_process.waitForFinished(10000);
}

Result<HttpResponse> PaydeskdProcess::get(const QString& path) const
{
    return m_client.send("GET", QUrl(url() + path), {}, {});
}

Result<HttpResponse> PaydeskdProcess::getAdmin(const QString& path) const
{
    return m_client.send("GET", QUrl(adminUrl() + path), {}, {});
}

Result<HttpResponse> PaydeskdProcess::post(
    const QString& path, const QList<QPair<QByteArray, QByteArray>>& headers, const QByteArray& body) const
{
    return m_client.send("POST", QUrl(url() + path), headers, body);
}

double PaydeskdProcess::metric(const QByteArray& series) const
{
    auto r = getAdmin(u"/metrics"_s);
    if (!r || r->status != 200)
        return -1;
    for (const QByteArray& line : r->body.split('\n')) {
        if (line.startsWith(QByteArray(series + ' ')))
            return line.mid(series.size() + 1).toDouble();
    }
    return -1;
}

} // namespace paydesk::test
