#pragma once

#include <QByteArray>
#include <QString>

#include "core/util/Result.h"

class QLabel;
class QWidget;

namespace paydesk::ui {

class DialogService;

/// Reads a small file the admin chose (keys, certificates). Empty bytes with no error when the choice was
/// cancelled. Anything over 64 KiB is refused: no key or certificate file is that large.
[[nodiscard]] Result<QByteArray> chooseAndReadKeyFile(
    DialogService& dialogs, QWidget* parent, const QString& title, const QString& filter);

/// chooseAndReadKeyFile() for a channel's RSA public key: trimmed, and refused (KeyInvalid) unless it parses.
/// Empty bytes with no error when the choice was cancelled.
[[nodiscard]] Result<QByteArray> chooseAndReadPublicKey(
    DialogService& dialogs, QWidget* parent, const QString& title, const QString& filter);

/// "SHA256:<hex>" of a public key PEM, in the same form ChannelConfigStore::describe() reports.
[[nodiscard]] QString publicKeyFingerprint(const QByteArray& publicKeyPem);
/// "SHA256:" and the first 16 hex digits: enough to tell keys apart, short enough for one line. The label's
/// tooltip carries the whole fingerprint.
[[nodiscard]] QString shortFingerprint(const QString& fingerprint);
/// Sets `label` to `text` with `%1` as the short fingerprint, and the full fingerprint as its tooltip.
void showKeyState(QLabel* label, const QString& text, const QString& fingerprint);

} // namespace paydesk::ui
