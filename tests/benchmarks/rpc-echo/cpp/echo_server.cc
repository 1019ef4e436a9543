// The reference: grpc's C++ server serving bench.v1.EchoService on h2c, with the callback API,
// which grpc recommends for new servers and for throughput (no thread per call, no hand-driven
// completion queue). Everything else is the library's default: its own callback threads, no
// channel arguments. Built by run.sh with g++ -O2 against Debian's libgrpc++.
// Usage: echo_server PORT
#include <cstdio>
#include <memory>
#include <string>

#include <grpcpp/grpcpp.h>

#include "bench/v1/echo.grpc.pb.h"

namespace {

class EchoService final : public bench::v1::EchoService::CallbackService {
  grpc::ServerUnaryReactor* Echo(grpc::CallbackServerContext* context,
                                 const bench::v1::EchoRequest* request,
                                 bench::v1::EchoResponse* response) override {
    response->set_text(request->text());
    response->set_payload(request->payload());
    auto* reactor = context->DefaultReactor();
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: echo_server PORT\n");
    return 2;
  }
  const std::string address = std::string("127.0.0.1:") + argv[1];
  EchoService service;
  grpc::ServerBuilder builder;
  builder.AddListeningPort(address, grpc::InsecureServerCredentials());
  builder.RegisterService(&service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (!server) {
    std::fprintf(stderr, "echo_server: cannot listen on %s\n", address.c_str());
    return 1;
  }
  server->Wait();
  return 0;
}
