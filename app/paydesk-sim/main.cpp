// paydesk-sim: the WeChat Pay APIv3 / Alipay OpenAPI channel simulator (composition root only; see core/sim/).
//
//   paydesk-sim [--listen 127.0.0.1:PORT] [--state DIR] [--time-scale N] [--key-mode certificate|publickey|mixed]
//   paydesk-sim keys [--state DIR]
//   paydesk-sim pay OUT_TRADE_NO [--url http://127.0.0.1:PORT]
//   paydesk-sim add-wechat-merchant --mchid M --appid A --apiv3-key-file F --cert CERT.pem [--state DIR]
//   paydesk-sim add-wechat-merchant ... --public-key KEY.pem --serial HEX
//   paydesk-sim add-alipay-merchant --app-id A --pid P --public-key KEY.pem [--state DIR]

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTextStream>

#include "core/crypto/Rsa.h"
#include "core/log/Log.h"
#include "core/sim/SimServer.h"
#include "core/util/TermSignals.h"

using namespace Qt::StringLiterals;
using namespace paydesk;
using namespace paydesk::sim;

namespace {

QTextStream& out()
{
    static QTextStream s(stdout);
    return s;
}

QTextStream& err()
{
    static QTextStream s(stderr);
    return s;
}

int printKeys(SimServer& sim)
{
    const SimKeys& k = sim.keys();
    out() << "# paydesk-sim channel keys (state: " << sim.stateDir() << ")\n\n"
          << "## WeChat Pay\n"
          << "platform certificate serial: " << k.wechatCertSerial() << "\n"
          << "platform certificate (PEM):\n"
          << QString::fromLatin1(k.wechatCertPem()) << "\n"
          << "WeChat Pay public key id: " << k.wechatPublicKeyId() << "\n"
          << "WeChat Pay public key (PEM):\n"
          << QString::fromLatin1(k.wechatPublicKeyPem()) << "\n"
          << "## Alipay\n"
          << "Alipay public key (PEM):\n"
          << QString::fromLatin1(k.alipayPublicKeyPem()) << "\n";
    if (const auto w = sim.demoWeChatMerchant()) {
        out() << "## Demo WeChat Pay merchant\n"
              << "mchid: " << w->merchant.mchid << "\nappid: " << w->merchant.appid
              << "\nmerchant certificate serial: " << w->merchant.serialNo
              << "\nmerchant private key: " << w->privateKeyFile << "\nmerchant certificate: " << w->certificateFile
              << "\nAPIv3 key file: " << w->apiV3KeyFile << "\n\n";
    }
    if (const auto a = sim.demoAlipayMerchant()) {
        out() << "## Demo Alipay app\n"
              << "app_id: " << a->merchant.appId << "\npid (seller_id): " << a->merchant.pid
              << "\napp private key: " << a->privateKeyFile << "\napp public key: " << a->publicKeyFile << "\n\n";
    }
    out() << "WeChat Pay base URL: http://HOST:PORT (instead of https://api.mch.weixin.qq.com)\n"
          << "Alipay gateway: http://HOST:PORT/gateway.do\n";
    out().flush();
    return 0;
}

int payRemote(const QString& outTradeNo, const QString& baseUrl)
{
    QNetworkAccessManager nam;
    QNetworkRequest req(
        QUrl(baseUrl + u"/sim/orders/"_s + QString::fromLatin1(QUrl::toPercentEncoding(outTradeNo)) + u"/pay"_s));
    req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    req.setTransferTimeout(10000);
    QNetworkReply* reply = nam.post(req, QByteArray());
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply->readAll();
    reply->deleteLater();
    if (status == 0) {
        err() << "cannot reach " << baseUrl << ": " << reply->errorString() << "\n";
        return 2;
    }
    (status == 200 ? out() : err()) << QString::fromUtf8(body) << "\n";
    return status == 200 ? 0 : 1;
}

int addMerchant(SimServer& sim, const QString& kind, const QCommandLineParser& p)
{
    auto readAll = [](const QString& path) {
        return readFile(path).value_or(QByteArray());
    };
    Status st;
    if (kind == u"add-wechat-merchant"_s) {
        WeChatMerchant m;
        m.mchid = p.value(u"mchid"_s);
        m.appid = p.value(u"appid"_s);
        m.apiV3Key = readAll(p.value(u"apiv3-key-file"_s)).trimmed();
        if (p.isSet(u"cert"_s)) {
            m.publicKeyPem = readAll(p.value(u"cert"_s));
            const auto info = crypto::readCertificate(m.publicKeyPem);
            if (!info) {
                err() << "certificate: " << info.error().detail << "\n";
                return 1;
            }
            m.serialNo = info->serialHex;
        } else {
            m.publicKeyPem = readAll(p.value(u"public-key"_s));
            m.serialNo = p.value(u"serial"_s);
        }
        st = sim.addWeChatMerchant(m);
    } else {
        AlipayMerchant m;
        m.appId = p.value(u"app-id"_s);
        m.pid = p.value(u"pid"_s);
        m.appPublicKeyPem = readAll(p.value(u"public-key"_s));
        st = sim.addAlipayMerchant(m);
    }
    if (!st) {
        err() << "cannot add the merchant: " << st.error().detail << "\n";
        return 1;
    }
    out() << "merchant added to " << sim.stateDir() << " (restart a running simulator to use it)\n";
    return 0;
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"paydesk"_s);
    QCoreApplication::setOrganizationName(u"paydesk"_s);

