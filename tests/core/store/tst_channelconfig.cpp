// ChannelConfigStore: sealed secrets, admin only, validation before any write, audit without secrets;
// ConfiguredChannels and TrainingSetup building working channels against an embedded simulator; on both engines.
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

#include "core/crypto/Random.h"
#include "core/crypto/Rsa.h"
#include "core/service/ChannelFactory.h"
#include "core/service/ChannelRegistry.h"
#include "core/sim/SimServer.h"
#include "core/store/AuditLog.h"
#include "core/store/ChannelConfigStore.h"
#include "core/store/Sql.h"
#include "core/training/TrainingSetup.h"
#include "core/util/Clock.h"
#include "tests/support/Fixtures.h"
#include "tests/support/ServiceRig.h"
#include "tests/support/TestDatabase.h"
#include "tests/support/TestSupport.h"

using namespace paydesk;
using namespace paydesk::test;
using namespace Qt::StringLiterals;

namespace {

const QByteArray kApiV3Key = QByteArrayLiteral("Zq3xK8vB2nW7mP4tR9yL6cF1hJ5gD0sA");
const QString kPublicKeyId = u"PUB_KEY_ID_0114232134912410000000000001"_s;

crypto::SecretBox newBox()
{
    return crypto::SecretBox(crypto::SecureBytes(crypto::randomBytes(32)));
}

WeChatPaySettings wechatSettings()
{
    WeChatPaySettings s;
    s.mchid = u"1900007291"_s;
    s.appid = u"wxd678efh567hg6787"_s;
    s.merchantSerial = u"408B07E79B8269FEC3D5D3E6AB8ED163A6A380DB"_s;
    s.baseUrl = u"https://api.mch.weixin.qq.com"_s;
    s.notifyUrl = u"https://pay.example.com/notify/wechatpay"_s;
    s.merchantPrivateKeyPem = readData(u"vectors/wechatpay/keys/wxdoc-test-merchant-private-key.pem"_s);
    s.apiV3Key = kApiV3Key;
    const QByteArray cert = readData(u"vectors/wechatpay/keys/go-test-cert-D7CE59D1F522D701.pem"_s);
    s.platformCertificatePems.insert(crypto::readCertificate(cert)->serialHex, cert);
    s.publicKeyId = kPublicKeyId;
    s.publicKeyPem = readData(u"vectors/wechatpay/keys/java-wechat_pay_public_key.pem"_s);
    return s;
}

AlipaySettings alipaySettings()
{
    AlipaySettings s;
    s.appId = u"2019091767145019"_s;
    s.sellerId = u"2088102177846880"_s;
    s.gatewayUrl = u"https://openapi.alipay.com/gateway.do"_s;
    s.notifyUrl = u"https://pay.example.com/notify/alipay"_s;
    s.appPrivateKeyPem = readData(u"vectors/alipay/keys/java-prodcert-app-private-key.pem"_s);
    s.alipayPublicKeyPem = readData(u"vectors/alipay/keys/nodejs-alipay-public-key.pem"_s);
    return s;
}

/// A line from the middle of a PEM body: enough to recognise the key in any text.
QByteArray pemLine(const QByteArray& pem)
{
    const QList<QByteArray> lines = pem.split('\n');
    return lines.value(lines.size() / 2).trimmed();
}

QString rawColumn(const Database& db, const QString& column, const QString& channel)
{
    auto q = sql::exec(
        *db.connection(), u"SELECT %1 FROM channel_configs WHERE channel = :c"_s.arg(column), { { u":c"_s, channel } });
    return q && q->next() ? q->value(0).toString() : QString();
}

} // namespace

