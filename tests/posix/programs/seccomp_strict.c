// The program enters seccomp strict mode — from then on any system call but read, write, _exit
// and sigreturn kills it — and then takes two locks in both orders. heisen must report the cycle
// without a system call of its own, and the program must go on to print and exit normally.
#include <linux/seccomp.h>
#include <pthread.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "lock_patterns.h"

static pthread_mutex_t first = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t second = PTHREAD_MUTEX_INITIALIZER;

int main(void) {
    if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_STRICT) != 0) return 3;
    take_in_both_orders(&first, &second);
    static const char done[] = "seccomp_strict: done\n";
    write(1, done, strlen(done));
    syscall(SYS_exit, 0);  // exit_group is not allowed in strict mode
    return 0;
}
