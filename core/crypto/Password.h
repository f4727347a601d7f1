#pragma once

#include <QString>

#include "core/util/Result.h"

namespace paydesk::crypto {

/// PBKDF2-HMAC-SHA256, salted per password. Stored form: "pbkdf2-sha256$<iterations>$<salt b64>$<hash b64>".
inline constexpr int kPasswordIterations = 600000;

[[nodiscard]] Result<QString> hashPassword(const QString& password, int iterations = kPasswordIterations);
/// Constant-time check against a stored hash; false for a malformed stored value.
[[nodiscard]] bool verifyPassword(const QString& password, const QString& stored);

} // namespace paydesk::crypto
