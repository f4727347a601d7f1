#include "core/store/ChannelConfigStore.h"

#include <QDir>
#include <QFileInfo>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QUrl>

#include "core/crypto/Hash.h"
#include "core/crypto/Rsa.h"
#include "core/store/AuditLog.h"
#include "core/store/Database.h"
#include "core/store/Sql.h"
#include "core/store/Writes.h"
#include "core/util/Clock.h"

using namespace Qt::StringLiterals;

namespace paydesk {

namespace {

// The purposes are the AAD of each sealed value: a value cannot be moved to another field or channel.
constexpr QByteArrayView kWeChatMerchantKey = "channel:wechatpay:merchant_key";
constexpr QByteArrayView kWeChatApiV3Key = "channel:wechatpay:apiv3_key";
constexpr QByteArrayView kAlipayAppKey = "channel:alipay:app_private_key";

QString fingerprint(const QByteArray& publicKeyPem)
{
    return u"SHA256:"_s + QString::fromLatin1(crypto::sha256(publicKeyPem).toHex());
}

Status checkUrl(const QString& url, const QString& what, bool httpsOnly, bool allowEmpty)
{
    if (url.isEmpty())
        return allowEmpty ? Status() : fail(ErrorCode::InvalidArgument, u"%1 is required"_s.arg(what));
    const QUrl u(url, QUrl::StrictMode);
    // Plain http to this machine is the one exception (training mode and tests: a local paydeskd has no
    // certificate); paydesk-sim accepts it on the same terms, a real channel never reaches such a URL.
    const QHostAddress host(u.host());
    const bool loopback = u.host() == u"localhost"_s || (!host.isNull() && host.isLoopback());
    const bool schemeOk = u.scheme() == u"https"_s || ((!httpsOnly || loopback) && u.scheme() == u"http"_s);
    if (!u.isValid() || !schemeOk || u.host().isEmpty() || !u.userInfo().isEmpty() || u.hasFragment()
        || (httpsOnly && u.hasQuery()))
        return fail(ErrorCode::InvalidArgument,
            u"%1 must be an %2 URL"_s.arg(what, httpsOnly ? u"https URL without a query"_s : u"http(s)"_s));
    return {};
}

Status checkTimeout(int ms)
{
    if (ms < 1000 || ms > 120000)
        return fail(ErrorCode::InvalidArgument, u"timeout must be 1000-120000 ms"_s);
    return {};
}

Status checkId(const QString& value, const QString& what, const QRegularExpression& pattern)
{
    if (!pattern.match(value).hasMatch())
        return fail(ErrorCode::InvalidArgument, u"%1 is missing or malformed"_s.arg(what));
    return {};
}

QJsonObject parseObject(const QString& text)
{
    return QJsonDocument::fromJson(text.toUtf8()).object();
}

QString compact(const QJsonObject& o)
{
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

/// The non-secret view of a row (audit before/after and describe()).
QJsonObject publicView(ChannelKind kind, const QJsonObject& columns, const QJsonObject& settings)
{
    QJsonObject o = columns;
    if (kind == ChannelKind::WeChatPay) {
        QJsonArray serials;
        const QJsonObject certs = settings.value(u"platform_certificates"_s).toObject();
        for (auto it = certs.begin(); it != certs.end(); ++it)
            serials.append(it.key());
        o.insert(u"merchant_serial"_s, settings.value(u"merchant_serial"_s));
        o.insert(u"platform_certificates"_s, serials);
        o.insert(u"public_key_id"_s, settings.value(u"public_key_id"_s));
        const QString pub = settings.value(u"public_key_pem"_s).toString();
        o.insert(u"public_key_fingerprint"_s, pub.isEmpty() ? QString() : fingerprint(pub.toLatin1()));
        o.insert(u"merchant_key_fingerprint"_s, settings.value(u"merchant_key_fingerprint"_s));
    } else {
        const QString pub = settings.value(u"alipay_public_key_pem"_s).toString();
        o.insert(u"alipay_public_key_fingerprint"_s, pub.isEmpty() ? QString() : fingerprint(pub.toLatin1()));
        o.insert(u"app_key_fingerprint"_s, settings.value(u"app_key_fingerprint"_s));
    }
    o.insert(u"timeout_ms"_s, settings.value(u"timeout_ms"_s));
    return o;
}

} // namespace

QString masterKeyPath()
{
    const QString env = qEnvironmentVariable("PAYDESK_MASTER_KEY_FILE");
    if (!env.isEmpty())
        return env;
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation)).filePath(u"master.key"_s);
}

