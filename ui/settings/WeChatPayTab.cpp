#include "ui/settings/WeChatPayTab.h"

#include <QDateTime>
#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

#include "core/crypto/Rsa.h"
#include "core/store/ChannelConfigStore.h"
#include "ui/common/DialogService.h"
#include "ui/common/ErrorText.h"
#include "ui/settings/KeyFiles.h"
#include "ui/settings/SettingsWidgets.h"

using namespace Qt::StringLiterals;

namespace paydesk::ui {

namespace {
const QString kDefaultBaseUrl = u"https://api.mch.weixin.qq.com"_s;
constexpr int kPemRole = Qt::UserRole + 1; // a certificate added here and not saved yet
} // namespace

WeChatPayTab::WeChatPayTab(ChannelEditing channels, const Actor& actor, DialogService& dialogs, QWidget* parent)
    : QWidget(parent)
    , m_channels(std::move(channels))
    , m_actor(actor)
    , m_dialogs(dialogs)
    , m_trainingNote(trainingNoteLabel(u"wechatTrainingLabel"_s, this))
    , m_form(new QWidget(this))
    , m_mchid(lineEdit(u"wechatMchidEdit"_s, m_form))
    , m_appid(lineEdit(u"wechatAppidEdit"_s, m_form))
    , m_merchantSerial(lineEdit(u"merchantSerialEdit"_s, m_form))
    , m_importCert(button(u"importMerchantCertButton"_s, m_form))
    , m_merchantKey(valueLabel(u"merchantKeyLabel"_s, m_form))
    , m_importKey(button(u"importMerchantKeyButton"_s, m_form))
    , m_apiV3Key(valueLabel(u"apiV3KeyLabel"_s, m_form))
    , m_importApiV3(button(u"importApiV3KeyButton"_s, m_form))
    , m_platformCerts(new QListWidget(m_form))
    , m_addCert(button(u"addPlatformCertButton"_s, m_form))
    , m_removeCert(button(u"removePlatformCertButton"_s, m_form))
    , m_publicKeyId(lineEdit(u"publicKeyIdEdit"_s, m_form))
    , m_publicKey(valueLabel(u"publicKeyLabel"_s, m_form))
    , m_importPublicKey(button(u"importPublicKeyButton"_s, m_form))
    , m_baseUrl(lineEdit(u"wechatBaseUrlEdit"_s, m_form))
    , m_notifyUrl(lineEdit(u"wechatNotifyUrlEdit"_s, m_form))
    , m_save(button(u"saveWeChatButton"_s, this))
    , m_status(statusLabel(u"wechatStatusLabel"_s, this))
{
    setObjectName(u"wechatTab"_s);
    m_platformCerts->setObjectName(u"platformCertList"_s);
    m_platformCerts->setMaximumHeight(72);
    m_publicKeyId->setPlaceholderText(u"PUB_KEY_ID_…"_s);
    m_notifyUrl->setPlaceholderText(u"https://pay.example.com/notify/wechatpay"_s);
    for (QLabel*& label : m_rowLabels)
        label = new QLabel(m_form);

    auto* form = new QFormLayout(m_form);
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(m_rowLabels[Mchid], m_mchid);
    form->addRow(m_rowLabels[Appid], m_appid);
    form->addRow(m_rowLabels[MerchantSerial], withButton(m_merchantSerial, m_importCert));
    form->addRow(m_rowLabels[MerchantKey], withButton(m_merchantKey, m_importKey));
    form->addRow(m_rowLabels[ApiV3Key], withButton(m_apiV3Key, m_importApiV3));
    auto* certButtons = new QVBoxLayout;
    certButtons->addWidget(m_addCert);
    certButtons->addWidget(m_removeCert);
    certButtons->addStretch();
    auto* certs = new QHBoxLayout;
    certs->addWidget(m_platformCerts, 1);
    certs->addLayout(certButtons);
    form->addRow(m_rowLabels[PlatformCerts], certs);
    form->addRow(m_rowLabels[PublicKeyId], m_publicKeyId);
    form->addRow(m_rowLabels[PublicKey], withButton(m_publicKey, m_importPublicKey));
    form->addRow(m_rowLabels[BaseUrl], m_baseUrl);
    form->addRow(m_rowLabels[NotifyUrl], m_notifyUrl);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_trainingNote);
    layout->addWidget(m_form);
    layout->addStretch();
    layout->addLayout(saveRow(m_status, m_save));

    connect(m_importCert, &QPushButton::clicked, this, &WeChatPayTab::importMerchantCertificate);
    connect(m_importKey, &QPushButton::clicked, this, &WeChatPayTab::importMerchantKey);
    connect(m_importApiV3, &QPushButton::clicked, this, &WeChatPayTab::importApiV3Key);
    connect(m_addCert, &QPushButton::clicked, this, &WeChatPayTab::addPlatformCertificate);
    connect(m_removeCert, &QPushButton::clicked, this, [this] {
        delete m_platformCerts->currentItem();
    });
    connect(m_importPublicKey, &QPushButton::clicked, this, &WeChatPayTab::importPublicKey);
    connect(m_save, &QPushButton::clicked, this, &WeChatPayTab::save);

