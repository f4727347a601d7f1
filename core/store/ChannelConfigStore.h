#pragma once

#include <QJsonObject>
#include <QString>

#include "core/crypto/SecretBox.h"
#include "core/domain/AccessControl.h"
#include "core/domain/ChannelKind.h"
#include "core/store/ChannelSettings.h"
#include "core/util/Result.h"

namespace paydesk {

class Clock;
class Database;

/// The master key that seals channel secrets: the file named by $PAYDESK_MASTER_KEY_FILE, else
/// "<user data dir>/master.key". A missing file is created (random, mode 0600) only when `createIfMissing`;
/// otherwise NotFound.
[[nodiscard]] Result<crypto::SecretBox> openMasterKey(bool createIfMissing);
/// The file openMasterKey() uses.
[[nodiscard]] QString masterKeyPath();

/// Channel configuration in `channel_configs`: ids, URLs and public keys in plain columns and the settings JSON;
/// the merchant private key and the APIv3 key only sealed (SecretBox, AES-256-GCM, the field's purpose as AAD)
/// in sealed_secrets. Saving is for admins only, validates everything first (keys parse, APIv3 key 32 bytes,
/// serials hex, URLs http(s)) and writes one "channel.configure" audit entry with the non-secret before/after
/// values and the fingerprints of replaced keys, never the secrets.
class ChannelConfigStore final
{
public:
    ChannelConfigStore(const Database& database, const Clock& clock, const crypto::SecretBox& box);

    [[nodiscard]] Status saveWeChatPay(const WeChatPaySettings& settings, const Actor& actor);
    [[nodiscard]] Status saveAlipay(const AlipaySettings& settings, const Actor& actor);

    /// NotFound when the channel is not configured; CryptoFailure when the secrets do not open with this
    /// master key (another key, or a tampered row).
    [[nodiscard]] Result<WeChatPaySettings> loadWeChatPay() const;
    [[nodiscard]] Result<AlipaySettings> loadAlipay() const;

    /// Whether the channel row exists and is enabled (NotFound when it does not exist).
    [[nodiscard]] Result<bool> isEnabled(ChannelKind kind) const;
    /// Everything about the configured channel except the secrets: ids, URLs, serials, public key id, key
    /// fingerprints (SHA-256 of the public half), "secrets": "sealed". NotFound when not configured.
    [[nodiscard]] Result<QJsonObject> describe(ChannelKind kind) const;

    /// Validation alone (what save*() checks before writing anything).
    [[nodiscard]] static Status validate(const WeChatPaySettings& settings);
    [[nodiscard]] static Status validate(const AlipaySettings& settings);

private:
    struct Row;
    [[nodiscard]] Result<Row> loadRow(ChannelKind kind) const;
    [[nodiscard]] Status saveRow(ChannelKind kind,
        const Row& row,
        const QJsonObject& auditAfter,
        const QJsonObject& secretsChanged,
        const Actor& actor);

    const Database& m_database;
    const Clock& m_clock;
    const crypto::SecretBox& m_box;
};

} // namespace paydesk
