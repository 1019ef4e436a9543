// The richer error model (google.rpc.Status in grpc-status-details-bin) as plain objects.
// Connect already parses the trailer into ConnectError.details; this only picks the detail
// types the service sends and flattens them, so callers need no protobuf knowledge.
import { anyUnpack } from "@bufbuild/protobuf/wkt";
import type { DescMessage, MessageShape } from "@bufbuild/protobuf";
import { createRegistry } from "@bufbuild/protobuf";
import { Code, ConnectError } from "@connectrpc/connect";
import {
  BadRequestSchema,
  ErrorInfoSchema,
  LocalizedMessageSchema,
  RetryInfoSchema,
} from "./gen/google/rpc/error_details_pb.js";
import type { Status } from "./gen/google/rpc/status_pb.js";

/** One bad field of a request (google.rpc.BadRequest.FieldViolation). */
export interface RichFieldViolation {
  /** The field path, for example `platform` or `document.number`. */
  field: string;
  /** What is wrong with it, in English. */
  description: string;
  /** A machine-readable reason, when the server gives one. */
  reason: string;
}

/** google.rpc.ErrorInfo. */
export interface RichErrorInfo {
  /** A stable, machine-readable reason, for example `FIELD_INVALID`. */
  reason: string;
  /** The domain of the reason: `realname.v1`. */
  domain: string;
  metadata: Record<string, string>;
}

/** google.rpc.LocalizedMessage: the error in the caller's locale, safe to show to a user. */
export interface RichLocalizedMessage {
  locale: string;
  message: string;
}

/** google.rpc.RetryInfo: how long to wait before retrying the same call. */
export interface RichRetryInfo {
  retryDelayMs: number;
}

/** A failed call's status with its details decoded. */
export interface RichError {
  /** The status code, as Connect numbers them (the gRPC numbers). */
  code: Code;
  /** The code's name in gRPC's spelling, for example `INVALID_ARGUMENT`. */
  codeName: string;
  /** The status message, in English, meant for developers. */
  message: string;
  /** BadRequest field violations; empty when there are none. */
  fieldViolations: RichFieldViolation[];
  errorInfo?: RichErrorInfo;
  localizedMessage?: RichLocalizedMessage;
  retryInfo?: RichRetryInfo;
}

const detailTypes = createRegistry(BadRequestSchema, ErrorInfoSchema, LocalizedMessageSchema, RetryInfoSchema);

/** gRPC's spelling of a code (`Code.InvalidArgument` -> `INVALID_ARGUMENT`). */
export function codeName(code: Code): string {
  return (Code[code] ?? "UNKNOWN").replace(/([a-z])([A-Z])/g, "$1_$2").toUpperCase();
}

/**
 * Decodes a failed call into a RichError. Accepts anything a call can throw: a ConnectError,
 * or any other error (then code UNKNOWN and no details, as ConnectError.from would make).
 */
export function richError(error: unknown): RichError {
  const connectError = ConnectError.from(error);
  const first = <D extends DescMessage>(schema: D): MessageShape<D> | undefined =>
    connectError.findDetails(schema)[0];
  return build(connectError.code, connectError.rawMessage, first);
}

/**
 * Decodes a google.rpc.Status carried inside a response, such as the error of one item of a
 * BatchDiagnose, into the same shape.
 */
export function richStatus(status: Status): RichError {
  const first = <D extends DescMessage>(schema: D): MessageShape<D> | undefined => {
    for (const any of status.details) {
      const unpacked = anyUnpack(any, detailTypes);
      if (unpacked && unpacked.$typeName === schema.typeName) {
        return unpacked as MessageShape<D>;
      }
    }
    return undefined;
  };
  return build(status.code as Code, status.message, first);
}

type FirstDetail = <D extends DescMessage>(schema: D) => MessageShape<D> | undefined;

function build(code: Code, message: string, first: FirstDetail): RichError {
  const result: RichError = {
    code,
    codeName: codeName(code),
    message,
    fieldViolations: (first(BadRequestSchema)?.fieldViolations ?? []).map((v) => ({
      field: v.field,
      description: v.description,
      reason: v.reason,
    })),
  };
  const info = first(ErrorInfoSchema);
  if (info) {
    result.errorInfo = { reason: info.reason, domain: info.domain, metadata: { ...info.metadata } };
  }
  const localized = first(LocalizedMessageSchema);
  if (localized) {
    result.localizedMessage = { locale: localized.locale, message: localized.message };
  }
  const retry = first(RetryInfoSchema);
  if (retry?.retryDelay) {
    result.retryInfo = {
      retryDelayMs: Number(retry.retryDelay.seconds) * 1000 + Math.round(retry.retryDelay.nanos / 1e6),
    };
  }
  return result;
}
