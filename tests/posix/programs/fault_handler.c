// Handlers of synchronous faults, which run only where the faulting instruction is — never in
// the middle of an unrelated critical section (a JVM's implicit null checks, a garbage
// collector's write barrier on a protected page). argv[1]:
//   segv        a SIGSEGV handler takes fault_log_lock and makes the page writable; main takes
//               fault_log_lock with every signal deliverable (correct: no report)
//   trap        the same with a SIGTRAP handler and an int3 (x86-64) / brk (AArch64)
//   segv-held   main faults while holding fault_log_lock (an error-checking mutex), so the handler
//               asks for the lock its own thread holds: self-deadlock, reported
//   async       a SIGSEGV sent with raise(): an interrupt like any other signal, which can arrive
//               while main holds fault_log_lock (inconsistent lock state, reported)
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static pthread_mutex_t fault_log_lock;
static char *page;
static volatile int faults;

static void on_fault(int sig, siginfo_t *info, void *context) {
    (void)sig, (void)info, (void)context;
    if (pthread_mutex_lock(&fault_log_lock) == 0) {  // EDEADLK when this thread holds it
        ++faults;
        pthread_mutex_unlock(&fault_log_lock);
    }
    if (page) mprotect(page, 4096, PROT_READ | PROT_WRITE);
}

static void install(int sig) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = on_fault;
    action.sa_flags = SA_SIGINFO;
    sigemptyset(&action.sa_mask);
    sigaction(sig, &action, NULL);
}

static void touch_protected_page(void) {
    page = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    page[0] = 1;  // faults once; the handler makes the page writable and the store is retried
}

static void trap(void) {
#if defined(__x86_64__)
    __asm__ volatile("int3");
#elif defined(__aarch64__)
    // brk stops at itself; a handler would have to step over it. Use a protected page instead.
    touch_protected_page();
#endif
}

static void log_normally(void) {
    pthread_mutex_lock(&fault_log_lock);
    pthread_mutex_unlock(&fault_log_lock);
}

int main(int argc, char **argv) {
    const char *scenario = argc > 1 ? argv[1] : "segv";
    pthread_mutexattr_t errorcheck;
    pthread_mutexattr_init(&errorcheck);
    pthread_mutexattr_settype(&errorcheck, PTHREAD_MUTEX_ERRORCHECK);
    pthread_mutex_init(&fault_log_lock, &errorcheck);
    if (!strcmp(scenario, "segv")) {
        install(SIGSEGV);
        log_normally();
        touch_protected_page();
        log_normally();
    } else if (!strcmp(scenario, "trap")) {
        install(SIGTRAP);
        install(SIGSEGV);
        log_normally();
        trap();
        log_normally();
    } else if (!strcmp(scenario, "segv-held")) {
        install(SIGSEGV);
        pthread_mutex_lock(&fault_log_lock);
        touch_protected_page();
        pthread_mutex_unlock(&fault_log_lock);
    } else if (!strcmp(scenario, "async")) {
        install(SIGSEGV);
        log_normally();
        raise(SIGSEGV);
    }
    printf("fault_handler: %s done, %d fault(s) handled\n", scenario, faults);
    return 0;
}
