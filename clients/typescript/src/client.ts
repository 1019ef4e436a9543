// Clients of both services on any Connect transport, and the options every transport of this
// package shares. The transports themselves live in node.ts and web.ts so that a browser bundle
// never pulls in Node's http2.
import { createClient, type Client, type Interceptor, type Transport } from "@connectrpc/connect";
import { RemediationService } from "./gen/realname/v1/remediation_service_pb.js";
import { VerificationStatusService } from "./gen/realname/v1/verification_status_service_pb.js";

/** The deadline of a call that sets none itself, in milliseconds. */
export const DEFAULT_TIMEOUT_MS = 10_000;

/** Options of the transports of this package. */
export interface RealNameTransportOptions {
  /** The server's base URL: the gRPC port (`http://127.0.0.1:5001`) or, for gRPC-Web, the HTTP port. */
  baseUrl: string;
  /**
   * An API key, sent on every call as `authorization: Bearer <key>`. Omit it for a server
   * without keys.
   */
  apiKey?: string;
  /**
   * The deadline of every call that passes no `timeoutMs` of its own; DEFAULT_TIMEOUT_MS when
   * omitted. A call passes `{ timeoutMs: 0 }` to run without a deadline (a long watch).
   */
  defaultTimeoutMs?: number;
  /** Further interceptors, run after the API-key one. */
  interceptors?: Interceptor[];
}

/** Both services' clients on one transport. */
export interface RealNameClients {
  remediation: Client<typeof RemediationService>;
  status: Client<typeof VerificationStatusService>;
}

/** Creates the clients of both services on a transport. */
export function createRealNameClients(transport: Transport): RealNameClients {
  return {
    remediation: createClient(RemediationService, transport),
    status: createClient(VerificationStatusService, transport),
  };
}

/** An interceptor that sends the API key as a bearer token. */
export function apiKeyInterceptor(apiKey: string): Interceptor {
  if (!apiKey || /[\r\n]/.test(apiKey)) {
    throw new TypeError("apiKey must be a non-empty string without line breaks");
  }
  const value = `Bearer ${apiKey}`;
  return (next) => (request) => {
    request.header.set("authorization", value);
    return next(request);
  };
}

/** The interceptors and deadline shared by the transports, from the options. */
export function commonTransportOptions(options: RealNameTransportOptions): {
  baseUrl: string;
  defaultTimeoutMs: number;
  interceptors: Interceptor[];
} {
  return {
    baseUrl: options.baseUrl,
    defaultTimeoutMs: options.defaultTimeoutMs ?? DEFAULT_TIMEOUT_MS,
    interceptors: [
      ...(options.apiKey !== undefined ? [apiKeyInterceptor(options.apiKey)] : []),
      ...(options.interceptors ?? []),
    ],
  };
}
