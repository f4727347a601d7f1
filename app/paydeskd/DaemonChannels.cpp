#include "app/paydeskd/DaemonChannels.h"

#include "core/log/Log.h"
#include "core/service/ChannelRegistry.h"
#include "core/store/ChannelConfigStore.h"
#include "core/training/TrainingSetup.h"

using namespace Qt::StringLiterals;

namespace paydesk {

DaemonChannels::DaemonChannels(const Database& database, const Clock& clock, ChannelRegistry& registry)
    : m_database(database)
    , m_clock(clock)
    , m_registry(registry)
    , m_configured(registry)
{
}

DaemonChannels::~DaemonChannels()
{
    for (const ChannelKind kind : m_kinds)
        m_registry.remove(kind);
}

Status DaemonChannels::load(const QString& notifyBaseUrl)
{
    auto box = openMasterKey(false);
    if (!box)
        return tl::unexpected(box.error());
    m_box.emplace(std::move(*box));
    const ChannelConfigStore store(m_database, m_clock, *m_box);
    if (!notifyBaseUrl.isEmpty())
        return loadWithNotifyBase(notifyBaseUrl, store);
    if (auto st = m_configured.load(store, m_clock); !st)
        return st;
    m_kinds = m_configured.kinds();
    return {};
}

Status DaemonChannels::loadWithNotifyBase(const QString& notifyBaseUrl, const ChannelConfigStore& store)
{
    QString base = notifyBaseUrl;
    while (base.endsWith(u'/'))
        base.chop(1);
    for (const ChannelKind kind : { ChannelKind::WeChatPay, ChannelKind::Alipay }) {
        auto enabled = store.isEnabled(kind);
        if (!enabled && enabled.error().code == ErrorCode::NotFound)
            continue;
        if (!enabled)
            return tl::unexpected(enabled.error());
        if (!*enabled)
            continue;
        const QString notifyUrl = base + notifyPath(kind);
        Result<std::unique_ptr<Channel>> channel = fail(ErrorCode::Internal);
        if (kind == ChannelKind::WeChatPay) {
            auto settings = store.loadWeChatPay();
            if (!settings)
                return tl::unexpected(settings.error());
            settings->notifyUrl = notifyUrl;
            channel = makeWeChatPay(*settings, m_clock);
        } else {
            auto settings = store.loadAlipay();
            if (!settings)
                return tl::unexpected(settings.error());
            settings->notifyUrl = notifyUrl;
            channel = makeAlipay(*settings, m_clock);
        }
        if (!channel)
            return tl::unexpected(channel.error());
        m_own.push_back(std::move(*channel));
        m_registry.add(m_own.back());
        m_kinds.append(kind);
    }
    return {};
}

QString DaemonChannels::describe() const
{
    QStringList names;
    for (const ChannelKind kind : m_kinds)
        names.append(channelKindName(kind));
    return names.isEmpty() ? u"none"_s : names.join(u", "_s);
}

} // namespace paydesk
