#pragma once

#include <memory>

#include <QObject>
#include <QString>

#include "core/util/Result.h"

class QSettings;

namespace paydesk::crypto {
class SecretBox;
}

namespace paydesk::ui {

/// The console's own preferences, typed, over QSettings (organisation and application "paydesk"). Secrets never
/// go here in clear: a database password is sealed with the master key before it is written.
class ConsoleSettings final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConsoleSettings)
public:
    enum class Mode
    {
        Training,
        Standalone,
        Shared
    };
    Q_ENUM(Mode)
    enum class Key
    {
        Mode,
        DatabaseUrl,
        Language,
        MerchantName,
        NotifyListen,
        FirstRunDone,
    };
    Q_ENUM(Key)

    /// The user's settings (QSettings native format, organisation and application "paydesk").
    explicit ConsoleSettings(QObject* parent = nullptr);
    /// An INI file of one's own (tests, or a portable installation).
    explicit ConsoleSettings(const QString& iniFile, QObject* parent = nullptr);
    ~ConsoleSettings() override;

    [[nodiscard]] Mode mode() const;
    void setMode(Mode mode);

    /// Stores the database URL; empty means the default SQLite file. A password in the URL is sealed with `box`
    /// (AES-256-GCM under the master key) and only the URL without it is stored in clear.
    [[nodiscard]] Status setDatabaseUrl(const QString& url, const crypto::SecretBox& box);
    /// The stored URL with its password opened again; empty = the default SQLite file. CryptoFailure when the
    /// sealed password does not open with this master key.
    [[nodiscard]] Result<QString> databaseUrl(const crypto::SecretBox& box) const;
    /// The stored URL without any password, for display; empty = the default SQLite file.
    [[nodiscard]] QString databaseUrlWithoutPassword() const;

    /// "" = follow the system, "zh_CN", "en".
    [[nodiscard]] QString language() const;
    void setLanguage(const QString& language);

    /// Shown on receipts.
    [[nodiscard]] QString merchantName() const;
    void setMerchantName(const QString& name);

    /// HOST:PORT of the in-process notification server in standalone mode; empty = none.
    [[nodiscard]] QString notifyListen() const;
    void setNotifyListen(const QString& listen);

    /// Refunds above this amount (fen) need a manager's approval. Default 50000 (¥500.00).

    [[nodiscard]] bool firstRunDone() const;
    void setFirstRunDone(bool done);

    /// Writes pending changes to disk.
    void sync();

    [[nodiscard]] static QString modeName(Mode mode);

Q_SIGNALS:
    void changed(paydesk::ui::ConsoleSettings::Key key);

private:
    void adoptGeneralGroup();
    [[nodiscard]] QVariant value(Key key) const;
    void setValue(Key key, const QVariant& value);

    std::unique_ptr<QSettings> m_settings;
};

} // namespace paydesk::ui
