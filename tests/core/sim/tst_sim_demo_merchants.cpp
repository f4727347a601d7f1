// The simulator's demo merchants as a client reads them: GET /sim/keys (ids, certificate serial, key file paths),
// sim::demoMerchantsFromState() on a state directory without a server, and simulatorSettingsFromState() built on it.

#include <QFileInfo>

#include "core/crypto/Rsa.h"
#include "core/sim/DemoMerchants.h"
#include "core/training/TrainingSetup.h"
#include "tests/core/sim/SimTestSupport.h"

using namespace paydesk;
using namespace paydesk::simtest;
using namespace Qt::StringLiterals;

namespace {

/// A simulator that made its demo merchants (the default), on loopback. With the vector channel keys only the two
/// demo merchant keys are generated; simulatorSettingsFromState() needs the channel keys in the state directory,
/// so it gets a simulator that generated them too.
std::unique_ptr<sim::SimServer> demoSimulator(const QString& stateDir, bool vectorChannelKeys = true)
{
    sim::SimOptions o;
    o.stateDir = stateDir;
    if (vectorChannelKeys)
        o.keyFiles = vectorKeyFiles();
    auto s = std::make_unique<sim::SimServer>(o);
    if (!s->start() || !s->listenOn(QHostAddress::LocalHost, 0))
        return {};
    return s;
}

} // namespace

