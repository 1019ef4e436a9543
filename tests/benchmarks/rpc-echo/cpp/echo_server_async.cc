// A second reference: grpc's C++ async API the way grpc's own benchmark servers drive it, one
// completion queue per CPU the process may run on, each drained by one thread, with calls posted
// ahead so an incoming call never waits for one. Pinned to one CPU that is one queue and one
// thread, so no call changes thread, where the callback server runs grpc's own thread count on
// that CPU. Which of the two is faster varies from run to run here, so the target is checked
// against the faster. Built by run.sh with g++ -O2.
// Usage: echo_server_async PORT
#include <sched.h>

#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "bench/v1/echo.grpc.pb.h"

namespace {

using bench::v1::EchoService;

// Calls posted to each queue ahead of arrivals: as many as h2load keeps in flight and more.
constexpr int kPostedCalls = 256;

// One call: posted, then answered, then deleted when the answer has gone.
class EchoCall {
 public:
  EchoCall(EchoService::AsyncService* service, grpc::ServerCompletionQueue* queue)
      : service_(service), queue_(queue), responder_(&context_) {
    service_->RequestEcho(&context_, &request_, &responder_, queue_, queue_, this);
  }

  void Proceed(bool ok) {
    if (answered_ || !ok) {  // the answer has gone, or the server is shutting down
      delete this;
      return;
    }
    new EchoCall(service_, queue_);  // keep the number of posted calls constant
    response_.set_text(request_.text());
    response_.set_payload(request_.payload());
    answered_ = true;
    responder_.Finish(response_, grpc::Status::OK, this);
  }

 private:
  EchoService::AsyncService* service_;
  grpc::ServerCompletionQueue* queue_;
  grpc::ServerContext context_;
  bench::v1::EchoRequest request_;
  bench::v1::EchoResponse response_;
  grpc::ServerAsyncResponseWriter<bench::v1::EchoResponse> responder_;
  bool answered_ = false;
};

// The CPUs this process may run on (taskset), not the machine's.
int AllowedCpus() {
  cpu_set_t set;
  return sched_getaffinity(0, sizeof(set), &set) == 0 ? CPU_COUNT(&set) : 1;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: echo_server_async PORT\n");
    return 2;
  }
  const std::string address = std::string("127.0.0.1:") + argv[1];
  EchoService::AsyncService service;
  grpc::ServerBuilder builder;
  builder.AddListeningPort(address, grpc::InsecureServerCredentials());
  builder.RegisterService(&service);
  std::vector<std::unique_ptr<grpc::ServerCompletionQueue>> queues;
  for (int i = 0; i < AllowedCpus(); i++) {
    queues.push_back(builder.AddCompletionQueue());
  }
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (!server) {
    std::fprintf(stderr, "echo_server_async: cannot listen on %s\n", address.c_str());
    return 1;
  }
  std::vector<std::thread> threads;
  for (auto& queue : queues) {
    threads.emplace_back([&service, queue = queue.get()] {
      for (int i = 0; i < kPostedCalls; i++) {
        new EchoCall(&service, queue);
      }
      void* tag;
      bool ok;
      while (queue->Next(&tag, &ok)) {
        static_cast<EchoCall*>(tag)->Proceed(ok);
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  return 0;
}
