#include "ui/login/BackgroundAuth.h"

#include <algorithm>

#include <QtConcurrent/QtConcurrentRun>

namespace paydesk::ui {

namespace {

bool looksLikePin(const QString& secret)
{
    return secret.size() >= 4 && secret.size() <= 8 && std::all_of(secret.begin(), secret.end(), [](QChar c) {
        return c >= u'0' && c <= u'9';
    });
}

} // namespace

QFuture<Result<User>> authenticateInBackground(
    const UserRepository& users, const QString& username, const QString& secret, Secret kind)
{
    // Database opens one connection per thread on first use, so running on a pool thread needs nothing more.
    return QtConcurrent::run([&users, username, secret, kind]() -> Result<User> {
        switch (kind) {
        case Secret::Password:
            return users.authenticate(username, secret);
        case Secret::Pin:
            return users.authenticatePin(username, secret);
        case Secret::PasswordOrPin:
            if (looksLikePin(secret)) {
                if (auto user = users.authenticatePin(username, secret))
                    return user;
            }
            return users.authenticate(username, secret);
        }
        return users.authenticate(username, secret);
    });
}

} // namespace paydesk::ui
