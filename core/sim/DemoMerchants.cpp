#include "core/sim/DemoMerchants.h"

#include <QFileInfo>

#include "core/sim/SimStore.h"

using namespace Qt::StringLiterals;

namespace paydesk::sim {

namespace {

// The meta keys SimServer records its demo merchants under; a merchant the operator added is never "demo".
const auto kDemoWeChatMchid = u"demo_wechat_mchid"_s;
const auto kDemoAlipayAppId = u"demo_alipay_app_id"_s;
const auto kStateFile = u"/paydesk-sim.sqlite"_s;

} // namespace

DemoMerchants demoMerchants(const SimStore& store, const QString& stateDir)
{
    DemoMerchants out;
    const QString mchid = store.meta(kDemoWeChatMchid);
    const QString appId = store.meta(kDemoAlipayAppId);
    if (!mchid.isEmpty()) {
        for (const QJsonObject& o : store.merchants(SimChannel::WeChat)) {
            if (o.value(u"mchid"_s).toString() != mchid)
                continue;
            DemoWeChatMerchant d = demoWeChatFiles(stateDir);
            d.merchant = WeChatMerchant::fromJson(o);
            out.wechat = d;
        }
    }
    if (!appId.isEmpty()) {
        for (const QJsonObject& o : store.merchants(SimChannel::Alipay)) {
            if (o.value(u"app_id"_s).toString() != appId)
                continue;
            DemoAlipayMerchant d = demoAlipayFiles(stateDir);
            d.merchant = AlipayMerchant::fromJson(o);
            out.alipay = d;
        }
    }
    return out;
}

Result<DemoMerchants> demoMerchantsFromState(const QString& stateDir)
{
    // Checked first: SimStore::open would otherwise create an empty state database in any directory it is given.
    const QString dbFile = stateDir + kStateFile;
    if (stateDir.isEmpty() || !QFileInfo::exists(dbFile))
        return fail(ErrorCode::NotFound, u"%1 is not a paydesk-sim state directory"_s.arg(stateDir));
    SimStore store;
    if (auto st = store.open(dbFile); !st)
        return tl::unexpected(st.error());
    return demoMerchants(store, stateDir);
}

QJsonObject demoMerchantsJson(const DemoMerchants& merchants)
{
    QJsonObject o;
    if (const auto& w = merchants.wechat) {
        o.insert(u"wechatpay_demo_merchant"_s,
            QJsonObject {
                { u"mchid"_s, w->merchant.mchid },
                { u"appid"_s, w->merchant.appid },
                { u"merchant_certificate_serial"_s, w->merchant.serialNo },
                { u"private_key_file"_s, w->privateKeyFile },
                { u"certificate_file"_s, w->certificateFile },
                { u"apiv3_key_file"_s, w->apiV3KeyFile },
            });
    }
    if (const auto& a = merchants.alipay) {
        o.insert(u"alipay_demo_merchant"_s,
            QJsonObject {
                { u"app_id"_s, a->merchant.appId },
                { u"pid"_s, a->merchant.pid },
                { u"private_key_file"_s, a->privateKeyFile },
                { u"public_key_file"_s, a->publicKeyFile },
            });
    }
    return o;
}

} // namespace paydesk::sim
