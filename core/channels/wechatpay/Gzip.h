#pragma once

#include <QByteArray>

#include "core/util/Result.h"

namespace paydesk::wechatpay {

/// Inflates a gzip stream (the tar_type=GZIP bill). MalformedInput for a corrupt or truncated stream,
/// BodyTooLarge when the output would exceed maxOutput.
[[nodiscard]] Result<QByteArray> gunzip(const QByteArray& compressed, qsizetype maxOutput = 256LL * 1024 * 1024);
/// Compresses to gzip (tests and the simulator).
[[nodiscard]] Result<QByteArray> gzip(const QByteArray& data);

} // namespace paydesk::wechatpay