Result<crypto::SecretBox> openMasterKey(bool createIfMissing)
{
    const QString path = masterKeyPath();
    const QFileInfo info(path);
    if (!info.exists()) {
        if (!createIfMissing)
            return fail(ErrorCode::NotFound, u"no master key at %1 (set PAYDESK_MASTER_KEY_FILE)"_s.arg(path));
        if (!QDir().mkpath(info.absolutePath()))
            return fail(ErrorCode::Internal, u"cannot create %1"_s.arg(info.absolutePath()));
        return crypto::SecretBox::createKeyFile(path);
    }
    // A key anybody on the machine can read protects nothing.
    if (info.permissions() & (QFileDevice::ReadOther | QFileDevice::WriteOther))
        return fail(ErrorCode::KeyInvalid, u"master key file %1 is accessible by other users (chmod 600)"_s.arg(path));
    return crypto::SecretBox::fromKeyFile(path);
}

struct ChannelConfigStore::Row
{
    bool exists = false;
    bool enabled = true;
    QString merchantId;
    QString appId;
    QString baseUrl;
    QString notifyUrl;
    QJsonObject settings;
    QJsonObject sealed;
    qint64 updatedAt = 0;
    QString updatedBy;

    [[nodiscard]] QJsonObject columns() const
    {
        return { { u"enabled"_s, enabled },
            { u"merchant_id"_s, merchantId },
            { u"app_id"_s, appId },
            { u"base_url"_s, baseUrl },
            { u"notify_url"_s, notifyUrl } };
    }
};

ChannelConfigStore::ChannelConfigStore(const Database& database, const Clock& clock, const crypto::SecretBox& box)
    : m_database(database)
    , m_clock(clock)
    , m_box(box)
{
}

Status ChannelConfigStore::validate(const WeChatPaySettings& s)
{
    static const QRegularExpression kMchid(u"^[0-9]{1,32}$"_s);
    static const QRegularExpression kAppid(u"^[0-9A-Za-z_]{1,32}$"_s);
    static const QRegularExpression kSerial(u"^[0-9A-Fa-f]{1,64}$"_s);
    if (auto st = checkId(s.mchid, u"mchid"_s, kMchid); !st)
        return st;
    if (auto st = checkId(s.appid, u"appid"_s, kAppid); !st)
        return st;
    if (auto st = checkId(s.merchantSerial, u"merchant certificate serial (hex)"_s, kSerial); !st)
        return st;
    if (auto st = checkUrl(s.baseUrl, u"base URL"_s, false, false); !st)
        return st;
    // WeChat Pay refuses a notify_url that is not https or carries a query; catch it here, not at the first charge.
    if (auto st = checkUrl(s.notifyUrl, u"notify URL"_s, true, false); !st)
        return st;
    if (auto st = checkTimeout(s.timeoutMs); !st)
        return st;
    if (auto key = crypto::RsaPrivateKey::fromPem(s.merchantPrivateKeyPem); !key)
        return fail(ErrorCode::KeyInvalid, u"merchant private key does not parse"_s);
    if (s.apiV3Key.size() != 32)
        return fail(ErrorCode::KeyInvalid, u"the APIv3 key must be exactly 32 bytes (got %1)"_s.arg(s.apiV3Key.size()));
    for (auto it = s.platformCertificatePems.begin(); it != s.platformCertificatePems.end(); ++it) {
        auto info = crypto::readCertificate(it.value());
        if (!info)
            return fail(ErrorCode::KeyInvalid, u"platform certificate %1 does not parse"_s.arg(it.key()));
        if (info->serialHex.compare(it.key(), Qt::CaseInsensitive) != 0)
            return fail(ErrorCode::InvalidArgument,
                u"platform certificate serial %1 does not match the certificate (%2)"_s.arg(it.key(), info->serialHex));
    }
    if (s.publicKeyId.isEmpty() != s.publicKeyPem.isEmpty())
        return fail(ErrorCode::InvalidArgument, u"the WeChat Pay public key needs both its id and its PEM"_s);
    if (!s.publicKeyId.isEmpty()) {
        static const QRegularExpression kPubId(u"^PUB_KEY_ID_[0-9A-Za-z]{1,64}$"_s);
        if (auto st = checkId(s.publicKeyId, u"public key id (PUB_KEY_ID_...)"_s, kPubId); !st)
            return st;
        if (auto key = crypto::RsaPublicKey::fromPem(s.publicKeyPem); !key)
            return fail(ErrorCode::KeyInvalid, u"WeChat Pay public key does not parse"_s);
    }
    if (s.platformCertificatePems.isEmpty() && s.publicKeyId.isEmpty())
        return fail(ErrorCode::InvalidArgument,
            u"a platform certificate or the WeChat Pay public key is needed to verify responses"_s);
    return {};
}

