// Node: gRPC over HTTP/2 (cleartext prior knowledge for http:// URLs, TLS for https://) to the
// gRPC port, through Connect's Node transport.
import type { Transport } from "@connectrpc/connect";
import { createGrpcTransport } from "@connectrpc/connect-node";
import { commonTransportOptions, createRealNameClients, type RealNameClients, type RealNameTransportOptions } from "./client.js";

export * from "./index.js";

/** A gRPC transport to the server's gRPC port. */
export function createNodeTransport(options: RealNameTransportOptions): Transport {
  return createGrpcTransport(commonTransportOptions(options));
}

/** Both services' clients over gRPC to the server's gRPC port. */
export function createNodeClients(options: RealNameTransportOptions): RealNameClients {
  return createRealNameClients(createNodeTransport(options));
}
