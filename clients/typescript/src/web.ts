// Browsers (and any runtime with fetch): gRPC-Web to the server's HTTP/1.1 port. The page's
// origin must be in the server's Server:AllowedOrigins unless the page is served by it.
import type { Transport } from "@connectrpc/connect";
import { createGrpcWebTransport } from "@connectrpc/connect-web";
import { commonTransportOptions, createRealNameClients, type RealNameClients, type RealNameTransportOptions } from "./client.js";

export * from "./index.js";

/** A gRPC-Web transport (binary format) to the server's HTTP port. */
export function createWebTransport(options: RealNameTransportOptions): Transport {
  return createGrpcWebTransport({ ...commonTransportOptions(options), useBinaryFormat: true });
}

/** Both services' clients over gRPC-Web to the server's HTTP port. */
export function createWebClients(options: RealNameTransportOptions): RealNameClients {
  return createRealNameClients(createWebTransport(options));
}
