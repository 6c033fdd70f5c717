// The process ends while its thread holds config_lock. argv[1]:
//   return        main returns from main holding it (reported)
//   exit          a function calls exit(3) holding it (reported; the status stays 3)
//   abort         abort() while holding it (reported; the program still dies of SIGABRT)
//   segv          a null-pointer store while holding it (reported; it still dies of SIGSEGV)
//   robust        main returns holding a robust mutex, which may outlive its owner (correct)
//   correct       main unlocks before returning (correct)
//   dispositions  prints what sigaction says about SIGSEGV and SIGABRT, which it never changed
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static pthread_mutex_t config_lock = PTHREAD_MUTEX_INITIALIZER;

static void save_config_and_quit(void) {
    pthread_mutex_lock(&config_lock);
    exit(3);
}

static void print_disposition(int sig, const char *name) {
    struct sigaction current;
    sigaction(sig, NULL, &current);
    int mask_empty = 1;
    for (int other = 1; other < NSIG; ++other)
        if (sigismember(&current.sa_mask, other) == 1) mask_empty = 0;
    printf("%s: %s, flags %#x, mask %s\n", name, current.sa_handler == SIG_DFL ? "SIG_DFL" : "changed",
           (unsigned)current.sa_flags, mask_empty ? "empty" : "not empty");
}

int main(int argc, char **argv) {
    const char *scenario = argc > 1 ? argv[1] : "return";
    setvbuf(stdout, NULL, _IONBF, 0);
    if (!strcmp(scenario, "dispositions")) {
        print_disposition(SIGSEGV, "SIGSEGV");
        print_disposition(SIGABRT, "SIGABRT");
        return 0;
    }
    if (!strcmp(scenario, "exit")) save_config_and_quit();
    if (!strcmp(scenario, "robust")) {
        pthread_mutexattr_t robust;
        pthread_mutexattr_init(&robust);
        pthread_mutexattr_setrobust(&robust, PTHREAD_MUTEX_ROBUST);
        pthread_mutex_init(&config_lock, &robust);
    }
    pthread_mutex_lock(&config_lock);
    if (!strcmp(scenario, "abort")) abort();
    if (!strcmp(scenario, "segv")) *(volatile int *)0 = 1;
    if (!strcmp(scenario, "correct")) pthread_mutex_unlock(&config_lock);
    printf("process_exit_held: %s done\n", scenario);
    return 0;
}
