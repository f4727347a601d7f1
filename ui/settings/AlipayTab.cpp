#include "ui/settings/AlipayTab.h"

#include <QEvent>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include "core/crypto/Rsa.h"
#include "core/store/ChannelConfigStore.h"
#include "ui/common/DialogService.h"
#include "ui/settings/KeyFiles.h"
#include "ui/settings/SettingsWidgets.h"

using namespace Qt::StringLiterals;

namespace paydesk::ui {

namespace {
const QString kDefaultGateway = u"https://openapi.alipay.com/gateway.do"_s;
}

AlipayTab::AlipayTab(ChannelEditing channels, const Actor& actor, DialogService& dialogs, QWidget* parent)
    : QWidget(parent)
    , m_channels(std::move(channels))
    , m_actor(actor)
    , m_dialogs(dialogs)
    , m_trainingNote(trainingNoteLabel(u"alipayTrainingLabel"_s, this))
    , m_form(new QWidget(this))
    , m_appId(lineEdit(u"alipayAppIdEdit"_s, m_form))
    , m_sellerId(lineEdit(u"alipaySellerIdEdit"_s, m_form))
    , m_appKey(valueLabel(u"appKeyLabel"_s, m_form))
    , m_importAppKey(button(u"importAppKeyButton"_s, m_form))
    , m_alipayPublicKey(valueLabel(u"alipayPublicKeyLabel"_s, m_form))
    , m_importPublicKey(button(u"importAlipayPublicKeyButton"_s, m_form))
    , m_gatewayUrl(lineEdit(u"alipayGatewayUrlEdit"_s, m_form))
    , m_notifyUrl(lineEdit(u"alipayNotifyUrlEdit"_s, m_form))
    , m_save(button(u"saveAlipayButton"_s, this))
    , m_status(statusLabel(u"alipayStatusLabel"_s, this))
{
    setObjectName(u"alipayTab"_s);
    m_sellerId->setPlaceholderText(u"2088…"_s);
    m_notifyUrl->setPlaceholderText(u"https://pay.example.com/notify/alipay"_s);
    for (QLabel*& label : m_rowLabels)
        label = new QLabel(m_form);
    auto* form = new QFormLayout(m_form);
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(m_rowLabels[AppId], m_appId);
    form->addRow(m_rowLabels[SellerId], m_sellerId);
    form->addRow(m_rowLabels[AppKey], withButton(m_appKey, m_importAppKey));
    form->addRow(m_rowLabels[AlipayPublicKey], withButton(m_alipayPublicKey, m_importPublicKey));
    form->addRow(m_rowLabels[GatewayUrl], m_gatewayUrl);
    form->addRow(m_rowLabels[NotifyUrl], m_notifyUrl);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_trainingNote);
    layout->addWidget(m_form);
    layout->addStretch();
    layout->addLayout(saveRow(m_status, m_save));

    connect(m_importAppKey, &QPushButton::clicked, this, &AlipayTab::importAppKey);
    connect(m_importPublicKey, &QPushButton::clicked, this, &AlipayTab::importAlipayPublicKey);
    connect(m_save, &QPushButton::clicked, this, &AlipayTab::save);

    const bool training = m_channels.training;
    m_trainingNote->setVisible(training);
    if (training)
        makeReadOnly(m_form, m_save);
    retranslateUi();
    load();
}

AlipayTab::~AlipayTab() = default;

void AlipayTab::load()
{
    m_newAppKey.clear();
    m_newPublicKeyPem.clear();
    auto described = m_channels.store.describe(ChannelKind::Alipay);
    m_configured = bool(described);
    if (!described && described.error().code != ErrorCode::NotFound)
        showError(described.error());
    const QJsonObject d = described.value_or(QJsonObject());
    m_appId->setText(d.value(u"app_id"_s).toString());
    m_sellerId->setText(d.value(u"merchant_id"_s).toString());
    m_gatewayUrl->setText(m_configured ? d.value(u"base_url"_s).toString() : kDefaultGateway);
    m_notifyUrl->setText(d.value(u"notify_url"_s).toString());
    m_savedKeyFingerprint = d.value(u"app_key_fingerprint"_s).toString();
    m_savedPublicKeyFingerprint = d.value(u"alipay_public_key_fingerprint"_s).toString();
    updateKeyLabels();
}

