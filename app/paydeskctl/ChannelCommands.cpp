// paydeskctl channel: configure the payment channels (admin), show them without secrets, or point both at a running
// paydesk-sim. Secrets are read from files and sealed under the master key; they are never printed.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

#include "core/crypto/Rsa.h"
#include "core/store/ChannelConfigStore.h"
#include "core/training/TrainingSetup.h"
#include "core/util/Clock.h"

#include "Ctl.h"

using namespace Qt::StringLiterals;

namespace paydesk::ctl {

namespace {

QString describeText(const QJsonObject& o)
{
    QStringList lines;
    for (auto it = o.begin(); it != o.end(); ++it) {
        const QJsonValue v = it.value();
        QString text;
        if (v.isArray())
            text = QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
        else if (v.isBool())
            text = v.toBool() ? u"yes"_s : u"no"_s;
        else if (v.isDouble())
            text = QString::number(v.toInteger());
        else
            text = v.toString();
        lines << u"  %1: %2"_s.arg(it.key(), text);
    }
    return u"%1\n"_s.arg(o.value(u"channel"_s).toString()) + lines.join(u'\n');
}

Result<WeChatPaySettings> wechatFromArgs(const Ctl& ctl)
{
    const CtlArgs& a = ctl.args();
    WeChatPaySettings s;
    s.mchid = a.value(u"mchid"_s);
    s.appid = a.value(u"appid"_s);
    s.merchantSerial = a.value(u"serial"_s);
    s.baseUrl = a.value(u"base-url"_s, u"https://api.mch.weixin.qq.com"_s);
    s.notifyUrl = a.value(u"notify-url"_s);
    s.timeoutMs = a.value(u"timeout-ms"_s, u"10000"_s).toInt();
    auto key = ctl.readFileOption(u"key-file"_s);
    if (!key)
        return tl::unexpected(key.error());
    s.merchantPrivateKeyPem = *key;
    auto apiV3 = ctl.readFileOption(u"apiv3-key-file"_s);
    if (!apiV3)
        return tl::unexpected(apiV3.error());
    s.apiV3Key = apiV3->trimmed(); // the key file usually ends with a newline; the key itself has no whitespace
    apiV3->fill('\0');
    for (const QString& path : a.values(u"platform-cert"_s)) {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly))
            return fail(ErrorCode::InvalidArgument, u"--platform-cert: cannot read %1"_s.arg(path));
        const QByteArray pem = f.read(1 << 20);
        auto info = crypto::readCertificate(pem);
        if (!info)
            return fail(ErrorCode::KeyInvalid, u"--platform-cert: %1 is not a certificate"_s.arg(path));
        s.platformCertificatePems.insert(info->serialHex, pem);
    }
    s.publicKeyId = a.value(u"public-key-id"_s);
    if (!a.value(u"public-key-file"_s).isEmpty()) {
        auto pub = ctl.readFileOption(u"public-key-file"_s);
        if (!pub)
            return tl::unexpected(pub.error());
        s.publicKeyPem = *pub;
    }
    return s;
}

Result<AlipaySettings> alipayFromArgs(const Ctl& ctl)
{
    const CtlArgs& a = ctl.args();
    AlipaySettings s;
    s.appId = a.value(u"app-id"_s);
    s.sellerId = a.value(u"seller-id"_s);
    s.gatewayUrl = a.value(u"gateway-url"_s, u"https://openapi.alipay.com/gateway.do"_s);
    s.notifyUrl = a.value(u"notify-url"_s);
    s.timeoutMs = a.value(u"timeout-ms"_s, u"10000"_s).toInt();
    auto key = ctl.readFileOption(u"key-file"_s);
    if (!key)
        return tl::unexpected(key.error());
    s.appPrivateKeyPem = *key;
    auto pub = ctl.readFileOption(u"alipay-public-key-file"_s);
    if (!pub)
        return tl::unexpected(pub.error());
    s.alipayPublicKeyPem = *pub;
    return s;
}

int show(Ctl& ctl, const ChannelConfigStore& store, const QList<ChannelKind>& kinds)
{
    QJsonArray all;
    QStringList text;
    for (const ChannelKind kind : kinds) {
        auto d = store.describe(kind);
        if (!d) {
            if (d.error().code == ErrorCode::NotFound && kinds.size() > 1) {
                text << u"%1: not configured"_s.arg(channelKindName(kind));
                continue;
            }
            return ctl.failed(d.error());
        }
        all.append(*d);
        text << describeText(*d);
    }
    if (kinds.size() == 1)
        return ctl.ok(all.first().toObject(), text.join(u'\n'));
    return ctl.ok({ { u"channels"_s, all } }, text.join(u'\n'));
}

} // namespace

int runChannel(Ctl& ctl)
{
    const QStringList& w = ctl.args().words;
    const QString sub = w.value(1);
    if (sub != u"set"_s && sub != u"show"_s && sub != u"use-simulator"_s)
        return ctl.usage(u"channel: set, show or use-simulator"_s);
    auto db = ctl.database();
    if (!db)
        return ctl.failed(db.error());

    if (sub == u"show"_s) {
        // describe() reads only the public columns, so showing needs no master key.
        const crypto::SecretBox noKey { crypto::SecureBytes() };
        const ChannelConfigStore store(**db, SystemClock::instance(), noKey);
        if (w.value(2).isEmpty())
            return show(ctl, store, { ChannelKind::WeChatPay, ChannelKind::Alipay });
        const auto kind = channelKindFromName(w.value(2));
        if (!kind)
            return ctl.usage(u"channel show: wechatpay or alipay"_s);
        return show(ctl, store, { *kind });
    }

    std::optional<ChannelKind> kind;
    if (sub == u"set"_s) {
        kind = channelKindFromName(w.value(2));
        if (!kind)
            return ctl.usage(u"channel set: wechatpay or alipay"_s);
    }
    auto actor = ctl.actor(**db);
    if (!actor)
        return ctl.failed(actor.error());
    auto box = openMasterKey(/*createIfMissing*/ true);
    if (!box)
        return ctl.failed(box.error());
    ChannelConfigStore store(**db, SystemClock::instance(), *box);

    if (sub == u"use-simulator"_s) {
        const QString state = ctl.args().value(u"sim-state"_s);
        const QString url = ctl.args().value(u"sim-url"_s);
        if (state.isEmpty() || url.isEmpty())
            return ctl.usage(u"channel use-simulator needs --sim-state DIR and --sim-url URL"_s);
        auto settings = simulatorSettingsFromState(state, url, ctl.args().value(u"notify-url"_s));
        if (!settings)
            return ctl.failed(settings.error());
        if (auto st = configureSimulatorChannels(store, *settings, *actor); !st)
            return ctl.failed(st.error());
        return show(ctl, store, { ChannelKind::WeChatPay, ChannelKind::Alipay });
    }

    Status saved;
    if (*kind == ChannelKind::WeChatPay) {
        auto settings = wechatFromArgs(ctl);
        if (!settings)
            return ctl.failed(settings.error());
        saved = store.saveWeChatPay(*settings, *actor);
        settings->merchantPrivateKeyPem.fill('\0');
        settings->apiV3Key.fill('\0');
    } else {
        auto settings = alipayFromArgs(ctl);
        if (!settings)
            return ctl.failed(settings.error());
        saved = store.saveAlipay(*settings, *actor);
        settings->appPrivateKeyPem.fill('\0');
    }
    if (!saved)
        return ctl.failed(saved.error());
    return show(ctl, store, { *kind });
}

} // namespace paydesk::ctl
