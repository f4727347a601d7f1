#include "ui/settings/KeyFiles.h"

#include <QFile>
#include <QLabel>

#include "core/crypto/Hash.h"
#include "core/crypto/Rsa.h"
#include "ui/common/DialogService.h"

using namespace Qt::StringLiterals;

namespace paydesk::ui {

Result<QByteArray> chooseAndReadKeyFile(
    DialogService& dialogs, QWidget* parent, const QString& title, const QString& filter)
{
    const QString path = dialogs.openFileName(parent, title, filter);
    if (path.isEmpty())
        return QByteArray();
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(ErrorCode::NotFound, u"cannot read the chosen file"_s);
    constexpr qint64 kMaxSize = 64 * 1024;
    if (file.size() > kMaxSize)
        return fail(ErrorCode::KeyInvalid, u"the chosen file is too large for a key"_s);
    QByteArray bytes = file.readAll();
    if (bytes.isEmpty())
        return fail(ErrorCode::KeyInvalid, u"the chosen file is empty"_s);
    return bytes;
}

QString publicKeyFingerprint(const QByteArray& publicKeyPem)
{
    return u"SHA256:"_s + QString::fromLatin1(crypto::sha256(publicKeyPem).toHex());
}

QString shortFingerprint(const QString& fingerprint)
{
    constexpr qsizetype kShown = 7 + 16; // "SHA256:" + 16 hex digits
    return fingerprint.size() > kShown ? fingerprint.left(kShown) + u"…"_s : fingerprint;
}

void showKeyState(QLabel* label, const QString& text, const QString& fingerprint)
{
    label->setText(fingerprint.isEmpty() ? text : text.arg(shortFingerprint(fingerprint)));
    label->setToolTip(fingerprint);
}

Result<QByteArray> chooseAndReadPublicKey(
    DialogService& dialogs, QWidget* parent, const QString& title, const QString& filter)
{
    auto pem = chooseAndReadKeyFile(dialogs, parent, title, filter);
    if (!pem || pem->isEmpty())
        return pem;
    const QByteArray trimmed = pem->trimmed();
    if (!crypto::RsaPublicKey::fromPem(trimmed))
        return fail(ErrorCode::KeyInvalid, QStringLiteral("not an RSA public key"));
    return trimmed;
}

} // namespace paydesk::ui
