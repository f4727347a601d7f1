#include "tests/support/PgCluster.h"

#include <pwd.h>
#include <unistd.h>

#include <QDeadlineTimer>
#include <QFile>
#include <QFileInfo>

#include "tests/support/Programs.h"

using namespace Qt::StringLiterals;

namespace paydesk::test {

namespace {

const QString kBin = u"/usr/lib/postgresql/15/bin/"_s;

bool runningAsRoot()
{
    return ::geteuid() == 0;
}

} // namespace

PgCluster::PgCluster()
{
    m_restart.setProcessChannelMode(QProcess::MergedChannels);
    dieWithTest(m_restart);
}

PgCluster::~PgCluster()
{
    if (m_restart.state() != QProcess::NotRunning)
        m_restart.waitForFinished(60000);
    stop();
}

bool PgCluster::available(QString* why)
{
    for (const QString& tool : { u"initdb"_s, u"pg_ctl"_s, u"pg_isready"_s, u"psql"_s }) {
        if (!QFileInfo(kBin + tool).isExecutable()) {
            *why = u"PostgreSQL 15 is not installed (%1 is missing)"_s.arg(kBin + tool);
            return false;
        }
    }
    if (runningAsRoot() && (!::getpwnam("postgres") || !QFileInfo(u"/usr/sbin/runuser"_s).isExecutable())) {
        *why = u"running as root needs the postgres user and runuser (PostgreSQL refuses to run as root)"_s;
        return false;
    }
    return true;
}

QStringList PgCluster::asServerUser(const QString& program, const QStringList& args) const
{
    if (!runningAsRoot())
        return QStringList { program } + args;
    return QStringList { u"/usr/sbin/runuser"_s, u"-u"_s, u"postgres"_s, u"--"_s, program } + args;
}

Status PgCluster::run(const QString& program, const QStringList& args, int timeoutMs) const
{
    const QStringList command = asServerUser(program, args);
    QProcess p;
    dieWithTest(p);
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(command.first(), command.mid(1));
    if (!p.waitForStarted(10000) || !p.waitForFinished(timeoutMs)) {
        p.kill();
        p.waitForFinished(5000);
        return fail(ErrorCode::Internal, u"%1 did not finish"_s.arg(program));
    }
    if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
        return fail(ErrorCode::Internal,
            u"%1 failed (%2): %3"_s.arg(program).arg(p.exitCode()).arg(QString::fromUtf8(p.readAll())));
    return {};
}

QString PgCluster::serverOptions() const
{
    // Synchronous commits: what the server acknowledged survives an immediate stop (the processes die, the page
    // cache stays). fsync only protects against the machine going down, which this test does not do.
    return u"-p %1 -k %2 -c listen_addresses=127.0.0.1 -c max_connections=100 -c fsync=off "
           u"-c synchronous_commit=on -c full_page_writes=off"_s.arg(m_port.port())
               .arg(m_dir.path());
}

Status PgCluster::start()
{
    if (!m_dir.isValid() || m_port.port() == 0)
        return fail(ErrorCode::Internal, u"no directory or port for the PostgreSQL cluster"_s);
    if (runningAsRoot()) {
        const passwd* pg = ::getpwnam("postgres");
        if (!pg || ::chown(QFile::encodeName(m_dir.path()).constData(), pg->pw_uid, pg->pw_gid) != 0)
            return fail(ErrorCode::Internal, u"cannot hand %1 to the postgres user"_s.arg(m_dir.path()));
    }
    const QString data = m_dir.filePath(u"data"_s);
    if (auto st = run(kBin + u"initdb"_s,
            { u"-D"_s,
                data,
                u"-U"_s,
                u"paydesk"_s,
                u"--auth=trust"_s,
                u"-E"_s,
                u"UTF8"_s,
                u"--locale=C.UTF-8"_s,
                u"--no-sync"_s },
            120000);
        !st)
        return st;
    if (auto st = run(kBin + u"pg_ctl"_s,
            { u"-D"_s,
                data,
                u"-l"_s,
                m_dir.filePath(u"server.log"_s),
                u"-w"_s,
                u"-t"_s,
                u"60"_s,
                u"-o"_s,
                serverOptions(),
                u"start"_s });
        !st)
        return st;
    m_running = true;
    return {};
}

Status PgCluster::beginRestart(const QString& mode)
{
    const QStringList command = asServerUser(kBin + u"pg_ctl"_s,
        { u"-D"_s,
            m_dir.filePath(u"data"_s),
            u"-l"_s,
            m_dir.filePath(u"server.log"_s),
            u"-w"_s,
            u"-t"_s,
            u"60"_s,
            u"-m"_s,
            mode,
            u"-o"_s,
            serverOptions(),
            u"restart"_s });
    m_restart.start(command.first(), command.mid(1));
    if (!m_restart.waitForStarted(10000))
        return fail(ErrorCode::Internal, u"pg_ctl restart did not start"_s);
    return {};
}

Status PgCluster::waitForRestart(int timeoutMs)
{
    // It may be over already (its end noticed while the test waited on something else).
    if (m_restart.state() != QProcess::NotRunning && !m_restart.waitForFinished(timeoutMs))
        return fail(ErrorCode::NetworkTimeout, u"pg_ctl restart did not finish"_s);
    if (m_restart.exitStatus() != QProcess::NormalExit || m_restart.exitCode() != 0)
        return fail(ErrorCode::Internal, u"pg_ctl restart failed: %1"_s.arg(QString::fromUtf8(m_restart.readAll())));
    return {};
}

void PgCluster::stop()
{
    if (!m_running)
        return;
    m_running = false;
    (void)run(kBin + u"pg_ctl"_s, { u"-D"_s, m_dir.filePath(u"data"_s), u"-m"_s, u"immediate"_s, u"stop"_s });
}

Status PgCluster::createDatabase(const QString& name)
{
    return run(kBin + u"psql"_s,
        { u"-h"_s,
            u"127.0.0.1"_s,
            u"-p"_s,
            QString::number(m_port.port()),
            u"-U"_s,
            u"paydesk"_s,
            u"-d"_s,
            u"postgres"_s,
            u"-v"_s,
            u"ON_ERROR_STOP=1"_s,
            u"-c"_s,
            u"CREATE DATABASE \"%1\""_s.arg(name) });
}

QString PgCluster::url(const QString& database) const
{
    return u"postgresql://paydesk@127.0.0.1:%1/%2"_s.arg(m_port.port()).arg(database);
}

} // namespace paydesk::test
