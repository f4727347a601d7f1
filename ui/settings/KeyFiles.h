#pragma once

#include <QByteArray>
#include <QString>

#include "core/util/Result.h"

class QWidget;

namespace paydesk::ui {

class DialogService;

/// Reads a small file the admin chose (keys, certificates). Empty bytes with no error when the choice was
/// cancelled. Anything over 64 KiB is refused: no key or certificate file is that large.
[[nodiscard]] Result<QByteArray> chooseAndReadKeyFile(
    DialogService& dialogs, QWidget* parent, const QString& title, const QString& filter);

/// "SHA256:<hex>" of a public key PEM, in the same form ChannelConfigStore::describe() reports.
[[nodiscard]] QString publicKeyFingerprint(const QByteArray& publicKeyPem);

} // namespace paydesk::ui
