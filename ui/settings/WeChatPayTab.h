#pragma once

#include <array>

#include <QWidget>

#include "core/crypto/SecureBytes.h"
#include "core/domain/AccessControl.h"
#include "core/util/Result.h"
#include "ui/settings/ChannelEditing.h"

class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;

namespace paydesk::ui {

class DialogService;

/// WeChat Pay: ids, the merchant key and APIv3 key imported from files (kept in memory only until Save, then
/// shown only as set with a fingerprint), platform certificates and the WeChat Pay public key for verifying
/// responses, the URLs. Read-only in training mode, where the channel is the built-in simulator.
class WeChatPayTab final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(WeChatPayTab)
public:
    WeChatPayTab(ChannelEditing channels, const Actor& actor, DialogService& dialogs, QWidget* parent = nullptr);
    ~WeChatPayTab() override;

    /// Shows what is stored now (without secrets) and forgets keys imported but not saved.
    void load();

Q_SIGNALS:
    /// Saved and the channels reloaded.
    void saved();

protected:
    void changeEvent(QEvent* event) override;

private:
    enum Row
    {
        Mchid,
        Appid,
        MerchantSerial,
        MerchantKey,
        ApiV3Key,
        PlatformCerts,
        PublicKeyId,
        PublicKey,
        BaseUrl,
        NotifyUrl,
        RowCount
    };
    void retranslateUi();
    void updateKeyLabels();
    void importMerchantCertificate();
    void importMerchantKey();
    void importApiV3Key();
    void addPlatformCertificate();
    void importPublicKey();
    void save();
    void showError(const Error& error);
    void showStatus(const QString& text, bool ok);

    ChannelEditing m_channels;
    Actor m_actor;
    DialogService& m_dialogs;
    bool m_configured = false;
    QString m_savedKeyFingerprint;
    QString m_savedPublicKeyFingerprint;
    crypto::SecureBytes m_newMerchantKey;
    crypto::SecureBytes m_newApiV3Key;
    QByteArray m_newPublicKeyPem;

    QLabel* m_trainingNote;
    QWidget* m_form;
    std::array<QLabel*, RowCount> m_rowLabels {};
    QLineEdit* m_mchid;
    QLineEdit* m_appid;
    QLineEdit* m_merchantSerial;
    QPushButton* m_importCert;
    QLabel* m_merchantKey;
    QPushButton* m_importKey;
    QLabel* m_apiV3Key;
    QPushButton* m_importApiV3;
    QListWidget* m_platformCerts;
    QPushButton* m_addCert;
    QPushButton* m_removeCert;
    QLineEdit* m_publicKeyId;
    QLabel* m_publicKey;
    QPushButton* m_importPublicKey;
    QLineEdit* m_baseUrl;
    QLineEdit* m_notifyUrl;
    QPushButton* m_save;
    QLabel* m_status;
};

} // namespace paydesk::ui
