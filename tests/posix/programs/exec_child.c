// Runs another program and reports how it ended. argv[1] says how to start it, argv[2] is the
// program (the rest are its arguments):
//   execv        fork + execv
//   execvp       fork + execvp (a name looked up in PATH)
//   spawn        posix_spawn
//   no-preload   fork + execve with an environment that has no LD_PRELOAD
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: exec_child execv|execvp|spawn|no-preload PROGRAM [ARGS...]\n");
        return 2;
    }
    const char *how = argv[1];
    char **child_argv = argv + 2;
    pid_t child;
    if (!strcmp(how, "spawn")) {
        if (posix_spawn(&child, child_argv[0], NULL, NULL, child_argv, environ) != 0) return 126;
    } else {
        child = fork();
        if (child == 0) {
            if (!strcmp(how, "execvp")) {
                execvp(child_argv[0], child_argv);
            } else if (!strcmp(how, "no-preload")) {
                char *clean[] = {"PATH=/usr/bin:/bin", NULL};
                execve(child_argv[0], child_argv, clean);
            } else {
                execv(child_argv[0], child_argv);
            }
            _exit(127);
        }
    }
    int status = 0;
    waitpid(child, &status, 0);
    printf("exec_child: exited %d\n", WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));
    return 0;
}
