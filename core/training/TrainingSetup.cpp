#include "core/training/TrainingSetup.h"

#include "core/sim/DemoMerchants.h"
#include "core/sim/SimKeys.h"
#include "core/sim/SimServer.h"
#include "core/store/ChannelConfigStore.h"

using namespace Qt::StringLiterals;

namespace paydesk {

namespace {

QString notifyUrl(const QString& base, ChannelKind kind)
{
    if (base.isEmpty())
        return {};
    QString b = base;
    while (b.endsWith(u'/'))
        b.chop(1);
    return b + notifyPath(kind);
}

/// What the simulator holds about its demo merchants and its own keys, wherever it was read from.
struct SimFacts
{
    sim::DemoWeChatMerchant wechat;
    sim::DemoAlipayMerchant alipay;
    QString wechatCertSerial;
    QByteArray wechatCertPem;
    QString publicKeyId;
    QByteArray publicKeyPem;
    QByteArray alipayPublicKeyPem;
};

Result<SimulatorChannels> build(const SimFacts& f, const QString& simUrl, const QString& notifyBaseUrl)
{
    if (simUrl.isEmpty())
        return fail(ErrorCode::InvalidArgument, u"the simulator is not listening (no base URL)"_s);
    QString base = simUrl;
    while (base.endsWith(u'/'))
        base.chop(1);
    auto wechatKey = sim::readFile(f.wechat.privateKeyFile);
    auto alipayKey = sim::readFile(f.alipay.privateKeyFile);
    if (!wechatKey || !alipayKey)
        return fail(ErrorCode::NotFound, u"the simulator's demo merchant key files are missing"_s);

    SimulatorChannels out;
    WeChatPaySettings& w = out.wechat;
    w.mchid = f.wechat.merchant.mchid;
    w.appid = f.wechat.merchant.appid;
    w.merchantSerial = f.wechat.merchant.serialNo;
    w.baseUrl = base;
    w.notifyUrl = notifyUrl(notifyBaseUrl, ChannelKind::WeChatPay);
    w.merchantPrivateKeyPem = *wechatKey;
    w.apiV3Key = f.wechat.merchant.apiV3Key;
    // Both verification modes, so the simulator may sign with either (its --key-mode).
    w.platformCertificatePems.insert(f.wechatCertSerial, f.wechatCertPem);
    w.publicKeyId = f.publicKeyId;
    w.publicKeyPem = f.publicKeyPem;

    AlipaySettings& a = out.alipay;
    a.appId = f.alipay.merchant.appId;
    a.sellerId = f.alipay.merchant.pid;
    a.gatewayUrl = base + u"/gateway.do"_s;
    a.notifyUrl = notifyUrl(notifyBaseUrl, ChannelKind::Alipay);
    a.appPrivateKeyPem = *alipayKey;
    a.alipayPublicKeyPem = f.alipayPublicKeyPem;
    return out;
}

} // namespace

QString notifyPath(ChannelKind kind)
{
    return u"/notify/"_s + channelKindName(kind);
}

Result<SimulatorChannels> simulatorSettings(const sim::SimServer& simServer, const QString& notifyBaseUrl)
{
    const auto wechat = simServer.demoWeChatMerchant();
    const auto alipay = simServer.demoAlipayMerchant();
    if (!wechat || !alipay)
        return fail(ErrorCode::NotFound, u"the simulator has no demo merchants (started with them disabled?)"_s);
    const sim::SimKeys& k = simServer.keys();
    SimFacts f { *wechat,
        *alipay,
        k.wechatCertSerial(),
        k.wechatCertPem(),
        k.wechatPublicKeyId(),
        k.wechatPublicKeyPem(),
        k.alipayPublicKeyPem() };
    return build(f, simServer.baseUrl(), notifyBaseUrl);
}

Result<SimulatorChannels> simulatorSettingsFromState(
    const QString& stateDir, const QString& simUrl, const QString& notifyBaseUrl)
{
    auto demo = sim::demoMerchantsFromState(stateDir);
    if (!demo)
        return tl::unexpected(demo.error());
    if (!demo->wechat || !demo->alipay)
        return fail(ErrorCode::NotFound, u"the simulator in %1 has no demo merchants"_s.arg(stateDir));
    SimFacts f;
    f.wechat = *demo->wechat;
    f.alipay = *demo->alipay;
    const QString keys = stateDir + u"/keys/"_s;
    auto cert = sim::readFile(keys + u"wechatpay-platform-cert.pem"_s);
    auto pubKey = sim::readFile(keys + u"wechatpay-pubkey.pem"_s);
    auto pubKeyId = sim::readFile(keys + u"wechatpay-pubkey-id.txt"_s);
    auto alipayPub = sim::readFile(keys + u"alipay-public-key.pem"_s);
    if (!cert || !pubKey || !pubKeyId || !alipayPub)
        return fail(ErrorCode::NotFound, u"the simulator's key files in %1 are incomplete"_s.arg(keys));
    auto info = crypto::readCertificate(*cert);
    if (!info)
        return tl::unexpected(info.error());
    f.wechatCertSerial = info->serialHex;
    f.wechatCertPem = *cert;
    f.publicKeyId = QString::fromLatin1(pubKeyId->trimmed());
    f.publicKeyPem = *pubKey;
    f.alipayPublicKeyPem = *alipayPub;
    return build(f, simUrl, notifyBaseUrl);
}

Status configureSimulatorChannels(ChannelConfigStore& store, const SimulatorChannels& channels, const Actor& actor)
{
    if (auto st = AccessControl::check(actor, Action::Configure); !st)
        return st;
    // Validate both before writing either, so a half-configured training setup is never left behind.
    if (auto st = ChannelConfigStore::validate(channels.wechat); !st)
        return st;
    if (auto st = ChannelConfigStore::validate(channels.alipay); !st)
        return st;
    if (auto st = store.saveWeChatPay(channels.wechat, actor); !st)
        return st;
    return store.saveAlipay(channels.alipay, actor);
}

Status configureForSimulator(
    ChannelConfigStore& store, const sim::SimServer& simServer, const QString& notifyBaseUrl, const Actor& actor)
{
    auto settings = simulatorSettings(simServer, notifyBaseUrl);
    if (!settings)
        return tl::unexpected(settings.error());
    return configureSimulatorChannels(store, *settings, actor);
}

} // namespace paydesk
