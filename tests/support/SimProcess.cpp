#include "tests/support/SimProcess.h"

#include "tests/support/Programs.h"

#include <QDeadlineTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTcpServer>
#include <QThread>
#include <QUrl>

using namespace Qt::StringLiterals;

namespace paydesk::test {

quint16 freeLocalPort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress::LocalHost, 0))
        return 0;
    return probe.serverPort();
}

SimProcess::SimProcess(double timeScale)
    : m_timeScale(timeScale)
{
    m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
}

SimProcess::~SimProcess()
{
    stop();
}

Status SimProcess::start(int timeoutMs)
{
    if (!m_dir.isValid())
        return fail(ErrorCode::Internal, u"no temporary directory"_s);
    m_port = freeLocalPort();
    m_process.start(programPath(u"paydesk-sim"_s),
                    {u"--listen"_s, u"127.0.0.1:%1"_s.arg(m_port), u"--state"_s, m_dir.path(), u"--time-scale"_s,
                     QString::number(m_timeScale)});
    if (!m_process.waitForStarted(10000))
        return fail(ErrorCode::Internal, u"paydesk-sim did not start"_s);
    const QDeadlineTimer deadline(timeoutMs);
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
    return m_client.send(method, QUrl(url() + path), {{"Content-Type", "application/json"}}, payload);
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
