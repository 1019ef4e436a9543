// The runtime-neutral part: the generated contract, the clients on any transport and the
// rich-error decoding. Transports: "@realname-api/client/node" and "@realname-api/client/web".
export * from "./client.js";
export * from "./errors.js";
export { Code, ConnectError } from "@connectrpc/connect";
export * from "./gen/realname/v1/remediation_service_pb.js";
export * from "./gen/realname/v1/verification_status_service_pb.js";
export * from "./gen/realname/v1/diagnosis_pb.js";
export * from "./gen/realname/v1/document_pb.js";
export * from "./gen/realname/v1/catalog_pb.js";
export * from "./gen/google/rpc/status_pb.js";
export * from "./gen/google/rpc/error_details_pb.js";
export * from "./gen/google/type/date_pb.js";
