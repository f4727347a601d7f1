#include "ui/settings/KeyFiles.h"

#include <QFile>

#include "core/crypto/Hash.h"
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

} // namespace paydesk::ui
