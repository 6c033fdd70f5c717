// The program executes itself again and again, one child at a time, in turn with execl, execlp and
// execle (which passes its environment plus one variable: the child checks it arrived); every
// child takes two locks in both orders and so makes a report. argv[1]: how many children
// ("child": be one).
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

#include "lock_patterns.h"

static pthread_mutex_t child_lock_a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t child_lock_b = PTHREAD_MUTEX_INITIALIZER;

int main(int argc, char **argv) {
    if (argc > 1 && !strcmp(argv[1], "child")) {
        if (argc > 2 && !strcmp(argv[2], "env") && !getenv("EXEC_MANY_ENVIRONMENT")) return 3;
        take_in_both_orders(&child_lock_a, &child_lock_b);
        return 0;
    }
    size_t variables = 0;
    while (environ[variables]) ++variables;
    char **environment = calloc(variables + 2, sizeof *environment);
    if (!environment) return 1;
    memcpy(environment, environ, variables * sizeof *environment);
    environment[variables] = "EXEC_MANY_ENVIRONMENT=1";
    int children = argc > 1 ? atoi(argv[1]) : 100;
    int failed = 0;
    for (int i = 0; i < children; ++i) {
        pid_t child = fork();
        if (child == 0) {
            if (i % 3 == 0) execl(argv[0], argv[0], "child", (char *)NULL);
            if (i % 3 == 1) execlp(argv[0], argv[0], "child", (char *)NULL);
            if (i % 3 == 2) execle(argv[0], argv[0], "child", "env", (char *)NULL, environment);
            _exit(126);
        }
        int status = 0;
        waitpid(child, &status, 0);
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) ++failed;
    }
    printf("exec_many: %d children, %d failed\n", children, failed);
    return 0;
}
