#pragma once

#include <array>

#include <QWidget>

#include "core/crypto/SecureBytes.h"
#include "core/domain/AccessControl.h"
#include "core/util/Result.h"
#include "ui/settings/ChannelEditing.h"

class QLabel;
class QLineEdit;
class QPushButton;

namespace paydesk::ui {

class DialogService;

/// Alipay: app id, seller id, the application's private key (imported from a file, kept in memory only until
/// Save, then shown only as set with a fingerprint), Alipay's public key, the gateway and notify URLs.
/// Read-only in training mode.
class AlipayTab final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AlipayTab)
public:
    AlipayTab(ChannelEditing channels, const Actor& actor, DialogService& dialogs, QWidget* parent = nullptr);
    ~AlipayTab() override;

    void load();

Q_SIGNALS:
    void saved();

protected:
    void changeEvent(QEvent* event) override;

private:
    enum Row
    {
        AppId,
        SellerId,
        AppKey,
        AlipayPublicKey,
        GatewayUrl,
        NotifyUrl,
        RowCount
    };
    void retranslateUi();
    void updateKeyLabels();
    void importAppKey();
    void importAlipayPublicKey();
    void save();
    void showError(const Error& error);

    ChannelEditing m_channels;
    Actor m_actor;
    DialogService& m_dialogs;
    bool m_configured = false;
    QString m_savedKeyFingerprint;
    QString m_savedPublicKeyFingerprint;
    crypto::SecureBytes m_newAppKey;
    QByteArray m_newPublicKeyPem;

    QLabel* m_trainingNote;
    QWidget* m_form;
    std::array<QLabel*, RowCount> m_rowLabels {};
    QLineEdit* m_appId;
    QLineEdit* m_sellerId;
    QLabel* m_appKey;
    QPushButton* m_importAppKey;
    QLabel* m_alipayPublicKey;
    QPushButton* m_importPublicKey;
    QLineEdit* m_gatewayUrl;
    QLineEdit* m_notifyUrl;
    QPushButton* m_save;
    QLabel* m_status;
};

} // namespace paydesk::ui