    const bool training = m_channels.training;
    m_trainingNote->setVisible(training);
    if (training)
        makeReadOnly(m_form, m_save);
    retranslateUi();
    load();
}

WeChatPayTab::~WeChatPayTab() = default;

void WeChatPayTab::load()
{
    m_newMerchantKey.clear();
    m_newApiV3Key.clear();
    m_newPublicKeyPem.clear();
    m_platformCerts->clear();
    auto described = m_channels.store.describe(ChannelKind::WeChatPay);
    m_configured = bool(described);
    if (!described && described.error().code != ErrorCode::NotFound)
        showError(described.error());
    const QJsonObject d = described.value_or(QJsonObject());
    m_mchid->setText(d.value(u"merchant_id"_s).toString());
    m_appid->setText(d.value(u"app_id"_s).toString());
    m_merchantSerial->setText(d.value(u"merchant_serial"_s).toString());
    m_baseUrl->setText(m_configured ? d.value(u"base_url"_s).toString() : kDefaultBaseUrl);
    m_notifyUrl->setText(d.value(u"notify_url"_s).toString());
    m_publicKeyId->setText(d.value(u"public_key_id"_s).toString());
    m_savedKeyFingerprint = d.value(u"merchant_key_fingerprint"_s).toString();
    m_savedPublicKeyFingerprint = d.value(u"public_key_fingerprint"_s).toString();
    for (const QJsonValue& serial : d.value(u"platform_certificates"_s).toArray()) {
        auto* item = new QListWidgetItem(serial.toString(), m_platformCerts);
        item->setData(Qt::UserRole, serial.toString());
    }
    updateKeyLabels();
}

void WeChatPayTab::updateKeyLabels()
{
    if (!m_newMerchantKey.isEmpty()) {
        auto key = crypto::RsaPrivateKey::fromPem(m_newMerchantKey.bytes());
        showKeyState(m_merchantKey, tr("New, not saved yet (%1)"), publicKeyFingerprint(key->publicKeyPem()));
    } else if (m_configured) {
        showKeyState(m_merchantKey, tr("Set (%1)"), m_savedKeyFingerprint);
    } else {
        showKeyState(m_merchantKey, tr("Not set"), QString());
    }
    if (!m_newApiV3Key.isEmpty())
        m_apiV3Key->setText(tr("New, not saved yet"));
    else
        m_apiV3Key->setText(m_configured ? tr("Set") : tr("Not set"));
    if (!m_newPublicKeyPem.isEmpty())
        showKeyState(m_publicKey, tr("New, not saved yet (%1)"), publicKeyFingerprint(m_newPublicKeyPem));
    else if (!m_savedPublicKeyFingerprint.isEmpty())
        showKeyState(m_publicKey, tr("Set (%1)"), m_savedPublicKeyFingerprint);
    else
        showKeyState(m_publicKey, tr("Not used"), QString());
}

void WeChatPayTab::importMerchantCertificate()
{
    auto pem = chooseAndReadKeyFile(m_dialogs,
        this,
        tr("Merchant API certificate (apiclient_cert.pem)"),
        tr("Certificates (*.pem *.crt);;All files (*)"));
    if (!pem || pem->isEmpty())
        return pem ? void() : showError(pem.error());
    auto info = crypto::readCertificate(*pem);
    if (!info)
        return showError(info.error());
    m_merchantSerial->setText(info->serialHex);
}

void WeChatPayTab::importMerchantKey()
{
    auto pem = chooseAndReadKeyFile(
        m_dialogs, this, tr("Merchant private key (apiclient_key.pem)"), tr("Keys (*.pem *.key);;All files (*)"));
    if (!pem || pem->isEmpty())
        return pem ? void() : showError(pem.error());
    crypto::SecureBytes bytes(std::move(*pem));
    if (!crypto::RsaPrivateKey::fromPem(bytes.bytes()))
        return showError(Error { ErrorCode::KeyInvalid, u"not an RSA private key"_s });
    m_newMerchantKey = std::move(bytes);
    updateKeyLabels();
}

void WeChatPayTab::importApiV3Key()
{
    auto file = chooseAndReadKeyFile(m_dialogs, this, tr("APIv3 key file"), tr("Text files (*.txt);;All files (*)"));
    if (!file || file->isEmpty())
        return file ? void() : showError(file.error());
    crypto::SecureBytes bytes(std::move(*file));
    // Editors add a line break at the end of a saved file; it is not part of the key.
    QByteArray key = bytes.bytes().trimmed();
    crypto::SecureBytes trimmed(std::move(key));
    if (trimmed.size() != 32)
        return showError(
            Error { ErrorCode::KeyInvalid, u"the APIv3 key must be exactly 32 bytes (got %1)"_s.arg(trimmed.size()) });
    m_newApiV3Key = std::move(trimmed);
    updateKeyLabels();
}

