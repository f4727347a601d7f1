#include "core/service/ChannelFactory.h"

#include <algorithm>

#include <QUrl>

#include "core/channels/alipay/AlipayChannel.h"
#include "core/channels/wechatpay/WeChatPayChannel.h"
#include "core/crypto/Rsa.h"
#include "core/service/ChannelRegistry.h"
#include "core/store/ChannelConfigStore.h"
#include "core/util/Clock.h"

using namespace Qt::StringLiterals;

namespace paydesk {

Result<std::unique_ptr<Channel>> makeWeChatPay(const WeChatPaySettings& settings, const Clock& clock)
{
    if (auto st = ChannelConfigStore::validate(settings); !st)
        return tl::unexpected(st.error());
    wechatpay::WeChatPayConfig c;
    c.mchid = settings.mchid;
    c.appid = settings.appid;
    c.merchantCertSerial = settings.merchantSerial.toUpper();
    auto key = crypto::RsaPrivateKey::fromPem(settings.merchantPrivateKeyPem);
    if (!key)
        return fail(ErrorCode::KeyInvalid, u"wechatpay: merchant private key does not parse"_s);
    c.merchantKey = *key;
    c.apiV3Key = crypto::SecureBytes(settings.apiV3Key);
    for (auto it = settings.platformCertificatePems.begin(); it != settings.platformCertificatePems.end(); ++it) {
        auto info = crypto::readCertificate(it.value());
        if (!info)
            return fail(ErrorCode::KeyInvalid, u"wechatpay: platform certificate %1 does not parse"_s.arg(it.key()));
        auto pub = crypto::RsaPublicKey::fromPem(info->publicKeyPem);
        if (!pub)
            return fail(ErrorCode::KeyInvalid, u"wechatpay: platform certificate %1 has no usable key"_s.arg(it.key()));
        c.platform.certificates.insert(info->serialHex.toUpper(), *pub);
    }
    if (!settings.publicKeyId.isEmpty()) {
        auto pub = crypto::RsaPublicKey::fromPem(settings.publicKeyPem);
        if (!pub)
            return fail(ErrorCode::KeyInvalid, u"wechatpay: public key does not parse"_s);
        c.platform.publicKeyId = settings.publicKeyId;
        c.platform.publicKey = *pub;
    }
    c.baseUrl = settings.baseUrl;
    c.defaultNotifyUrl = settings.notifyUrl;
    c.timeoutMs = settings.timeoutMs;
    c.clock = &clock;
    return std::unique_ptr<Channel>(std::make_unique<wechatpay::WeChatPayChannel>(std::move(c)));
}

Result<std::unique_ptr<Channel>> makeAlipay(const AlipaySettings& settings, const Clock& clock)
{
    if (auto st = ChannelConfigStore::validate(settings); !st)
        return tl::unexpected(st.error());
    alipay::AlipayConfig c;
    c.appId = settings.appId;
    c.sellerId = settings.sellerId;
    auto key = crypto::RsaPrivateKey::fromPem(settings.appPrivateKeyPem);
    auto pub = crypto::RsaPublicKey::fromPem(settings.alipayPublicKeyPem);
    if (!key || !pub)
        return fail(ErrorCode::KeyInvalid, u"alipay: a key does not parse"_s);
    c.appPrivateKey = *key;
    c.alipayPublicKey = *pub;
    c.gatewayUrl = QUrl(settings.gatewayUrl);
    c.notifyUrl = settings.notifyUrl;
    c.timeoutMs = settings.timeoutMs;
    c.clock = &clock;
    auto channel = alipay::AlipayChannel::create(std::move(c));
    if (!channel)
        return tl::unexpected(channel.error());
    return std::unique_ptr<Channel>(std::move(*channel));
}

ConfiguredChannels::ConfiguredChannels(ChannelRegistry& registry)
    : m_registry(registry)
{
}

ConfiguredChannels::~ConfiguredChannels()
{
    clear();
}

void ConfiguredChannels::clear()
{
    for (const auto& c : m_channels)
        m_registry.remove(c->kind());
    m_channels.clear();
}

Status ConfiguredChannels::load(const ChannelConfigStore& store, const Clock& clock)
{
    // Build everything first, then swap into the registry, so a failed reload never leaves a half-built channel.
    std::vector<std::shared_ptr<Channel>> loaded;
    Status result;
    for (const ChannelKind kind : { ChannelKind::WeChatPay, ChannelKind::Alipay }) {
        auto enabled = store.isEnabled(kind);
        if (!enabled) {
            if (enabled.error().code != ErrorCode::NotFound && result)
                result = tl::unexpected(enabled.error());
            continue;
        }
        if (!*enabled)
            continue;
        Result<std::unique_ptr<Channel>> channel = fail(ErrorCode::Internal);
        if (kind == ChannelKind::WeChatPay) {
            auto settings = store.loadWeChatPay();
            channel = settings ? makeWeChatPay(*settings, clock) : tl::unexpected(settings.error());
        } else {
            auto settings = store.loadAlipay();
            channel = settings ? makeAlipay(*settings, clock) : tl::unexpected(settings.error());
        }
        if (!channel) {
            if (result)
                result = tl::unexpected(channel.error());
            continue;
        }
        loaded.push_back(std::move(*channel));
    }
    // A kind loaded again is replaced in one step, so no call finds it missing in between; only a kind no longer
    // loaded is removed. Calls still running on a replaced channel keep it alive until they return.
    for (const auto& c : loaded)
        m_registry.add(c);
    for (const auto& old : m_channels) {
        const ChannelKind kind = old->kind();
        if (std::none_of(loaded.begin(), loaded.end(), [kind](const auto& c) {
                return c->kind() == kind;
            }))
            m_registry.remove(kind);
    }
    m_channels = std::move(loaded);
    return result;
}

QList<ChannelKind> ConfiguredChannels::kinds() const
{
    QList<ChannelKind> out;
    for (const auto& c : m_channels)
        out.append(c->kind());
    return out;
}

std::shared_ptr<Channel> ConfiguredChannels::channel(ChannelKind kind) const
{
    for (const auto& c : m_channels) {
        if (c->kind() == kind)
            return c;
    }
    return nullptr;
}

} // namespace paydesk
