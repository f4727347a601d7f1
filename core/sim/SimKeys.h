#pragma once

#include <QString>

#include "core/crypto/Rsa.h"
#include "core/sim/SimTypes.h"
#include "core/util/Result.h"

namespace paydesk::sim {

/// PEM files an operator may hand in instead of letting the simulator generate its channel keys.
struct SimKeyFiles
{
    QString wechatPlatformKey; ///< private key of the platform certificate
    QString wechatPlatformCert; ///< its certificate (the serial is read from it)
    QString wechatPublicKeyKey; ///< private key behind the "WeChat Pay public key"
    QString wechatPublicKeyId; ///< PUB_KEY_ID_... of that key
    QString alipayKey; ///< Alipay platform private key
};

/// The channels' own keys: what WeChat Pay and Alipay sign with. Generated into `<state>/keys/` on first start
/// (WeChat platform key + self-signed certificate with a hex serial, a second key for the "WeChat Pay public key"
/// mode with its PUB_KEY_ID_01..., the Alipay platform key), or read from the files given.
class SimKeys final
{
public:
    [[nodiscard]] Status loadOrCreate(const QString& stateDir, const SimKeyFiles& files, qint64 nowSecs);

    [[nodiscard]] const crypto::RsaPrivateKey& wechatCertKey() const { return m_wechatCertKey; }
    [[nodiscard]] QString wechatCertSerial() const { return m_wechatCertSerial; }
    [[nodiscard]] QByteArray wechatCertPem() const { return m_wechatCertPem; }
    [[nodiscard]] const crypto::RsaPrivateKey& wechatPublicKeyKey() const { return m_wechatPubKey; }
    [[nodiscard]] QString wechatPublicKeyId() const { return m_wechatPubKeyId; }
    [[nodiscard]] QByteArray wechatPublicKeyPem() const { return m_wechatPubKey.publicKeyPem(); }
    [[nodiscard]] const crypto::RsaPrivateKey& alipayKey() const { return m_alipayKey; }
    [[nodiscard]] QByteArray alipayPublicKeyPem() const { return m_alipayKey.publicKeyPem(); }

private:
    crypto::RsaPrivateKey m_wechatCertKey;
    QString m_wechatCertSerial;
    QByteArray m_wechatCertPem;
    crypto::RsaPrivateKey m_wechatPubKey;
    QString m_wechatPubKeyId;
    crypto::RsaPrivateKey m_alipayKey;
};

/// A demo merchant whose keys the simulator generated, written to `<state>/demo/` so that training mode works
/// with no merchant account anywhere.
struct DemoWeChatMerchant
{
    WeChatMerchant merchant;
    QString privateKeyFile; ///< apiclient_key.pem (PKCS#8)
    QString certificateFile; ///< apiclient_cert.pem
    QString apiV3KeyFile;
};
struct DemoAlipayMerchant
{
    AlipayMerchant merchant;
    QString privateKeyFile; ///< app private key (PKCS#8)
    QString publicKeyFile;
};

[[nodiscard]] QString demoDir(const QString& stateDir);
/// Generates a demo WeChat merchant (mchid 1230000109) and writes its key files.
[[nodiscard]] Result<DemoWeChatMerchant> createDemoWeChatMerchant(const QString& stateDir, qint64 nowSecs);
[[nodiscard]] Result<DemoAlipayMerchant> createDemoAlipayMerchant(const QString& stateDir);
/// The demo merchants' file locations (they exist only when the simulator created them).
[[nodiscard]] DemoWeChatMerchant demoWeChatFiles(const QString& stateDir);
[[nodiscard]] DemoAlipayMerchant demoAlipayFiles(const QString& stateDir);

/// Writes a file, private (0600) when `secret`.
[[nodiscard]] Status writeFile(const QString& path, const QByteArray& data, bool secret);
[[nodiscard]] Result<QByteArray> readFile(const QString& path);

} // namespace paydesk::sim