void WeChatPayTab::addPlatformCertificate()
{
    auto pem = chooseAndReadKeyFile(
        m_dialogs, this, tr("WeChat Pay platform certificate"), tr("Certificates (*.pem *.crt);;All files (*)"));
    if (!pem || pem->isEmpty())
        return pem ? void() : showError(pem.error());
    auto info = crypto::readCertificate(*pem);
    if (!info)
        return showError(info.error());
    for (int i = 0; i < m_platformCerts->count(); ++i) {
        if (m_platformCerts->item(i)->data(Qt::UserRole).toString().compare(info->serialHex, Qt::CaseInsensitive) == 0)
            delete m_platformCerts->takeItem(i--); // the same serial again replaces the old copy
    }
    const QString until = QDateTime::fromSecsSinceEpoch(info->notAfterSecs).toString(u"yyyy-MM-dd"_s);
    auto* item = new QListWidgetItem(tr("%1 (valid until %2)").arg(info->serialHex, until), m_platformCerts);
    item->setData(Qt::UserRole, info->serialHex);
    item->setData(kPemRole, *pem);
}

void WeChatPayTab::importPublicKey()
{
    auto pem = chooseAndReadPublicKey(
        m_dialogs, this, tr("WeChat Pay public key (pub_key.pem)"), tr("Keys (*.pem);;All files (*)"));
    if (!pem || pem->isEmpty())
        return pem ? void() : showError(pem.error());
    m_newPublicKeyPem = *pem;
    updateKeyLabels();
}

void WeChatPayTab::save()
{
    WeChatPaySettings s;
    if (m_configured) {
        // The stored secrets are opened only now, to be sealed again with whatever changed.
        auto stored = m_channels.store.loadWeChatPay();
        if (!stored)
            return showError(stored.error());
        s = std::move(*stored);
    }
    s.mchid = m_mchid->text().trimmed();
    s.appid = m_appid->text().trimmed();
    s.merchantSerial = m_merchantSerial->text().trimmed();
    s.baseUrl = m_baseUrl->text().trimmed();
    s.notifyUrl = m_notifyUrl->text().trimmed();
    if (!m_newMerchantKey.isEmpty())
        s.merchantPrivateKeyPem = m_newMerchantKey.bytes();
    if (!m_newApiV3Key.isEmpty())
        s.apiV3Key = m_newApiV3Key.bytes();
    QMap<QString, QByteArray> certs;
    for (int i = 0; i < m_platformCerts->count(); ++i) {
        const QString serial = m_platformCerts->item(i)->data(Qt::UserRole).toString();
        const QByteArray added = m_platformCerts->item(i)->data(kPemRole).toByteArray();
        certs.insert(serial, added.isEmpty() ? s.platformCertificatePems.value(serial) : added);
    }
    s.platformCertificatePems = certs;
    s.publicKeyId = m_publicKeyId->text().trimmed();
    if (!m_newPublicKeyPem.isEmpty())
        s.publicKeyPem = m_newPublicKeyPem;
    if (s.publicKeyId.isEmpty())
        s.publicKeyPem.clear(); // no id: public key mode is off
    const Status status = m_channels.store.saveWeChatPay(s, m_actor);
    // Wipe this copy of the secrets now rather than whenever the allocator reuses the memory.
    crypto::SecureBytes(std::move(s.merchantPrivateKeyPem)).clear();
    crypto::SecureBytes(std::move(s.apiV3Key)).clear();
    if (!status)
        return showError(status.error());
    load();
    if (auto reloaded = m_channels.reload(); !reloaded)
        return showError(reloaded.error());
    showStatus(tr("Saved. Payments now use these settings."), true);
    Q_EMIT saved();
}

void WeChatPayTab::showError(const Error& error)
{
    const QString text = errorWithDetail(error);
    showStatus(text, false);
    m_dialogs.error(this, text);
}

void WeChatPayTab::showStatus(const QString& text, bool ok)
{
    setStatus(m_status, text, ok);
}

void WeChatPayTab::retranslateUi()
{
    m_trainingNote->setText(tr("Training mode: WeChat Pay is the built-in simulator. Nothing here can be changed."));
    m_rowLabels[Mchid]->setText(tr("Merchant ID (mchid):"));
    m_rowLabels[Appid]->setText(tr("AppID:"));
    m_rowLabels[MerchantSerial]->setText(tr("API certificate serial:"));
    m_rowLabels[MerchantKey]->setText(tr("API private key:"));
    m_rowLabels[ApiV3Key]->setText(tr("APIv3 key:"));
    m_rowLabels[PlatformCerts]->setText(tr("Platform certificates:"));
    m_rowLabels[PublicKeyId]->setText(tr("WeChat Pay public key ID:"));
    m_rowLabels[PublicKey]->setText(tr("WeChat Pay public key:"));
    m_rowLabels[BaseUrl]->setText(tr("API address:"));
    m_rowLabels[NotifyUrl]->setText(tr("Notify URL:"));
    m_importCert->setText(tr("From certificate…"));
    m_importKey->setText(tr("Import…"));
    m_importApiV3->setText(tr("Import…"));
    m_addCert->setText(tr("Add…"));
    m_removeCert->setText(tr("Remove"));
    m_importPublicKey->setText(tr("Import…"));
    m_save->setText(tr("Save WeChat Pay"));
    updateKeyLabels();
}

void WeChatPayTab::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

} // namespace paydesk::ui
