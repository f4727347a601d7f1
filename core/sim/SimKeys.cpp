#include "core/sim/SimKeys.h"

#include <QDir>
#include <QFile>
#include <QSaveFile>

#include "core/crypto/Random.h"
#include "core/sim/SimContext.h"

using namespace Qt::StringLiterals;

namespace paydesk::sim {

namespace {

Result<crypto::RsaPrivateKey> loadOrGenerateKey(const QString& given, const QString& path)
{
    const QString file = given.isEmpty() ? path : given;
    if (QFile::exists(file)) {
        const auto pem = readFile(file);
        if (!pem)
            return tl::unexpected(pem.error());
        return crypto::RsaPrivateKey::fromPem(*pem);
    }
    if (!given.isEmpty())
        return fail(ErrorCode::NotFound, u"key file %1 not found"_s.arg(given));
    auto key = crypto::RsaPrivateKey::generate(2048);
    if (!key)
        return key;
    if (auto st = writeFile(path, key->toPkcs8Pem(), true); !st)
        return tl::unexpected(st.error());
    return key;
}

} // namespace

Status writeFile(const QString& path, const QByteArray& data, bool secret)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        return fail(ErrorCode::Internal, u"cannot write %1: %2"_s.arg(path, f.errorString()));
    if (secret)
        f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    f.write(data);
    if (!f.commit())
        return fail(ErrorCode::Internal, u"cannot write %1: %2"_s.arg(path, f.errorString()));
    return {};
}

Result<QByteArray> readFile(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return fail(ErrorCode::NotFound, u"cannot read %1: %2"_s.arg(path, f.errorString()));
    return f.readAll();
}

Status SimKeys::loadOrCreate(const QString& stateDir, const SimKeyFiles& files, qint64 nowSecs)
{
    const QString dir = stateDir + u"/keys"_s;
    auto certKey = loadOrGenerateKey(files.wechatPlatformKey, dir + u"/wechatpay-platform-key.pem"_s);
    if (!certKey)
        return tl::unexpected(certKey.error());
    m_wechatCertKey = *certKey;

    const QString certPath =
        files.wechatPlatformCert.isEmpty() ? dir + u"/wechatpay-platform-cert.pem"_s : files.wechatPlatformCert;
    if (!QFile::exists(certPath)) {
        if (!files.wechatPlatformCert.isEmpty())
            return fail(ErrorCode::NotFound, u"certificate %1 not found"_s.arg(certPath));
        // 40 hex digits like WeChat's serials; the leading nibble is kept non-zero so that the serial printed
        // by OpenSSL (which strips leading zeros) is the same string.
        const QString serial = u"6"_s + crypto::randomHex(39);
        auto pem = crypto::makeSelfSignedCertificate(
            m_wechatCertKey, serial, u"Tenpay.com Root CA (paydesk-sim)"_s, nowSecs - 86400, 3650);
        if (!pem)
            return tl::unexpected(pem.error());
        if (auto st = writeFile(certPath, *pem, false); !st)
            return st;
    }
    auto certPem = readFile(certPath);
    if (!certPem)
        return tl::unexpected(certPem.error());
    auto info = crypto::readCertificate(*certPem);
    if (!info)
        return tl::unexpected(info.error());
    m_wechatCertPem = *certPem;
    m_wechatCertSerial = info->serialHex;

    // The public-key mode uses a second key, so a client that verifies with the wrong one fails visibly.
    auto pubKey = loadOrGenerateKey(files.wechatPublicKeyKey, dir + u"/wechatpay-pubkey-key.pem"_s);
    if (!pubKey)
        return tl::unexpected(pubKey.error());
    m_wechatPubKey = *pubKey;
    const QString idPath = dir + u"/wechatpay-pubkey-id.txt"_s;
    if (!files.wechatPublicKeyId.isEmpty()) {
        m_wechatPubKeyId = files.wechatPublicKeyId;
    } else if (QFile::exists(idPath)) {
        m_wechatPubKeyId = QString::fromLatin1(readFile(idPath).value_or(QByteArray()).trimmed());
    } else {
        m_wechatPubKeyId = u"PUB_KEY_ID_01"_s + randomDigits(20);
        if (auto st = writeFile(idPath, m_wechatPubKeyId.toLatin1() + '\n', false); !st)
            return st;
    }
    if (!m_wechatPubKeyId.startsWith(u"PUB_KEY_ID_"_s))
        return fail(ErrorCode::InvalidArgument, u"a WeChat Pay public key id starts with PUB_KEY_ID_"_s);
    if (auto st = writeFile(dir + u"/wechatpay-pubkey.pem"_s, m_wechatPubKey.publicKeyPem(), false); !st)
        return st;

    auto alipayKey = loadOrGenerateKey(files.alipayKey, dir + u"/alipay-platform-key.pem"_s);
    if (!alipayKey)
        return tl::unexpected(alipayKey.error());
    m_alipayKey = *alipayKey;
    return writeFile(dir + u"/alipay-public-key.pem"_s, m_alipayKey.publicKeyPem(), false);
}

