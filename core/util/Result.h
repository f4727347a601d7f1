#pragma once

#include <tl/expected.hpp>

#include <QString>

namespace paydesk {

/// Every failure the core can report. Services decide what to retry by code, the UI maps codes to text.
enum class ErrorCode
{
    // input
    InvalidArgument,
    InvalidAmount,
    RefundExceedsBalance, // the amount is more than what is left to refund (paid - refunded - reserved)
    ReasonRequired, // a refund without a reason code
    CurrencyMismatch,
    Overflow,
    MalformedInput,
    BodyTooLarge,
    // state and storage
    NotFound,
    AlreadyExists,
    IdempotencyConflict,
    IllegalTransition,
    ConcurrentModification,
    DbUnavailable,
    DbError,
    DbConstraint,
    MigrationFailed,
    // access
    PermissionDenied,
    AuthenticationFailed,
    ApprovalRequired,
    // crypto
    CryptoFailure,
    KeyInvalid,
    // channel protocol
    SignatureInvalid, // a request or notification whose signature does not verify
    ResponseSignatureInvalid, // a channel response whose signature does not verify
    UnknownSerial,
    TimestampStale,
    DecryptFailed,
    MerchantMismatch,
    AmountMismatch,
    OrderPaid,
    OrderClosed,
    OrderNotExist,
    NotEnoughBalance,
    RateLimited,
    ChannelSystemError,
    ChannelRejected, // a business refusal not covered above (PARAM_ERROR, ACQ.* ...)
    NetworkTimeout,
    NetworkError,
    BillHashMismatch,
    Internal,
};

/// What went wrong. `detail` is English developer text; it never contains secrets.
struct Error
{
    ErrorCode code = ErrorCode::Internal;
    QString detail;
    /// For a call to a payment channel: true only when the call certainly took no effect there, because it was
    /// refused before anything was sent, or because the channel answered with an explicit refusal whose signature
    /// was verified. Every other failure of a channel call (timeout, 5xx, an answer we could not verify or parse) is
    /// unknown: the call may have happened, so nothing may be released or marked failed before a query says so.
    bool definite = false;
};

template <typename T>
using Result = tl::expected<T, Error>;

/// For operations that return nothing on success.
using Status = tl::expected<void, Error>;

[[nodiscard]] inline tl::unexpected<Error> fail(ErrorCode code, QString detail = {})
{
    return tl::unexpected<Error>(Error { code, std::move(detail) });
}

/// A channel call that certainly took no effect (see Error::definite).
[[nodiscard]] inline tl::unexpected<Error> refusal(ErrorCode code, QString detail = {})
{
    return tl::unexpected<Error>(Error { code, std::move(detail), true });
}

/// Stable English name of a code ("SignatureInvalid"), for logs, JSON and stored verdicts.
QString errorCodeName(ErrorCode code);

/// True for failures a caller may retry with the same request (network trouble, channel 5xx, rate limits).
bool isRetryable(ErrorCode code);

} // namespace paydesk
