#include "core/util/Result.h"

#include <QMetaEnum>

namespace paydesk {

QString errorCodeName(ErrorCode code)
{
    switch (code) {
#define PD_CASE(x)                                                                                                     \
    case ErrorCode::x:                                                                                                 \
        return QStringLiteral(#x);
        PD_CASE(InvalidArgument)
        PD_CASE(InvalidAmount)
        PD_CASE(RefundExceedsBalance)
        PD_CASE(ReasonRequired)
        PD_CASE(CurrencyMismatch)
        PD_CASE(Overflow)
        PD_CASE(MalformedInput)
        PD_CASE(BodyTooLarge)
        PD_CASE(NotFound)
        PD_CASE(AlreadyExists)
        PD_CASE(IdempotencyConflict)
        PD_CASE(IllegalTransition)
        PD_CASE(ConcurrentModification)
        PD_CASE(DbUnavailable)
        PD_CASE(DbError)
        PD_CASE(DbConstraint)
        PD_CASE(MigrationFailed)
        PD_CASE(PermissionDenied)
        PD_CASE(AuthenticationFailed)
        PD_CASE(ApprovalRequired)
        PD_CASE(CryptoFailure)
        PD_CASE(KeyInvalid)
        PD_CASE(SignatureInvalid)
        PD_CASE(ResponseSignatureInvalid)
        PD_CASE(UnknownSerial)
        PD_CASE(TimestampStale)
        PD_CASE(DecryptFailed)
        PD_CASE(MerchantMismatch)
        PD_CASE(AmountMismatch)
        PD_CASE(OrderPaid)
        PD_CASE(OrderClosed)
        PD_CASE(OrderNotExist)
        PD_CASE(NotEnoughBalance)
        PD_CASE(RateLimited)
        PD_CASE(ChannelSystemError)
        PD_CASE(ChannelRejected)
        PD_CASE(NetworkTimeout)
        PD_CASE(NetworkError)
        PD_CASE(BillHashMismatch)
        PD_CASE(Internal)
#undef PD_CASE
    }
    return QStringLiteral("Unknown");
}

bool isRetryable(ErrorCode code)
{
    switch (code) {
    case ErrorCode::NetworkTimeout:
    case ErrorCode::NetworkError:
    case ErrorCode::ChannelSystemError:
    case ErrorCode::RateLimited:
    case ErrorCode::DbUnavailable:
    case ErrorCode::ConcurrentModification:
        return true;
    default:
        return false;
    }
}

} // namespace paydesk