Status ChannelConfigStore::validate(const AlipaySettings& s)
{
    static const QRegularExpression kAppId(u"^[0-9]{1,32}$"_s);
    static const QRegularExpression kSeller(u"^(2088[0-9]{12})?$"_s);
    if (auto st = checkId(s.appId, u"app_id"_s, kAppId); !st)
        return st;
    if (auto st = checkId(s.sellerId, u"seller_id (2088 + 12 digits)"_s, kSeller); !st)
        return st;
    if (auto st = checkUrl(s.gatewayUrl, u"gateway URL"_s, false, false); !st)
        return st;
    if (auto st = checkUrl(s.notifyUrl, u"notify URL"_s, false, true); !st)
        return st;
    if (auto st = checkTimeout(s.timeoutMs); !st)
        return st;
    if (auto key = crypto::RsaPrivateKey::fromPem(s.appPrivateKeyPem); !key)
        return fail(ErrorCode::KeyInvalid, u"app private key does not parse"_s);
    if (auto key = crypto::RsaPublicKey::fromPem(s.alipayPublicKeyPem); !key)
        return fail(ErrorCode::KeyInvalid, u"Alipay public key does not parse"_s);
    return {};
}

Status ChannelConfigStore::saveWeChatPay(const WeChatPaySettings& s, const Actor& actor)
{
    if (auto st = AccessControl::check(actor, Action::Configure); !st)
        return st;
    if (auto st = validate(s); !st)
        return st;
    const QByteArray publicHalf = crypto::RsaPrivateKey::fromPem(s.merchantPrivateKeyPem)->publicKeyPem();
    auto sealedKey = m_box.seal(s.merchantPrivateKeyPem, kWeChatMerchantKey.toByteArray());
    auto sealedApiV3 = m_box.seal(s.apiV3Key, kWeChatApiV3Key.toByteArray());
    if (!sealedKey || !sealedApiV3)
        return fail(ErrorCode::CryptoFailure, u"cannot seal the WeChat Pay secrets"_s);

    Row row;
    row.merchantId = s.mchid;
    row.appId = s.appid;
    row.baseUrl = s.baseUrl;
    row.notifyUrl = s.notifyUrl;
    QJsonObject certs;
    for (auto it = s.platformCertificatePems.begin(); it != s.platformCertificatePems.end(); ++it)
        certs.insert(it.key().toUpper(), QString::fromLatin1(it.value()));
    row.settings = { { u"merchant_serial"_s, s.merchantSerial.toUpper() },
        { u"platform_certificates"_s, certs },
        { u"public_key_id"_s, s.publicKeyId },
        { u"public_key_pem"_s, QString::fromLatin1(s.publicKeyPem) },
        { u"merchant_key_fingerprint"_s, fingerprint(publicHalf) },
        { u"timeout_ms"_s, s.timeoutMs } };
    row.sealed = { { u"merchant_key"_s, *sealedKey }, { u"apiv3_key"_s, *sealedApiV3 } };

    // What changed among the secrets, said without them: the merchant key by the fingerprint of its public half.
    QString keyNote = u"set (%1)"_s.arg(fingerprint(publicHalf));
    QString apiV3Note = u"set"_s;
    if (auto old = loadRow(ChannelKind::WeChatPay); old && old->exists) {
        keyNote = old->settings.value(u"merchant_key_fingerprint"_s).toString() == fingerprint(publicHalf)
            ? u"unchanged"_s
            : u"replaced (%1)"_s.arg(fingerprint(publicHalf));
        auto oldApiV3 = m_box.open(old->sealed.value(u"apiv3_key"_s).toString(), kWeChatApiV3Key.toByteArray());
        apiV3Note =
            oldApiV3 && crypto::constantTimeEquals(oldApiV3->bytes(), s.apiV3Key) ? u"unchanged"_s : u"replaced"_s;
    }
    return saveRow(ChannelKind::WeChatPay,
        row,
        publicView(ChannelKind::WeChatPay, row.columns(), row.settings),
        { { u"merchant_key"_s, keyNote }, { u"apiv3_key"_s, apiV3Note } },
        actor);
}