    QCommandLineParser p;
    p.setApplicationDescription(u"WeChat Pay APIv3 and Alipay OpenAPI channel simulator on loopback."_s);
    p.addHelpOption();
    p.addPositionalArgument(u"command"_s, u"serve (default), keys, pay, add-wechat-merchant, add-alipay-merchant"_s);
    p.addOptions({
        { u"listen"_s, u"Address and port to listen on."_s, u"host:port"_s, u"127.0.0.1:8639"_s },
        { u"state"_s, u"State directory."_s, u"dir"_s },
        { u"time-scale"_s, u"Divide retry schedules and refund delays by N."_s, u"N"_s, u"1"_s },
        { u"key-mode"_s, u"WeChat signing key: certificate, publickey or mixed."_s, u"mode"_s, u"certificate"_s },
        { u"manual-refunds"_s, u"Refunds stay PROCESSING until completed through the control API."_s },
        { u"url"_s, u"A running simulator (for pay)."_s, u"url"_s, u"http://127.0.0.1:8639"_s },
        { u"mchid"_s, u"WeChat merchant id."_s, u"id"_s },
        { u"appid"_s, u"WeChat appid."_s, u"id"_s },
        { u"apiv3-key-file"_s, u"File holding the 32-byte APIv3 key."_s, u"file"_s },
        { u"cert"_s, u"Merchant API certificate (PEM)."_s, u"file"_s },
        { u"public-key"_s, u"Merchant / app public key (PEM)."_s, u"file"_s },
        { u"serial"_s, u"Merchant API certificate serial (hex), with --public-key."_s, u"hex"_s },
        { u"app-id"_s, u"Alipay app_id."_s, u"id"_s },
        { u"pid"_s, u"Alipay pid / seller_id."_s, u"id"_s },
    });
    p.process(app);
    const QStringList args = p.positionalArguments();
    const QString command = args.value(0, u"serve"_s);

    if (command == u"pay"_s) {
        if (args.size() != 2) {
            err() << "usage: paydesk-sim pay OUT_TRADE_NO [--url http://127.0.0.1:PORT]\n";
            return 2;
        }
        return payRemote(args.at(1), p.value(u"url"_s));
    }

    SimOptions options;
    options.stateDir = p.value(u"state"_s);
    bool scaleOk = false;
    options.timeScale = p.value(u"time-scale"_s).toDouble(&scaleOk);
    if (!scaleOk || options.timeScale <= 0) {
        err() << "--time-scale must be a positive number\n";
        return 2;
    }
    if (!parseWeChatKeyMode(p.value(u"key-mode"_s), &options.keyMode)) {
        err() << "--key-mode must be certificate, publickey or mixed\n";
        return 2;
    }
    options.autoCompleteRefunds = !p.isSet(u"manual-refunds"_s);
    SimServer sim(options);
    if (auto st = sim.start(); !st) {
        err() << "paydesk-sim: " << st.error().detail << "\n";
        return 1;
    }
    if (command == u"keys"_s)
        return printKeys(sim);
    if (command == u"add-wechat-merchant"_s || command == u"add-alipay-merchant"_s)
        return addMerchant(sim, command, p);
    if (command != u"serve"_s) {
        err() << "unknown command " << command << "\n";
        return 2;
    }

    const QString listen = p.value(u"listen"_s);
    const qsizetype colon = listen.lastIndexOf(u':');
    bool portOk = false;
    const uint port = listen.mid(colon + 1).toUInt(&portOk);
    const QHostAddress address(listen.left(colon));
    if (colon <= 0 || !portOk || port > 65535 || address.isNull()) {
        err() << "--listen must be ADDRESS:PORT, e.g. 127.0.0.1:8639\n";
        return 2;
    }
    const auto bound = sim.listenOn(address, static_cast<quint16>(port));
    if (!bound) {
        err() << "paydesk-sim: " << bound.error().detail << "\n";
        return 1;
    }
    out() << "paydesk-sim listening on " << sim.baseUrl() << " (WeChat Pay: " << sim.baseUrl()
          << ", Alipay: " << sim.alipayGatewayUrl() << ", training page: " << sim.baseUrl() << "/sim/)\n";
    out().flush();
    quitOnTermSignals([&app] {
        log::sim()->info("signal received, shutting down");
        app.quit();
    });
    return app.exec();
}