class TestSimDemoMerchants final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void keysEndpointPublishesTheDemoMerchants()
    {
        QTemporaryDir dir;
        const auto simulator = demoSimulator(dir.path());
        QVERIFY(simulator);
        const auto wechat = simulator->demoWeChatMerchant();
        const auto alipay = simulator->demoAlipayMerchant();
        QVERIFY(wechat && alipay);

        QNetworkAccessManager nam;
        const HttpResult r = http(nam, "GET", simulator->baseUrl() + u"/sim/keys"_s, {}, {});
        QCOMPARE(r.status, 200);
        const QJsonObject o = r.json();
        // What was there before stays.
        QCOMPARE(o.value(u"wechatpay_platform_certificate_serial"_s).toString(), u"D7CE59D1F522D701"_s);
        QVERIFY(o.value(u"alipay_public_key_pem"_s).toString().startsWith(u"-----BEGIN PUBLIC KEY-----"_s));

        const QJsonObject w = o.value(u"wechatpay_demo_merchant"_s).toObject();
        QCOMPARE(w.value(u"mchid"_s).toString(), wechat->merchant.mchid);
        QCOMPARE(w.value(u"appid"_s).toString(), wechat->merchant.appid);
        QCOMPARE(w.value(u"merchant_certificate_serial"_s).toString(), wechat->merchant.serialNo);
        QCOMPARE(w.value(u"private_key_file"_s).toString(), wechat->privateKeyFile);
        QCOMPARE(w.value(u"certificate_file"_s).toString(), wechat->certificateFile);
        QCOMPARE(w.value(u"apiv3_key_file"_s).toString(), wechat->apiV3KeyFile);
        for (const auto& key : { u"private_key_file"_s, u"certificate_file"_s, u"apiv3_key_file"_s })
            QVERIFY2(QFileInfo::exists(w.value(key).toString()), qPrintable(key));
        // The serial published is the one in the certificate file a client would load.
        auto cert = sim::readFile(w.value(u"certificate_file"_s).toString());
        QVERIFY(cert);
        QCOMPARE(crypto::readCertificate(*cert)->serialHex, w.value(u"merchant_certificate_serial"_s).toString());

        const QJsonObject a = o.value(u"alipay_demo_merchant"_s).toObject();
        QCOMPARE(a.value(u"app_id"_s).toString(), alipay->merchant.appId);
        QCOMPARE(a.value(u"pid"_s).toString(), alipay->merchant.pid);
        QCOMPARE(a.value(u"private_key_file"_s).toString(), alipay->privateKeyFile);
        QVERIFY(QFileInfo::exists(a.value(u"private_key_file"_s).toString()));

        // Ids and paths only: the control API is unauthenticated, so no key material and no APIv3 key.
        QVERIFY(!r.body.contains("PRIVATE KEY"));
        QVERIFY(!r.body.contains(wechat->merchant.apiV3Key));
    }

    void keysEndpointWithoutDemoMerchants()
    {
        SimFixture f; // vector merchants only, demo merchants disabled
        QNetworkAccessManager nam;
        const QJsonObject o = http(nam, "GET", f.server->baseUrl() + u"/sim/keys"_s, {}, {}).json();
        QVERIFY(o.contains(u"wechatpay_platform_certificate_serial"_s));
        QVERIFY(!o.contains(u"wechatpay_demo_merchant"_s));
        QVERIFY(!o.contains(u"alipay_demo_merchant"_s));
        // The operator's own merchants are not "demo" merchants.
        auto fromState = sim::demoMerchantsFromState(f.dir->path());
        QVERIFY(fromState);
        QVERIFY(!fromState->wechat);
        QVERIFY(!fromState->alipay);
        QCOMPARE(simulatorSettingsFromState(f.dir->path(), f.server->baseUrl(), {}).error().code, ErrorCode::NotFound);
    }

    void readsStateWithoutAServer()
    {
        QTemporaryDir dir;
        std::optional<sim::DemoWeChatMerchant> wechat;
        std::optional<sim::DemoAlipayMerchant> alipay;
        {
            const auto simulator = demoSimulator(dir.path(), false);
            QVERIFY(simulator);
            wechat = simulator->demoWeChatMerchant();
            alipay = simulator->demoAlipayMerchant();
            // While the simulator runs on the same directory too.
            auto live = sim::demoMerchantsFromState(dir.path());
            QVERIFY2(live, live ? "" : qPrintable(live.error().detail));
            QVERIFY(live->wechat && live->alipay);
            QCOMPARE(live->wechat->merchant.mchid, wechat->merchant.mchid);
        }
        QVERIFY(wechat && alipay);

        auto d = sim::demoMerchantsFromState(dir.path());
        QVERIFY2(d, d ? "" : qPrintable(d.error().detail));
        QVERIFY(d->wechat && d->alipay);
        QCOMPARE(d->wechat->merchant.mchid, wechat->merchant.mchid);
        QCOMPARE(d->wechat->merchant.appid, wechat->merchant.appid);
        QCOMPARE(d->wechat->merchant.serialNo, wechat->merchant.serialNo);
        QCOMPARE(d->wechat->merchant.apiV3Key, wechat->merchant.apiV3Key);
        QCOMPARE(d->wechat->privateKeyFile, wechat->privateKeyFile);
        QCOMPARE(d->wechat->certificateFile, wechat->certificateFile);
        QCOMPARE(d->wechat->apiV3KeyFile, wechat->apiV3KeyFile);
        QCOMPARE(d->alipay->merchant.appId, alipay->merchant.appId);
        QCOMPARE(d->alipay->merchant.pid, alipay->merchant.pid);
        QCOMPARE(d->alipay->privateKeyFile, alipay->privateKeyFile);
        // The APIv3 key file holds the key the store recorded.
        QCOMPARE(sim::readFile(d->wechat->apiV3KeyFile)->trimmed(), wechat->merchant.apiV3Key);

        // The same JSON as the running simulator published.
        const QJsonObject json = sim::demoMerchantsJson(*d);
        QCOMPARE(
            json.value(u"wechatpay_demo_merchant"_s).toObject().value(u"mchid"_s).toString(), wechat->merchant.mchid);
        QCOMPARE(json.value(u"alipay_demo_merchant"_s).toObject().value(u"pid"_s).toString(), alipay->merchant.pid);

        // simulatorSettingsFromState() is built on it.
        auto settings = simulatorSettingsFromState(dir.path(), u"http://127.0.0.1:1"_s, u"https://127.0.0.1:9"_s);
        QVERIFY2(settings, settings ? "" : qPrintable(settings.error().detail));
        QCOMPARE(settings->wechat.mchid, wechat->merchant.mchid);
        QCOMPARE(settings->wechat.appid, wechat->merchant.appid);
        QCOMPARE(settings->wechat.merchantSerial, wechat->merchant.serialNo);
        QCOMPARE(settings->wechat.apiV3Key, wechat->merchant.apiV3Key);
        QCOMPARE(settings->wechat.merchantPrivateKeyPem, *sim::readFile(wechat->privateKeyFile));
        QCOMPARE(settings->alipay.appId, alipay->merchant.appId);
        QCOMPARE(settings->alipay.sellerId, alipay->merchant.pid);
        QCOMPARE(settings->alipay.appPrivateKeyPem, *sim::readFile(alipay->privateKeyFile));
        QCOMPARE(settings->alipay.gatewayUrl, u"http://127.0.0.1:1/gateway.do"_s);
    }

    void refusesADirectoryWithoutState()
    {
        QTemporaryDir dir;
        const auto d = sim::demoMerchantsFromState(dir.path());
        QVERIFY(!d);
        QCOMPARE(d.error().code, ErrorCode::NotFound);
        // Looking must not turn an arbitrary directory into simulator state.
        QVERIFY(!QFileInfo::exists(dir.filePath(u"paydesk-sim.sqlite"_s)));
        QCOMPARE(sim::demoMerchantsFromState(QString()).error().code, ErrorCode::NotFound);
        QCOMPARE(simulatorSettingsFromState(dir.path(), u"http://127.0.0.1:1"_s, {}).error().code, ErrorCode::NotFound);
    }
};

QTEST_GUILESS_MAIN(TestSimDemoMerchants)
#include "tst_sim_demo_merchants.moc"