QString demoDir(const QString& stateDir)
{
    return stateDir + u"/demo"_s;
}

DemoWeChatMerchant demoWeChatFiles(const QString& stateDir)
{
    DemoWeChatMerchant d;
    d.privateKeyFile = demoDir(stateDir) + u"/wechatpay-apiclient_key.pem"_s;
    d.certificateFile = demoDir(stateDir) + u"/wechatpay-apiclient_cert.pem"_s;
    d.apiV3KeyFile = demoDir(stateDir) + u"/wechatpay-apiv3-key.txt"_s;
    return d;
}

DemoAlipayMerchant demoAlipayFiles(const QString& stateDir)
{
    DemoAlipayMerchant d;
    d.privateKeyFile = demoDir(stateDir) + u"/alipay-app-private-key.pem"_s;
    d.publicKeyFile = demoDir(stateDir) + u"/alipay-app-public-key.pem"_s;
    return d;
}

Result<DemoWeChatMerchant> createDemoWeChatMerchant(const QString& stateDir, qint64 nowSecs)
{
    DemoWeChatMerchant d = demoWeChatFiles(stateDir);
    auto key = crypto::RsaPrivateKey::generate(2048);
    if (!key)
        return tl::unexpected(key.error());
    const QString serial = u"4"_s + crypto::randomHex(39);
    auto cert =
        crypto::makeSelfSignedCertificate(*key, serial, u"1230000109 (paydesk-sim demo)"_s, nowSecs - 86400, 3650);
    if (!cert)
        return tl::unexpected(cert.error());
    auto info = crypto::readCertificate(*cert);
    if (!info)
        return tl::unexpected(info.error());
    d.merchant.mchid = u"1230000109"_s;
    d.merchant.appid = u"wxd678efh567hg6787"_s;
    d.merchant.apiV3Key = crypto::randomAlnum(32).toLatin1();
    d.merchant.publicKeyPem = *cert;
    d.merchant.serialNo = info->serialHex;
    for (const auto& [path, data, secret] : { std::tuple { d.privateKeyFile, key->toPkcs8Pem(), true },
             std::tuple { d.certificateFile, *cert, false },
             std::tuple { d.apiV3KeyFile, QByteArray(d.merchant.apiV3Key + '\n'), true } }) {
        if (auto st = writeFile(path, data, secret); !st)
            return tl::unexpected(st.error());
    }
    return d;
}

Result<DemoAlipayMerchant> createDemoAlipayMerchant(const QString& stateDir)
{
    DemoAlipayMerchant d = demoAlipayFiles(stateDir);
    auto key = crypto::RsaPrivateKey::generate(2048);
    if (!key)
        return tl::unexpected(key.error());
    d.merchant.appId = u"2021000100000001"_s;
    d.merchant.pid = u"2088000000000001"_s;
    d.merchant.appPublicKeyPem = key->publicKeyPem();
    if (auto st = writeFile(d.privateKeyFile, key->toPkcs8Pem(), true); !st)
        return tl::unexpected(st.error());
    if (auto st = writeFile(d.publicKeyFile, d.merchant.appPublicKeyPem, false); !st)
        return tl::unexpected(st.error());
    return d;
}

} // namespace paydesk::sim
