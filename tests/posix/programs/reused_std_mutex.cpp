// C++ std::mutex members in heap objects: libstdc++ never calls pthread_mutex_destroy, so the
// only sign that a mutex is gone is that its memory is freed. argv[1]:
//   reuse   an Account's mutex is taken before ledger_mutex; the Account is deleted and a new one,
//           at the same address, takes its mutex after ledger_mutex (correct: two unrelated locks)
//   same    one Account's mutex taken in both orders against ledger_mutex (reported)
#include <cstdio>
#include <cstring>
#include <mutex>

namespace bank {

std::mutex ledger_mutex;

struct Account {
    std::mutex mutex;
    long balance = 0;
};

void account_then_ledger(Account &account) {
    std::lock_guard<std::mutex> hold_account(account.mutex);
    std::lock_guard<std::mutex> hold_ledger(ledger_mutex);
    ++account.balance;
}

void ledger_then_account(Account &account) {
    std::lock_guard<std::mutex> hold_ledger(ledger_mutex);
    std::lock_guard<std::mutex> hold_account(account.mutex);
    --account.balance;
}

}  // namespace bank

int main(int argc, char **argv) {
    const char *scenario = argc > 1 ? argv[1] : "reuse";
    if (!std::strcmp(scenario, "reuse")) {
        auto *first = new bank::Account;
        bank::account_then_ledger(*first);
        void *first_address = first;
        delete first;
        auto *second = new bank::Account;
        bank::ledger_then_account(*second);
        if (static_cast<void *>(second) != first_address)
            std::puts("reused_std_mutex: the allocator did not reuse the address");
        delete second;
    } else {
        auto *only = new bank::Account;
        bank::account_then_ledger(*only);
        bank::ledger_then_account(*only);
        delete only;
    }
    std::printf("reused_std_mutex: %s done\n", scenario);
    return 0;
}
