#include "ui/common/ErrorText.h"

#include <QCoreApplication>

namespace paydesk::ui {

namespace {
QString t(const char* text)
{
    return QCoreApplication::translate("paydesk::ui::ErrorText", text);
}
} // namespace

QString userMessage(ErrorCode code)
{
    switch (code) {
    case ErrorCode::InvalidArgument:
        return t(QT_TRANSLATE_NOOP("paydesk::ui::ErrorText", "Some of the information entered is not valid."));
    case ErrorCode::InvalidAmount:
        return t(QT_TRANSLATE_NOOP(
            "paydesk::ui::ErrorText", "The amount is not valid. Enter yuan with at most two decimals, e.g. 12.34."));
    case ErrorCode::RefundExceedsBalance:
        return t(QT_TRANSLATE_NOOP("paydesk::ui::ErrorText", "The amount is more than what is left to refund."));
    case ErrorCode::ReasonRequired:
        return t(QT_TRANSLATE_NOOP("paydesk::ui::ErrorText", "Choose a reason for the refund."));
    case ErrorCode::CurrencyMismatch:
        return t(QT_TRANSLATE_NOOP("paydesk::ui::ErrorText", "The amounts are in different currencies."));
    case ErrorCode::Overflow:
        return t(QT_TRANSLATE_NOOP("paydesk::ui::ErrorText", "The amount is too large."));
    case ErrorCode::MalformedInput:
        return t(QT_TRANSLATE_NOOP("paydesk::ui::ErrorText", "A message could not be read: it is malformed."));
    case ErrorCode::BodyTooLarge:
        return t(QT_TRANSLATE_NOOP("paydesk::ui::ErrorText", "A message was too large and was refused."));
    case ErrorCode::NotFound:
        return t(QT_TRANSLATE_NOOP("paydesk::ui::ErrorText", "The record was not found."));
    case ErrorCode::AlreadyExists:
        return t(QT_TRANSLATE_NOOP("paydesk::ui::ErrorText", "A record with this name already exists."));
    case ErrorCode::IdempotencyConflict:
        return t(QT_TRANSLATE_NOOP("paydesk::ui::ErrorText", "This request was already made with different details."));
    case ErrorCode::IllegalTransition:
        return t(
            QT_TRANSLATE_NOOP("paydesk::ui::ErrorText", "This action is not possible in the record's current state."));
    case ErrorCode::ConcurrentModification:
        return t(
            QT_TRANSLATE_NOOP("paydesk::ui::ErrorText", "The record was changed meanwhile. Refresh and try again."));
    case ErrorCode::DbUnavailable:
        return t(QT_TRANSLATE_NOOP("paydesk::ui::ErrorText", "The database cannot be reached. Check the connection."));
    case ErrorCode::DbError:
        return t(QT_TRANSLATE_NOOP("paydesk::ui::ErrorText", "The database reported an error."));
    case ErrorCode::DbConstraint:
        return t(
            QT_TRANSLATE_NOOP("paydesk::ui::ErrorText", "The database refused a change that would break its rules."));
    case ErrorCode::MigrationFailed:
        return t(QT_TRANSLATE_NOOP("paydesk::ui::ErrorText", "The database could not be prepared (migration failed)."));
    case ErrorCode::PermissionDenied:
        return t(QT_TRANSLATE_NOOP("paydesk::ui::ErrorText", "Your role does not allow this action."));
    case ErrorCode::AuthenticationFailed:
        return t(QT_TRANSLATE_NOOP("paydesk::ui::ErrorText", "Wrong user name or password."));
    case ErrorCode::ApprovalRequired:
        return t(QT_TRANSLATE_NOOP("paydesk::ui::ErrorText", "This needs the approval of a second person."));
    case ErrorCode::CryptoFailure:
        return t(QT_TRANSLATE_NOOP("paydesk::ui::ErrorText", "A cryptographic operation failed."));
    case ErrorCode::KeyInvalid:
        return t(QT_TRANSLATE_NOOP("paydesk::ui::ErrorText", "A key or certificate is not valid."));
    case ErrorCode::SignatureInvalid:
        return t(QT_TRANSLATE_NOOP("paydesk::ui::ErrorText", "A signature did not verify. Check the merchant keys."));
    case ErrorCode::ResponseSignatureInvalid:
        return t(QT_TRANSLATE_NOOP(
            "paydesk::ui::ErrorText", "The payment channel's answer was not correctly signed and was ignored."));
    case ErrorCode::UnknownSerial:
        return t(QT_TRANSLATE_NOOP(
            "paydesk::ui::ErrorText", "A message was signed with an unknown certificate or public key."));
    case ErrorCode::TimestampStale:
        return t(QT_TRANSLATE_NOOP(
            "paydesk::ui::ErrorText", "A message was too old or from the future. Check the computer's clock."));
    case ErrorCode::DecryptFailed:
        return t(QT_TRANSLATE_NOOP("paydesk::ui::ErrorText", "A message could not be decrypted. Check the API key."));
    case ErrorCode::MerchantMismatch:
        return t(
            QT_TRANSLATE_NOOP("paydesk::ui::ErrorText", "The message belongs to another merchant and was refused."));
    case ErrorCode::AmountMismatch:
        return t(QT_TRANSLATE_NOOP("paydesk::ui::ErrorText", "The amount does not match the order and was refused."));
    case ErrorCode::OrderPaid:
        return t(QT_TRANSLATE_NOOP("paydesk::ui::ErrorText", "The order has already been paid."));
    case ErrorCode::OrderClosed:
        return t(QT_TRANSLATE_NOOP("paydesk::ui::ErrorText", "The order has been closed."));
    case ErrorCode::OrderNotExist:
        return t(QT_TRANSLATE_NOOP("paydesk::ui::ErrorText", "The payment channel does not know this order."));
    case ErrorCode::NotEnoughBalance:
        return t(
            QT_TRANSLATE_NOOP("paydesk::ui::ErrorText", "The merchant account balance is not enough for this refund."));
    case ErrorCode::RateLimited:
        return t(
            QT_TRANSLATE_NOOP("paydesk::ui::ErrorText", "The payment channel asks to slow down. Try again shortly."));
    case ErrorCode::ChannelSystemError:
        return t(
            QT_TRANSLATE_NOOP("paydesk::ui::ErrorText", "The payment channel had a system error. It will be retried."));
    case ErrorCode::ChannelRejected:
        return t(QT_TRANSLATE_NOOP("paydesk::ui::ErrorText", "The payment channel refused the request."));
    case ErrorCode::NetworkTimeout:
        return t(QT_TRANSLATE_NOOP(
            "paydesk::ui::ErrorText", "The payment channel did not answer in time. The result will be checked again."));
    case ErrorCode::NetworkError:
        return t(QT_TRANSLATE_NOOP("paydesk::ui::ErrorText", "The network is not available."));
    case ErrorCode::BillHashMismatch:
        return t(QT_TRANSLATE_NOOP("paydesk::ui::ErrorText", "The downloaded bill is damaged (checksum mismatch)."));
    case ErrorCode::Internal:
        break;
    }
    return t(QT_TRANSLATE_NOOP("paydesk::ui::ErrorText", "An unexpected error occurred."));
}

QString userMessage(const Error& error)
{
    return userMessage(error.code);
}

} // namespace paydesk::ui