Status ChannelConfigStore::saveAlipay(const AlipaySettings& s, const Actor& actor)
{
    if (auto st = AccessControl::check(actor, Action::Configure); !st)
        return st;
    if (auto st = validate(s); !st)
        return st;
    const QByteArray publicHalf = crypto::RsaPrivateKey::fromPem(s.appPrivateKeyPem)->publicKeyPem();
    auto sealedKey = m_box.seal(s.appPrivateKeyPem, kAlipayAppKey.toByteArray());
    if (!sealedKey)
        return fail(ErrorCode::CryptoFailure, u"cannot seal the Alipay app key"_s);

    Row row;
    row.merchantId = s.sellerId;
    row.appId = s.appId;
    row.baseUrl = s.gatewayUrl;
    row.notifyUrl = s.notifyUrl;
    row.settings = { { u"alipay_public_key_pem"_s, QString::fromLatin1(s.alipayPublicKeyPem) },
        { u"app_key_fingerprint"_s, fingerprint(publicHalf) },
        { u"timeout_ms"_s, s.timeoutMs } };
    row.sealed = { { u"app_private_key"_s, *sealedKey } };

    QString keyNote = u"set (%1)"_s.arg(fingerprint(publicHalf));
    if (auto old = loadRow(ChannelKind::Alipay); old && old->exists)
        keyNote = old->settings.value(u"app_key_fingerprint"_s).toString() == fingerprint(publicHalf)
            ? u"unchanged"_s
            : u"replaced (%1)"_s.arg(fingerprint(publicHalf));
    return saveRow(ChannelKind::Alipay,
        row,
        publicView(ChannelKind::Alipay, row.columns(), row.settings),
        { { u"app_private_key"_s, keyNote } },
        actor);
}

Status ChannelConfigStore::saveRow(ChannelKind kind,
    const Row& row,
    const QJsonObject& auditAfter,
    const QJsonObject& secretsChanged,
    const Actor& actor)
{
    const QString name = channelKindName(kind);
    return store::inTransaction(m_database, [&](const QSqlDatabase& db) -> Status {
        const qint64 now = m_clock.nowMSecs();
        auto existing = sql::exec(db,
            u"SELECT enabled, merchant_id, app_id, base_url, notify_url, settings "
            u"FROM channel_configs WHERE channel = :channel"_s
                + m_database.dialect().forUpdate(),
            { { u":channel"_s, name } });
        if (!existing)
            return tl::unexpected(existing.error());
        QJsonValue before = QJsonValue::Null;
        if (existing->next()) {
            const QJsonObject columns { { u"enabled"_s, existing->value(0).toInt() != 0 },
                { u"merchant_id"_s, existing->value(1).toString() },
                { u"app_id"_s, existing->value(2).toString() },
                { u"base_url"_s, existing->value(3).toString() },
                { u"notify_url"_s, existing->value(4).toString() } };
            before = publicView(kind, columns, parseObject(existing->value(5).toString()));
        }
        const QString statement = before.isNull()
            ? u"INSERT INTO channel_configs (channel, enabled, merchant_id, app_id, base_url, notify_url, settings, "
              u"sealed_secrets, updated_at, updated_by) VALUES (:channel, :enabled, :merchant, :app, :base, :notify, "
              u":settings, :sealed, :now, :actor)"_s
            : u"UPDATE channel_configs SET enabled = :enabled, merchant_id = :merchant, app_id = :app, "
              u"base_url = :base, notify_url = :notify, settings = :settings, sealed_secrets = :sealed, "
              u"updated_at = :now, updated_by = :actor WHERE channel = :channel"_s;
        auto written = sql::exec(db,
            statement,
            { { u":channel"_s, name },
                { u":enabled"_s, row.enabled ? 1 : 0 },
                { u":merchant"_s, row.merchantId },
                { u":app"_s, row.appId },
                { u":base"_s, row.baseUrl },
                { u":notify"_s, row.notifyUrl },
                { u":settings"_s, compact(row.settings) },
                { u":sealed"_s, compact(row.sealed) },
                { u":now"_s, now },
                { u":actor"_s, actor.username } });
        if (!written)
            return tl::unexpected(written.error());
        const QJsonObject detail {
            { u"before"_s, before }, { u"after"_s, auditAfter }, { u"secrets"_s, secretsChanged }
        };
        auto entry = AuditLog::append(
            db, m_database.dialect(), actor.username, u"channel.configure"_s, u"channel"_s, name, detail, now);
        if (!entry)
            return tl::unexpected(entry.error());
        return {};
    });
}