class TestChannelConfig final : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTripBothChannels()
    {
        PD_TEST_DATABASE(t);
        ServiceRig rig(*t->db(), { .clock = &SystemClock::instance() });
        QCOMPARE(rig.configs.loadWeChatPay().error().code, ErrorCode::NotFound);
        QCOMPARE(rig.configs.describe(ChannelKind::Alipay).error().code, ErrorCode::NotFound);
        const WeChatPaySettings w = wechatSettings();
        const AlipaySettings a = alipaySettings();
        auto st = rig.configs.saveWeChatPay(w, rig.admin());
        QVERIFY2(st, st ? "" : qPrintable(st.error().detail));
        QVERIFY(rig.configs.saveAlipay(a, rig.admin()));

        auto lw = rig.configs.loadWeChatPay();
        QVERIFY(lw);
        QCOMPARE(lw->mchid, w.mchid);
        QCOMPARE(lw->appid, w.appid);
        QCOMPARE(lw->merchantSerial, w.merchantSerial);
        QCOMPARE(lw->baseUrl, w.baseUrl);
        QCOMPARE(lw->notifyUrl, w.notifyUrl);
        QCOMPARE(lw->merchantPrivateKeyPem, w.merchantPrivateKeyPem);
        QCOMPARE(lw->apiV3Key, w.apiV3Key);
        QCOMPARE(lw->platformCertificatePems, w.platformCertificatePems);
        QCOMPARE(lw->publicKeyId, w.publicKeyId);
        QCOMPARE(lw->publicKeyPem, w.publicKeyPem);
        QCOMPARE(lw->timeoutMs, w.timeoutMs);
        auto la = rig.configs.loadAlipay();
        QVERIFY(la);
        QCOMPARE(la->appId, a.appId);
        QCOMPARE(la->sellerId, a.sellerId);
        QCOMPARE(la->gatewayUrl, a.gatewayUrl);
        QCOMPARE(la->notifyUrl, a.notifyUrl);
        QCOMPARE(la->appPrivateKeyPem, a.appPrivateKeyPem);
        QCOMPARE(la->alipayPublicKeyPem, a.alipayPublicKeyPem);

        auto d = rig.configs.describe(ChannelKind::WeChatPay);
        QVERIFY(d);
        QCOMPARE(d->value(u"secrets"_s).toString(), u"sealed"_s);
        QCOMPARE(d->value(u"merchant_id"_s).toString(), w.mchid);
        QCOMPARE(d->value(u"public_key_id"_s).toString(), kPublicKeyId);
        QVERIFY(d->value(u"merchant_key_fingerprint"_s).toString().startsWith(u"SHA256:"_s));
        const QByteArray text = QJsonDocument(*d).toJson();
        QVERIFY(!text.contains(pemLine(w.merchantPrivateKeyPem)));
        QVERIFY(!text.contains(kApiV3Key));
        QVERIFY(!text.contains("BEGIN"));
        auto da = rig.configs.describe(ChannelKind::Alipay);
        QVERIFY(da);
        QVERIFY(!QJsonDocument(*da).toJson().contains(pemLine(a.appPrivateKeyPem)));
    }

    void storedRowHoldsNoSecretBytes()
    {
        PD_TEST_DATABASE(t);
        ServiceRig rig(*t->db(), { .clock = &SystemClock::instance() });
        QVERIFY(rig.configs.saveWeChatPay(wechatSettings(), rig.admin()));
        QVERIFY(rig.configs.saveAlipay(alipaySettings(), rig.admin()));
        for (const QString& channel : { u"wechatpay"_s, u"alipay"_s }) {
            const QString row =
                rawColumn(*t->db(), u"settings"_s, channel) + rawColumn(*t->db(), u"sealed_secrets"_s, channel);
            QVERIFY(!row.isEmpty());
            for (const QByteArray& secret : { pemLine(wechatSettings().merchantPrivateKeyPem),
                     pemLine(alipaySettings().appPrivateKeyPem),
                     kApiV3Key,
                     kApiV3Key.toBase64(),
                     kApiV3Key.toHex() })
                QVERIFY2(!row.toLatin1().contains(secret), qPrintable(channel));
            QVERIFY(!row.contains(u"PRIVATE KEY"_s));
        }
        QVERIFY(rawColumn(*t->db(), u"sealed_secrets"_s, u"wechatpay"_s).contains(u"v1:"_s));

        // Another master key opens nothing.
        const crypto::SecretBox other = newBox();
        ChannelConfigStore wrong(*t->db(), SystemClock::instance(), other);
        QCOMPARE(wrong.loadWeChatPay().error().code, ErrorCode::CryptoFailure);
        QCOMPARE(wrong.loadAlipay().error().code, ErrorCode::CryptoFailure);
        QVERIFY(wrong.describe(ChannelKind::WeChatPay)); // the public facts need no key

        // A sealed value moved to another field does not open (the purpose is the AAD).
        const QJsonObject sealed =
            QJsonDocument::fromJson(rawColumn(*t->db(), u"sealed_secrets"_s, u"wechatpay"_s).toUtf8()).object();
        const QJsonObject swapped { { u"merchant_key"_s, sealed.value(u"apiv3_key"_s) },
            { u"apiv3_key"_s, sealed.value(u"merchant_key"_s) } };
        QVERIFY(sql::exec(*t->db()->connection(),
            u"UPDATE channel_configs SET sealed_secrets = :s WHERE channel = 'wechatpay'"_s,
            { { u":s"_s, QString::fromUtf8(QJsonDocument(swapped).toJson(QJsonDocument::Compact)) } }));
        QCOMPARE(rig.configs.loadWeChatPay().error().code, ErrorCode::CryptoFailure);
    }

    void nonAdminRefused()
    {
        PD_TEST_DATABASE(t);
        ServiceRig rig(*t->db(), { .clock = &SystemClock::instance() });
        const Actor finance = rig.finance();
        for (const Actor& actor : { rig.manager(), finance, Actor {} }) {
            QCOMPARE(rig.configs.saveWeChatPay(wechatSettings(), actor).error().code, ErrorCode::PermissionDenied);
            QCOMPARE(rig.configs.saveAlipay(alipaySettings(), actor).error().code, ErrorCode::PermissionDenied);
        }
        QCOMPARE(countRows(*t->db(), u"channel_configs"_s), qint64(0));
        QCOMPARE(countRows(*t->db(), u"audit_log"_s, u"action = 'channel.configure'"_s), qint64(0));
    }

    void invalidInputRefusedAndNothingStored()
    {
        PD_TEST_DATABASE(t);
        ServiceRig rig(*t->db(), { .clock = &SystemClock::instance() });
        auto refused = [&](const WeChatPaySettings& s, ErrorCode code) {
            const auto st = rig.configs.saveWeChatPay(s, rig.admin());
            return !st && st.error().code == code;
        };
        WeChatPaySettings s = wechatSettings();
        s.apiV3Key.chop(1); // 31 bytes
        QVERIFY(refused(s, ErrorCode::KeyInvalid));
        s = wechatSettings();
        s.merchantPrivateKeyPem = "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n";
        QVERIFY(refused(s, ErrorCode::KeyInvalid));
        s = wechatSettings();
        s.merchantSerial = u"not-hex"_s;
        QVERIFY(refused(s, ErrorCode::InvalidArgument));
        s = wechatSettings();
        s.baseUrl = u"ftp://api.example.com"_s;
        QVERIFY(refused(s, ErrorCode::InvalidArgument));
        s = wechatSettings();
        s.notifyUrl = u"http://pay.example.com/notify"_s; // WeChat wants https
        QVERIFY(refused(s, ErrorCode::InvalidArgument));
        s = wechatSettings();
        s.platformCertificatePems = { { u"ABCDEF"_s, s.platformCertificatePems.first() } }; // wrong serial
        QVERIFY(refused(s, ErrorCode::InvalidArgument));
        s = wechatSettings();
        s.platformCertificatePems.clear();
        s.publicKeyId.clear();
        s.publicKeyPem.clear();
        QVERIFY(refused(s, ErrorCode::InvalidArgument)); // nothing to verify responses with

        AlipaySettings a = alipaySettings();
        a.alipayPublicKeyPem = "garbage";
        QCOMPARE(rig.configs.saveAlipay(a, rig.admin()).error().code, ErrorCode::KeyInvalid);
        a = alipaySettings();
        a.gatewayUrl = u"openapi.alipay.com/gateway.do"_s;
        QCOMPARE(rig.configs.saveAlipay(a, rig.admin()).error().code, ErrorCode::InvalidArgument);

        QCOMPARE(countRows(*t->db(), u"channel_configs"_s), qint64(0));
        QCOMPARE(countRows(*t->db(), u"audit_log"_s), qint64(0));
    }

    void auditEntryWithoutSecrets()
    {
        PD_TEST_DATABASE(t);
        ServiceRig rig(*t->db(), { .clock = &SystemClock::instance() });
        WeChatPaySettings w = wechatSettings();
        QVERIFY(rig.configs.saveWeChatPay(w, rig.admin()));
        w.merchantPrivateKeyPem = readData(u"vectors/wechatpay/keys/java-merchant_private_key.pem"_s);
        w.notifyUrl = u"https://pay.example.com/n2"_s;
        QVERIFY(rig.configs.saveWeChatPay(w, rig.admin()));

        auto entries = AuditLog::forEntity(*t->db()->connection(), u"channel"_s, u"wechatpay"_s);
        QVERIFY(entries);
        QCOMPARE(entries->size(), 2);
        const AuditEntry& first = entries->at(0);
        const AuditEntry& second = entries->at(1);
        QCOMPARE(first.action, u"channel.configure"_s);
        QCOMPARE(first.actor, u"admin1"_s);
        QVERIFY(first.detail.value(u"before"_s).isNull());
        QVERIFY(first.detail.value(u"secrets"_s).toObject().value(u"merchant_key"_s).toString().startsWith(u"set"_s));
        QCOMPARE(
            second.detail.value(u"before"_s).toObject().value(u"notify_url"_s).toString(), wechatSettings().notifyUrl);
        QCOMPARE(second.detail.value(u"after"_s).toObject().value(u"notify_url"_s).toString(), w.notifyUrl);
        const QJsonObject secrets = second.detail.value(u"secrets"_s).toObject();
        QVERIFY(secrets.value(u"merchant_key"_s).toString().startsWith(u"replaced (SHA256:"_s));
        QCOMPARE(secrets.value(u"apiv3_key"_s).toString(), u"unchanged"_s);
        for (const AuditEntry& e : *entries) {
            const QByteArray text = QJsonDocument(e.detail).toJson();
            QVERIFY(!text.contains(pemLine(wechatSettings().merchantPrivateKeyPem)));
            QVERIFY(!text.contains(pemLine(w.merchantPrivateKeyPem)));
            QVERIFY(!text.contains(kApiV3Key));
            QVERIFY(!text.contains("PRIVATE KEY"));
        }
        auto verdict = AuditLog::verify(*t->db()->connection());
        QVERIFY(verdict && verdict->ok);
    }

    void configuredChannelsTalkToTheSimulator()
    {
        PD_TEST_DATABASE(t);
        ServiceRig rig(*t->db(), { .clock = &SystemClock::instance() });
        QTemporaryDir dir;
        sim::SimOptions o;
        o.stateDir = dir.path();
        o.timeScale = 1000;
        o.keyMode = sim::WeChatKeyMode::Mixed; // both verification modes get exercised
        sim::SimServer simulator(o);
        QVERIFY(simulator.start());
        QVERIFY(simulator.listenOn(QHostAddress::LocalHost, 0));

        auto fromState = simulatorSettingsFromState(dir.path(), simulator.baseUrl(), u"https://127.0.0.1:9"_s);
        QVERIFY2(fromState, fromState ? "" : qPrintable(fromState.error().detail));
        auto embedded = simulatorSettings(simulator, u"https://127.0.0.1:9"_s);
        QVERIFY(embedded);
        QCOMPARE(fromState->wechat.mchid, embedded->wechat.mchid);
        QCOMPARE(fromState->wechat.merchantSerial, embedded->wechat.merchantSerial);
        QCOMPARE(fromState->wechat.apiV3Key, embedded->wechat.apiV3Key);
        QCOMPARE(fromState->wechat.platformCertificatePems, embedded->wechat.platformCertificatePems);
        QCOMPARE(fromState->alipay.sellerId, embedded->alipay.sellerId);
        QCOMPARE(embedded->wechat.notifyUrl, u"https://127.0.0.1:9/notify/wechatpay"_s);

        QCOMPARE(
            configureForSimulator(rig.configs, simulator, {}, rig.manager()).error().code, ErrorCode::PermissionDenied);
        auto st = configureForSimulator(rig.configs, simulator, u"https://127.0.0.1:9"_s, rig.admin());
        QVERIFY2(st, st ? "" : qPrintable(st.error().detail));

        ChannelRegistry registry;
        {
            const crypto::SecretBox other = newBox();
            ChannelConfigStore wrong(*t->db(), SystemClock::instance(), other);
            ConfiguredChannels none(registry);
            QCOMPARE(none.load(wrong, SystemClock::instance()).error().code, ErrorCode::CryptoFailure);
            QVERIFY(none.kinds().isEmpty());
            QVERIFY(!registry.channel(ChannelKind::WeChatPay));
        }
        ConfiguredChannels channels(registry);
        QVERIFY(channels.load(rig.configs, SystemClock::instance()));
        QCOMPARE(channels.kinds().size(), 2);

        for (const ChannelKind kind : { ChannelKind::WeChatPay, ChannelKind::Alipay }) {
            auto channel = registry.channel(kind);
            QVERIFY(channel);
            const QString no = u"CFG%1%2"_s.arg(static_cast<int>(kind)).arg(QDateTime::currentMSecsSinceEpoch());
            CreateQrRequest req;
            req.outTradeNo = no;
            req.amount = Money::fen(1234);
            req.description = u"培训"_s;
            req.expiresAt = QDateTime::currentDateTimeUtc().addSecs(600);
            auto qr = (*channel)->createQr(req);
            QVERIFY2(qr, qr ? "" : qPrintable(qr.error().detail));
            QVERIFY(
                qr->codeUrl.startsWith(kind == ChannelKind::WeChatPay ? u"weixin://"_s : u"https://qr.alipay.com/"_s));
            QVERIFY(simulator.pay(no));
            auto status = (*channel)->query(no);
            QVERIFY2(status, status ? "" : qPrintable(status.error().detail));
            QCOMPARE(status->state, TradeState::Paid);
            QCOMPARE(status->total, std::optional<Money>(Money::fen(1234)));
        }
    }
};

QTEST_GUILESS_MAIN(TestChannelConfig)
#include "tst_channelconfig.moc"
