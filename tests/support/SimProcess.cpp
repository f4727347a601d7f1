#include "tests/support/SimProcess.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QUrl>

#include "tests/support/Programs.h"

using namespace Qt::StringLiterals;

namespace paydesk::test {

namespace {

/// The port in paydesk-sim's "paydesk-sim listening on http://127.0.0.1:PORT ..." line; 0 until it is complete.
quint16 listeningPort(const QByteArray& output)
{
    static const QRegularExpression line(u"listening on http://127\\.0\\.0\\.1:(\\d+)[ \\n]"_s);
    const auto m = line.match(QString::fromUtf8(output));
    return m.hasMatch() ? quint16(m.captured(1).toUInt()) : 0;
}

/// A simulator state directory with keys and demo merchants, made once per test process by `paydesk-sim keys`.
/// Each SimProcess starts from a copy (its orders and faults stay its own): generating five RSA keys for every test
/// function made start-up the slowest step of each e2e test, and the one most likely to run out of time on a loaded
/// machine. First-start key generation itself is still exercised here, once, and by tst_paydeskctl_payments.
Status seedStateDir(const QString& dir)
{
    static QTemporaryDir seed;
    static bool made = false;
    if (!seed.isValid())
        return fail(ErrorCode::Internal, u"no temporary directory for the simulator seed state"_s);
    if (!made) {
        QProcess keys;
        dieWithTest(keys);
        keys.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        keys.setStandardOutputFile(QProcess::nullDevice());
        keys.start(programPath(u"paydesk-sim"_s), { u"keys"_s, u"--state"_s, seed.path() });
        if (!keys.waitForStarted(10000))
            return fail(ErrorCode::Internal, u"paydesk-sim keys did not start"_s);
        if (!keys.waitForFinished(120000)) {
            keys.kill();
            keys.waitForFinished(5000);
            return fail(ErrorCode::NetworkTimeout, u"paydesk-sim keys did not finish in 120 s"_s);
        }
        if (keys.exitStatus() != QProcess::NormalExit || keys.exitCode() != 0)
            return fail(ErrorCode::Internal, u"paydesk-sim keys failed (%1)"_s.arg(keys.exitCode()));
        made = true;
    }
    QDirIterator it(seed.path(), QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString from = it.next();
        const QString to = dir + u'/' + QDir(seed.path()).relativeFilePath(from);
        if (!QDir().mkpath(QFileInfo(to).absolutePath()) || !QFile::copy(from, to))
            return fail(ErrorCode::Internal, u"cannot copy %1 to %2"_s.arg(from, to));
    }
    return {};
}

} // namespace

SimProcess::SimProcess(double timeScale)
    : m_timeScale(timeScale)
{
    // stdout carries the one "listening on" line (read below); the log goes to stderr, passed through.
    m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    dieWithTest(m_process);
}

SimProcess::~SimProcess()
{
    stop();
}

Status SimProcess::start(int timeoutMs)
{
    if (!m_dir.isValid())
        return fail(ErrorCode::Internal, u"no temporary directory"_s);
    m_port = 0;
    if (QDir(m_dir.path()).isEmpty()) {
        if (auto st = seedStateDir(m_dir.path()); !st)
            return st;
    }
    m_process.start(programPath(u"paydesk-sim"_s),
        { u"--listen"_s,
            u"127.0.0.1:0"_s,
            u"--state"_s,
            m_dir.path(),
            u"--time-scale"_s,
            QString::number(m_timeScale) });
    if (!m_process.waitForStarted(10000))
        return fail(ErrorCode::Internal, u"paydesk-sim did not start"_s);
    const QDeadlineTimer deadline(timeoutMs);
    QByteArray output;
    while (m_port == 0) {
        if (deadline.hasExpired())
            return fail(ErrorCode::NetworkTimeout, u"paydesk-sim did not report its port"_s);
        if (m_process.state() != QProcess::Running)
            return fail(ErrorCode::Internal, u"paydesk-sim exited (%1)"_s.arg(m_process.exitCode()));
        m_process.waitForReadyRead(int(qMin<qint64>(deadline.remainingTime(), 1000)));
        output += m_process.readAllStandardOutput();
        m_port = listeningPort(output);
    }
    // It printed the line after listen() succeeded; one control call proves it answers.
    while (!deadline.hasExpired()) {
        if (m_process.state() != QProcess::Running)
            return fail(ErrorCode::Internal, u"paydesk-sim exited (%1)"_s.arg(m_process.exitCode()));
        auto r = m_client.send("GET", QUrl(url() + u"/sim/orders"_s), {}, {});
        if (r && r->status == 200)
            return {};
        m_process.waitForFinished(100);
    }
    return fail(ErrorCode::NetworkTimeout, u"paydesk-sim did not answer"_s);
}

void SimProcess::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.terminate();
    if (!m_process.waitForFinished(10000)) {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
}

Result<HttpResponse> SimProcess::control(const QByteArray& method, const QString& path, const QJsonObject& body) const
{
    const QByteArray payload = method == "GET" ? QByteArray() : QJsonDocument(body).toJson(QJsonDocument::Compact);
    return m_client.send(method, QUrl(url() + path), { { "Content-Type", "application/json" } }, payload);
}

bool SimProcess::pay(const QString& outTradeNo) const
{
    auto r = control("POST", u"/sim/orders/%1/pay"_s.arg(QString::fromLatin1(QUrl::toPercentEncoding(outTradeNo))));
    return r && r->status == 200;
}

bool SimProcess::setFaults(const QJsonObject& faults, const QString& outTradeNo) const
{
    QJsonObject body = faults;
    if (!outTradeNo.isEmpty())
        body.insert(u"out_trade_no"_s, outTradeNo);
    auto r = control("POST", u"/sim/faults"_s, body);
    return r && r->status == 200;
}

bool SimProcess::clearFaults() const
{
    auto r = control("DELETE", u"/sim/faults"_s);
    return r && r->status == 200;
}

QJsonObject SimProcess::order(const QString& outTradeNo) const
{
    auto r = control("GET", u"/sim/orders"_s);
    if (!r || r->status != 200)
        return {};
    for (const auto& v : QJsonDocument::fromJson(r->body).array()) {
        if (v.toObject().value(u"out_trade_no"_s).toString() == outTradeNo)
            return v.toObject();
    }
    return {};
}

} // namespace paydesk::test