Result<ChannelConfigStore::Row> ChannelConfigStore::loadRow(ChannelKind kind) const
{
    auto db = m_database.connection();
    if (!db)
        return tl::unexpected(db.error());
    auto q = sql::exec(*db,
        u"SELECT enabled, merchant_id, app_id, base_url, notify_url, settings, sealed_secrets, "
        u"updated_at, updated_by FROM channel_configs WHERE channel = :channel"_s,
        { { u":channel"_s, channelKindName(kind) } });
    if (!q)
        return tl::unexpected(q.error());
    Row row;
    if (!q->next())
        return row;
    row.exists = true;
    row.enabled = q->value(0).toInt() != 0;
    row.merchantId = q->value(1).toString();
    row.appId = q->value(2).toString();
    row.baseUrl = q->value(3).toString();
    row.notifyUrl = q->value(4).toString();
    row.settings = parseObject(q->value(5).toString());
    row.sealed = parseObject(q->value(6).toString());
    row.updatedAt = q->value(7).toLongLong();
    row.updatedBy = q->value(8).toString();
    return row;
}

Result<WeChatPaySettings> ChannelConfigStore::loadWeChatPay() const
{
    auto row = loadRow(ChannelKind::WeChatPay);
    if (!row)
        return tl::unexpected(row.error());
    if (!row->exists)
        return fail(ErrorCode::NotFound, u"wechatpay is not configured"_s);
    auto key = m_box.open(row->sealed.value(u"merchant_key"_s).toString(), kWeChatMerchantKey.toByteArray());
    auto apiV3 = m_box.open(row->sealed.value(u"apiv3_key"_s).toString(), kWeChatApiV3Key.toByteArray());
    if (!key || !apiV3)
        return fail(ErrorCode::CryptoFailure, u"wechatpay secrets do not open with this master key"_s);
    WeChatPaySettings s;
    s.mchid = row->merchantId;
    s.appid = row->appId;
    s.baseUrl = row->baseUrl;
    s.notifyUrl = row->notifyUrl;
    s.merchantSerial = row->settings.value(u"merchant_serial"_s).toString();
    s.merchantPrivateKeyPem = key->bytes();
    s.apiV3Key = apiV3->bytes();
    const QJsonObject certs = row->settings.value(u"platform_certificates"_s).toObject();
    for (auto it = certs.begin(); it != certs.end(); ++it)
        s.platformCertificatePems.insert(it.key(), it.value().toString().toLatin1());
    s.publicKeyId = row->settings.value(u"public_key_id"_s).toString();
    s.publicKeyPem = row->settings.value(u"public_key_pem"_s).toString().toLatin1();
    s.timeoutMs = row->settings.value(u"timeout_ms"_s).toInt(10000);
    return s;
}

Result<AlipaySettings> ChannelConfigStore::loadAlipay() const
{
    auto row = loadRow(ChannelKind::Alipay);
    if (!row)
        return tl::unexpected(row.error());
    if (!row->exists)
        return fail(ErrorCode::NotFound, u"alipay is not configured"_s);
    auto key = m_box.open(row->sealed.value(u"app_private_key"_s).toString(), kAlipayAppKey.toByteArray());
    if (!key)
        return fail(ErrorCode::CryptoFailure, u"alipay secrets do not open with this master key"_s);
    AlipaySettings s;
    s.appId = row->appId;
    s.sellerId = row->merchantId;
    s.gatewayUrl = row->baseUrl;
    s.notifyUrl = row->notifyUrl;
    s.appPrivateKeyPem = key->bytes();
    s.alipayPublicKeyPem = row->settings.value(u"alipay_public_key_pem"_s).toString().toLatin1();
    s.timeoutMs = row->settings.value(u"timeout_ms"_s).toInt(10000);
    return s;
}

Result<bool> ChannelConfigStore::isEnabled(ChannelKind kind) const
{
    auto row = loadRow(kind);
    if (!row)
        return tl::unexpected(row.error());
    if (!row->exists)
        return fail(ErrorCode::NotFound, u"%1 is not configured"_s.arg(channelKindName(kind)));
    return row->enabled;
}

Result<QJsonObject> ChannelConfigStore::describe(ChannelKind kind) const
{
    auto row = loadRow(kind);
    if (!row)
        return tl::unexpected(row.error());
    if (!row->exists)
        return fail(ErrorCode::NotFound, u"%1 is not configured"_s.arg(channelKindName(kind)));
    QJsonObject o = publicView(kind, row->columns(), row->settings);
    o.insert(u"channel"_s, channelKindName(kind));
    o.insert(u"secrets"_s, u"sealed"_s);
    o.insert(u"updated_at"_s, row->updatedAt);
    o.insert(u"updated_by"_s, row->updatedBy);
    return o;
}

} // namespace paydesk
