// The ABBA cycle in C++: std::mutex through std::lock_guard, in member functions.
#include <cstdio>
#include <mutex>
#include <thread>

namespace bank {

std::mutex accounts_mutex;
std::mutex audit_mutex;

struct Ledger {
    void post() {
        std::lock_guard<std::mutex> accounts(accounts_mutex);
        std::lock_guard<std::mutex> audit(audit_mutex);
    }
    void audit() {
        std::lock_guard<std::mutex> audit(audit_mutex);
        std::lock_guard<std::mutex> accounts(accounts_mutex);
    }
};

}  // namespace bank

int main() {
    bank::Ledger ledger;
    std::thread poster([&] { ledger.post(); });
    poster.join();
    std::thread auditor([&] { ledger.audit(); });
    auditor.join();
    std::puts("cxx_abba: done");
    return 0;
}
