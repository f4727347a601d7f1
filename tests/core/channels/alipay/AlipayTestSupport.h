#pragma once

// Shared by the tests/core/alipay tests (header-only: the test convention builds each tst_*.cpp on its own).

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include "core/channels/alipay/AlipayBill.h"
#include "core/channels/alipay/GbkCodec.h"
#include "core/crypto/Rsa.h"
#include "core/util/Clock.h"
#include "tests/support/TestSupport.h"

namespace paydesk::test::alipay {

using namespace Qt::StringLiterals;

class FixedClock final : public Clock
{
public:
    explicit FixedClock(QDateTime now)
        : m_now(std::move(now))
    {
    }
    [[nodiscard]] QDateTime nowUtc() const override { return m_now; }
    void set(QDateTime now) { m_now = std::move(now); }

private:
    QDateTime m_now;
};

inline QJsonObject readJson(const QString& relative)
{
    return QJsonDocument::fromJson(readData(relative)).object();
}

inline crypto::RsaPrivateKey appPrivateKey()
{
    auto k = crypto::RsaPrivateKey::fromPem(readData(u"vectors/alipay/keys/java-prodcert-app-private-key.pem"_s));
    if (!k)
        qFatal("app key: %s", qPrintable(k.error().detail));
    return *k;
}

inline crypto::RsaPublicKey publicKeyFile(const QString& name)
{
    auto k = crypto::RsaPublicKey::fromPem(readData(u"vectors/alipay/keys/"_s + name));
    if (!k)
        qFatal("public key %s: %s", qPrintable(name), qPrintable(k.error().detail));
    return *k;
}

inline crypto::RsaPublicKey publicOf(const crypto::RsaPrivateKey& key)
{
    return *crypto::RsaPublicKey::fromPem(key.publicKeyPem());
}

/// One generated key per process: 2048-bit generation is slow enough to share.
inline const crypto::RsaPrivateKey& generatedKey(int which)
{
    static const crypto::RsaPrivateKey a = *crypto::RsaPrivateKey::generate();
    static const crypto::RsaPrivateKey b = *crypto::RsaPrivateKey::generate();
    return which == 0 ? a : b;
}

inline const QString kDetailName = u"20880211096256330156_20190916_业务明细.csv"_s;
inline const QString kSummaryName = u"20880211096256330156_20190916_业务明细(汇总).csv"_s;

/// The sample bill as Alipay ships it: GBK CSVs in a zip whose entry names are GBK without the UTF-8 flag.
inline QByteArray billZip(const QString& csvUtf8)
{
    const QByteArray detail = *paydesk::alipay::encodeGbk(csvUtf8);
    const QByteArray summary = *paydesk::alipay::encodeGbk(
        u"#支付宝业务汇总查询\n门店编号,门店名称,交易订单总笔数\n合计,,6\n#导出时间：[2019年09月17日 05:46:49]\n"_s);
    auto zip = paydesk::alipay::writeBillZip({ { kSummaryName, summary }, { kDetailName, detail } });
    if (!zip)
        qFatal("zip: %s", qPrintable(zip.error().detail));
    return *zip;
}

inline QString sampleCsv()
{
    return QString::fromUtf8(readData(u"vectors/alipay/bill-trade-detail-sample.utf8.csv"_s));
}

} // namespace paydesk::test::alipay