void AlipayTab::updateKeyLabels()
{
    if (!m_newAppKey.isEmpty()) {
        auto key = crypto::RsaPrivateKey::fromPem(m_newAppKey.bytes().trimmed());
        showKeyState(m_appKey, tr("New, not saved yet (%1)"), publicKeyFingerprint(key->publicKeyPem()));
    } else if (m_configured) {
        showKeyState(m_appKey, tr("Set (%1)"), m_savedKeyFingerprint);
    } else {
        showKeyState(m_appKey, tr("Not set"), QString());
    }
    if (!m_newPublicKeyPem.isEmpty())
        showKeyState(m_alipayPublicKey, tr("New, not saved yet (%1)"), publicKeyFingerprint(m_newPublicKeyPem));
    else if (m_configured)
        showKeyState(m_alipayPublicKey, tr("Set (%1)"), m_savedPublicKeyFingerprint);
    else
        showKeyState(m_alipayPublicKey, tr("Not set"), QString());
}

void AlipayTab::importAppKey()
{
    auto pem = chooseAndReadKeyFile(
        m_dialogs, this, tr("Application private key"), tr("Keys (*.pem *.txt *.key);;All files (*)"));
    if (!pem || pem->isEmpty())
        return pem ? void() : showError(pem.error());
    crypto::SecureBytes bytes(std::move(*pem));
    // Alipay's key tool also writes the bare base64 form; fromPem reads both.
    if (!crypto::RsaPrivateKey::fromPem(bytes.bytes().trimmed()))
        return showError(Error { ErrorCode::KeyInvalid, u"not an RSA private key"_s });
    m_newAppKey = std::move(bytes);
    updateKeyLabels();
}

void AlipayTab::importAlipayPublicKey()
{
    auto pem =
        chooseAndReadPublicKey(m_dialogs, this, tr("Alipay public key"), tr("Keys (*.pem *.txt);;All files (*)"));
    if (!pem || pem->isEmpty())
        return pem ? void() : showError(pem.error());
    m_newPublicKeyPem = *pem;
    updateKeyLabels();
}

void AlipayTab::save()
{
    AlipaySettings s;
    if (m_configured) {
        // The stored key is opened only now, to be sealed again with whatever changed.
        auto stored = m_channels.store.loadAlipay();
        if (!stored)
            return showError(stored.error());
        s = std::move(*stored);
    }
    s.appId = m_appId->text().trimmed();
    s.sellerId = m_sellerId->text().trimmed();
    s.gatewayUrl = m_gatewayUrl->text().trimmed();
    s.notifyUrl = m_notifyUrl->text().trimmed();
    if (!m_newAppKey.isEmpty())
        s.appPrivateKeyPem = m_newAppKey.bytes().trimmed();
    if (!m_newPublicKeyPem.isEmpty())
        s.alipayPublicKeyPem = m_newPublicKeyPem;
    const Status status = m_channels.store.saveAlipay(s, m_actor);
    crypto::SecureBytes(std::move(s.appPrivateKeyPem)).clear();
    if (!status)
        return showError(status.error());
    load();
    if (auto reloaded = m_channels.reload(); !reloaded)
        return showError(reloaded.error());
    setStatus(m_status, tr("Saved. Payments now use these settings."), true);
    Q_EMIT saved();
}

void AlipayTab::showError(const Error& error)
{
    const QString text = errorWithDetail(error);
    setStatus(m_status, text, false);
    m_dialogs.error(this, text);
}

void AlipayTab::retranslateUi()
{
    m_trainingNote->setText(tr("Training mode: Alipay is the built-in simulator. Nothing here can be changed."));
    m_rowLabels[AppId]->setText(tr("App ID:"));
    m_rowLabels[SellerId]->setText(tr("Seller ID (PID):"));
    m_rowLabels[AppKey]->setText(tr("App private key:"));
    m_rowLabels[AlipayPublicKey]->setText(tr("Alipay public key:"));
    m_rowLabels[GatewayUrl]->setText(tr("Gateway:"));
    m_rowLabels[NotifyUrl]->setText(tr("Notify URL:"));
    m_importAppKey->setText(tr("Import…"));
    m_importPublicKey->setText(tr("Import…"));
    m_save->setText(tr("Save Alipay"));
    updateKeyLabels();
}

void AlipayTab::changeEvent(QEvent* event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

} // namespace paydesk::ui
